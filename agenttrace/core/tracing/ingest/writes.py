"""Validated bodies → row writes: which columns a body sets, which only fill, which merge
key by key (``merge.py`` folds them into rows), and the usage, costs and score value a
body means."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing import usage as usage_rules
from agenttrace.core.tracing.ingest.bodies import Body, ObservationBody, ScoreBody, TraceBody
from agenttrace.core.tracing.ingest.merge import RowWrite
from agenttrace.core.tracing.vocabulary import SCORE_DATA_TYPES, SCORE_SOURCES


def as_metadata(value: Any) -> dict[str, Any] | None:
    """Metadata is an object; any other JSON value is kept under the key ``metadata``."""
    if value is None:
        return None
    return value if isinstance(value, dict) else {"metadata": value}


# (column, body field) pairs copied as they are when given.
_TRACE_FIELDS = (
    *(
        (name, name)
        for name in ("name", "user_id", "session_id", "release", "version", "environment")
    ),
    *((name, name) for name in ("input", "output", "public", "bookmarked", "status_message")),
    ("own_level", "level"),
    ("ended_at", "end_time"),
    *((name, name) for name in ("git_commit_sha", "git_branch", "git_repo_url")),
)
_OBSERVATION_FIELDS = tuple(
    (name, name)
    for name in (
        "trace_id", "parent_observation_id", "name", "end_time", "completion_start_time", "level",
        "status_message", "version", "environment", "input", "output", "model", "prompt_id",
        "prompt_name", "prompt_version",
    )
)  # fmt: skip
_SCORE_FIELDS = tuple(
    (name, name)
    for name in (
        "name", "trace_id", "observation_id", "session_id", "dataset_run_id", "comment",
        "config_id", "queue_id", "author_user_id", "environment",
    )
)  # fmt: skip
_USAGE_FIELDS = tuple(
    (name, name) for name in ("prompt_tokens", "completion_tokens", "total_tokens")
)


def _given(body: Body, pairs: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """The body's non-null fields as columns (on the hot path: no per-call kwargs)."""
    values = body.__dict__
    return {column: value for column, field in pairs if (value := values[field]) is not None}


def trace_write(
    body: TraceBody,
    *,
    project_id: str,
    trace_id: str,
    event_at: datetime,
    fill: Collection[str] = (),
) -> RowWrite:
    """The fields named in ``fill`` only fill a trace no write has given them yet (an OTel
    root span's own name and IO stand in for its trace's until a client states them)."""
    metadata = as_metadata(body.metadata)
    fields = _given(body, _TRACE_FIELDS)
    filled = {column: fields.pop(column) for column in fill if column in fields}
    return RowWrite(
        kind="trace",
        project_id=project_id,
        id=trace_id,
        event_at=event_at,
        fields=fields,
        fill=filled,
        earliest={"timestamp": body.timestamp or body.start_time or event_at},
        objects={} if metadata is None else {"metadata": metadata},
        tags=body.tags,
    )


def observation_write(
    body: ObservationBody,
    *,
    project_id: str,
    observation_id: str,
    event_at: datetime,
    type: str | None,
    is_update: bool,
    field_prefix: str = "",
) -> RowWrite:
    """``type`` from the event (e.g. ``generation-create``) wins over the body's; an update
    event's type only fills a row that has none, so it never retypes an observation."""
    prefix = f"{field_prefix}." if field_prefix else ""
    if (body.prompt_name is None) != (body.prompt_version is None):
        raise Invalid(
            "promptName and promptVersion must be given together", field=f"{prefix}promptVersion"
        )
    usage: dict[str, int] = {}
    costs: dict[str, float] = {}
    top_level = _given(body, _USAGE_FIELDS)
    if top_level:
        usage.update(usage_rules.normalize(top_level, f"{prefix}promptTokens"))
    if body.usage is not None:
        usage.update(usage_rules.normalize(body.usage, f"{prefix}usage"))
        costs.update(usage_rules.legacy_costs(body.usage, f"{prefix}usage"))
    if body.usage_details is not None:
        usage.update(usage_rules.normalize(body.usage_details, f"{prefix}usageDetails"))
    if body.cost_details is not None:
        costs.update(usage_rules.normalize_costs(body.cost_details, f"{prefix}costDetails"))
    metadata = as_metadata(body.metadata)
    objects: dict[str, dict[str, Any]] = {}
    if metadata is not None:
        objects["metadata"] = metadata
    if body.model_parameters is not None:
        objects["model_parameters"] = body.model_parameters
    observation_type = type or body.type
    typed = {} if observation_type is None else {"type": observation_type}
    return RowWrite(
        kind="observation",
        project_id=project_id,
        id=observation_id,
        event_at=event_at,
        fields=_given(body, _OBSERVATION_FIELDS) | ({} if is_update else typed),
        fill=typed if is_update else {},
        earliest={"start_time": body.start_time or event_at},
        objects=objects,
        usage=usage or None,
        costs=costs or None,
    )


