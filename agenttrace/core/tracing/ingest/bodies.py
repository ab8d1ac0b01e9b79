"""Request bodies for traces, observations and scores, shared by every write path
(``/v1``, Langfuse ingestion, legacy Langfuse writers), and their conversion to row writes.

Bodies are lenient where clients differ and strict where data would be lost: unknown keys
are ignored, null means absent, camelCase and snake_case are both accepted, any case of an
enum is; but a wrong type, a bad time or a negative token count is an error naming the field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationError,
)
from pydantic.alias_generators import to_camel

from agenttrace.core.errors import Invalid
from agenttrace.core.time import as_utc
from agenttrace.core.tracing.vocabulary import (
    MAX_ID_LENGTH,
    level,
    normalize_environment,
    observation_type,
)

Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_LENGTH)]
Level = Annotated[str, BeforeValidator(level)]
ObservationType = Annotated[str, BeforeValidator(observation_type)]
Timestamp = Annotated[datetime, AfterValidator(as_utc)]
Environment = Annotated[str, AfterValidator(normalize_environment)]


class Body(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        coerce_numbers_to_str=True,
    )


B = TypeVar("B", bound=Body)


class TraceBody(Body):
    id: Id | None = None
    timestamp: Timestamp | None = None
    start_time: Timestamp | None = None
    end_time: Timestamp | None = None
    name: str | None = None
    user_id: str | None = None
    session_id: str | None = None
    release: str | None = None
    version: str | None = None
    environment: Environment | None = None
    input: Any = None
    output: Any = None
    metadata: Any = None
    tags: list[str] | None = None
    public: bool | None = None
    bookmarked: bool | None = None
    level: Level | None = None
    status_message: str | None = None
    git_commit_sha: str | None = None
    git_branch: str | None = None
    git_repo_url: str | None = None


class ObservationBody(Body):
    id: Id | None = None
    trace_id: Id | None = None
    parent_observation_id: Id | None = None
    type: ObservationType | None = None
    name: str | None = None
    start_time: Timestamp | None = None
    end_time: Timestamp | None = None
    completion_start_time: Timestamp | None = None
    level: Level | None = None
    status_message: str | None = None
    version: str | None = None
    environment: Environment | None = None
    input: Any = None
    output: Any = None
    metadata: Any = None
    model: str | None = None
    model_parameters: dict[str, Any] | None = None
    usage: Any = None
    usage_details: Any = None
    cost_details: Any = None
    prompt_id: str | None = None
    prompt_name: str | None = None
    prompt_version: int | None = None
    # Top-level usage spellings of older clients.
    prompt_tokens: Any = None
    completion_tokens: Any = None
    total_tokens: Any = None


class ScoreBody(Body):
    id: Id | None = None
    name: Annotated[str, StringConstraints(min_length=1)]
    value: Any = None
    string_value: str | None = None
    data_type: str | None = None
    source: str | None = None
    trace_id: Id | None = None
    observation_id: Id | None = None
    session_id: Id | None = None
    dataset_run_id: Id | None = None
    comment: str | None = None
    metadata: Any = None
    config_id: str | None = None
    queue_id: str | None = None
    author_user_id: str | None = None
    environment: Environment | None = None
    timestamp: Timestamp | None = None


def parse(model: type[B], data: Any, *, prefix: str = "") -> B:
    """Validate ``data``; the first problem becomes an ``Invalid`` naming its field."""
    if not isinstance(data, dict):
        raise Invalid(f"{prefix or 'body'} must be a JSON object", field=prefix or "body")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        path = ".".join(str(part) for part in first["loc"])
        field = f"{prefix}.{path}" if prefix else path
        raise Invalid(f"{field}: {first['msg']}", field=field) from None


def strip_nul(value: Any) -> Any:
    """Remove U+0000 from every string: PostgreSQL cannot store it in text or JSONB, and
    SQLite must hold exactly what Postgres would. The one sanitising rule of ingestion."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [strip_nul(item) for item in value]
    if isinstance(value, dict):
        return {strip_nul(key): strip_nul(item) for key, item in value.items()}
    return value
