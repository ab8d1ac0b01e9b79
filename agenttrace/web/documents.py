"""Computed documents (a timeline, a replay, a diff) in the spelling every face answers:
snake_case keys as camelCase, times as ISO UTC. Both faces render them the same way;
maps of the caller's own names (score names, env vars…) keep their keys as they are."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from agenttrace.core.time import iso

DATA_MAPS = frozenset({"scores", "events_by_type", "env_vars", "metadata"})


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def document_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, Mapping):
        return {
            camel(str(key)): item if key in DATA_MAPS else document_json(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [document_json(item) for item in value]
    return value
