"""The fields (besides ``name``) a caller may give a trace, an observation or a score (typed keyword arguments),
and their conversion to the body the server reads: only fields it stores, in camelCase."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from agenttrace_client._data import jsonable, time_value

if TYPE_CHECKING:
    from agenttrace_client.prompts import Prompt

Level = Literal["DEBUG", "DEFAULT", "WARNING", "ERROR"]


class TraceFields(TypedDict, total=False):
    user_id: str | None
    session_id: str | None
    release: str | None
    version: str | None
    environment: str | None
    input: Any | None
    output: Any | None
    metadata: dict[str, Any] | None
    tags: list[str] | None
    public: bool | None
    bookmarked: bool | None
    level: Level | None
    status_message: str | None
    git_commit_sha: str | None
    git_branch: str | None
    git_repo_url: str | None
    timestamp: datetime | str | None


class ObservationFields(TypedDict, total=False):
    start_time: datetime | str | None
    end_time: datetime | str | None
    completion_start_time: datetime | str | None
    level: Level | None
    status_message: str | None
    version: str | None
    environment: str | None
    input: Any | None
    output: Any | None
    metadata: dict[str, Any] | None
    model: str | None
    model_parameters: dict[str, Any] | None
    usage: dict[str, Any] | None
    usage_details: dict[str, int] | None
    cost_details: dict[str, float] | None
    prompt: Prompt | None


_TIMES = {"timestamp", "start_time", "end_time", "completion_start_time"}
_VALUES = {
    "input",
    "output",
    "metadata",
    "model_parameters",
    "usage",
    "usage_details",
    "cost_details",
}
_CAMEL = {
    name: name.split("_")[0] + "".join(part.title() for part in name.split("_")[1:])
    for name in ("name", *TraceFields.__annotations__, *ObservationFields.__annotations__)
}


def body_of(fields: Mapping[str, Any]) -> dict[str, Any]:
    """camelCase body of the given fields; None (unset) left out; values copied to JSON."""
    body: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None:
            continue
        if name == "prompt":
            if not value.is_fallback:  # a fallback has no version on the server to link to
                body["promptName"] = value.name
                body["promptVersion"] = value.version
            continue
        camel = _CAMEL.get(name)
        if camel is None:
            raise TypeError(f"unknown field {name!r}")
        if name in _TIMES:
            value = time_value(value)
        elif name in _VALUES:
            value = jsonable(value)
        body[camel] = value
    return body