def _score_value(body: ScoreBody, prefix: str) -> tuple[float | None, str | None, str]:
    """(value, stringValue, dataType): check a given dataType, or infer one."""
    data_type = body.data_type.strip().upper() if body.data_type else None
    if data_type is not None and data_type not in SCORE_DATA_TYPES:
        raise Invalid(
            f"dataType must be one of {', '.join(SCORE_DATA_TYPES)}, got {body.data_type!r}",
            field=f"{prefix}dataType",
        )
    raw = body.value if body.value is not None else body.string_value
    field = f"{prefix}value"
    if raw is None:
        raise Invalid("value is required (a number, a boolean or a string label)", field=field)
    is_number = isinstance(raw, int | float) and not isinstance(raw, bool)
    if data_type is None:
        if isinstance(raw, bool) or (
            isinstance(raw, str) and raw.strip().lower() in ("true", "false")
        ):
            data_type = "BOOLEAN"
        elif is_number:
            data_type = "CATEGORICAL" if body.string_value is not None else "NUMERIC"
        elif isinstance(raw, str):
            data_type = "CATEGORICAL"
        else:
            raise Invalid(
                f"value must be a number, a boolean or a string, got {raw!r}", field=field
            )
    if data_type == "NUMERIC":
        if not is_number:
            raise Invalid(f"a NUMERIC score needs a numeric value, got {raw!r}", field=field)
        return float(raw), None, data_type
    if data_type == "BOOLEAN":
        truth = _boolean(raw)
        if truth is None:
            raise Invalid(f"a BOOLEAN score needs true/false or 1/0, got {raw!r}", field=field)
        return (1.0 if truth else 0.0), ("True" if truth else "False"), data_type
    label = body.string_value if body.string_value is not None else raw
    if not isinstance(label, str):
        raise Invalid(f"a CATEGORICAL score needs a string label, got {raw!r}", field=field)
    numeric = float(body.value) if is_number and body.string_value is not None else None
    return numeric, label, data_type


def _boolean(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    return None


def score_write(
    body: ScoreBody, *, project_id: str, score_id: str, event_at: datetime, field_prefix: str = ""
) -> RowWrite:
    prefix = f"{field_prefix}." if field_prefix else ""
    subjects = [s for s in (body.trace_id, body.session_id, body.dataset_run_id) if s is not None]
    if len(subjects) != 1:
        raise Invalid(
            "a score needs exactly one of traceId, sessionId or datasetRunId",
            field=f"{prefix}traceId",
        )
    if body.observation_id is not None and body.trace_id is None:
        raise Invalid("observationId needs traceId", field=f"{prefix}traceId")
    source = (body.source or "API").strip().upper()
    if source not in SCORE_SOURCES:
        raise Invalid(
            f"source must be one of {', '.join(SCORE_SOURCES)}, got {body.source!r}",
            field=f"{prefix}source",
        )
    value, string_value, data_type = _score_value(body, prefix)
    metadata = as_metadata(body.metadata)
    return RowWrite(
        kind="score",
        project_id=project_id,
        id=score_id,
        event_at=event_at,
        fields=_given(body, _SCORE_FIELDS)
        | {"data_type": data_type, "source": source}
        # value and stringValue always travel together, so a label change clears a number.
        | {"value": value, "string_value": string_value},
        earliest={"timestamp": body.timestamp or event_at},
        objects={} if metadata is None else {"metadata": metadata},
    )
