"""How the Langfuse dialect writes scores: the v1/v2 object (``value`` a number,
``stringValue`` the label), the ``trace`` block of list items, and ``/v3/scores`` items
(``value`` typed by the data type, fields by group)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from agenttrace.core.time import iso
from agenttrace.core.tracing import views
from agenttrace.db.types import Row
from agenttrace.rest.shapes import shape_of

# Scores

# The score types the v1 score object (and the v2 SDK's union) has a variant for.
V1_SCORE_TYPES = frozenset({"NUMERIC", "CATEGORICAL", "BOOLEAN"})


def _number(row: Row) -> float | None:
    """Categorical scores without a mapped number answer 0 (Langfuse's default)."""
    value: float | None = row["value"]
    if value is None and row["data_type"] == "CATEGORICAL":
        return 0.0
    return value


_SCORE = shape_of(views.SCORE)


def score_json(row: Row) -> dict[str, Any]:
    """The v1/v2 score object: our score's fields, with ``value`` always a number."""
    return _SCORE(row) | {"value": _number(row)}


def score_trace_json(trace: Row | None, *, with_session: bool) -> dict[str, Any]:
    """The ``trace`` block of score list items (empty for scores of sessions and runs)."""
    trace = trace or {}
    body = {
        "userId": trace.get("user_id"),
        "tags": trace.get("tags") or [],
        "environment": trace.get("environment"),
    }
    if with_session:
        body["sessionId"] = trace.get("session_id")
    return body


SCORE_V3_GROUPS = ("details", "subject", "annotation")


def _polymorphic(row: Row) -> Any:
    if row["data_type"] == "BOOLEAN":
        return row["value"] == 1
    if row["data_type"] == "CATEGORICAL":
        return row["string_value"]
    return row["value"]


def _subject(row: Row) -> dict[str, Any] | None:
    if row["observation_id"] is not None:
        return {"kind": "observation", "id": row["observation_id"], "traceId": row["trace_id"]}
    if row["trace_id"] is not None:
        return {"kind": "trace", "id": row["trace_id"]}
    if row["session_id"] is not None:
        return {"kind": "session", "id": row["session_id"]}
    if row["dataset_run_id"] is not None:
        return {"kind": "experiment", "id": row["dataset_run_id"]}
    return None


def score_v3_json(row: Row, groups: Collection[str]) -> dict[str, Any]:
    """``/v3/scores``: ``value`` typed by ``dataType`` (number, boolean or label)."""
    body: dict[str, Any] = {
        "id": row["id"],
        "projectId": row["project_id"],
        "name": row["name"],
        "value": _polymorphic(row),
        "dataType": row["data_type"],
        "source": row["source"],
        "timestamp": iso(row["timestamp"]),
        "environment": row["environment"],
        "createdAt": iso(row["created_at"]),
        "updatedAt": iso(row["updated_at"]),
    }
    if "details" in groups:
        body |= {
            "comment": row["comment"],
            "configId": row["config_id"],
            "metadata": row["metadata"],
        }
    if "subject" in groups:
        body["subject"] = _subject(row)
    if "annotation" in groups:
        body |= {"authorUserId": row["author_user_id"], "queueId": row["queue_id"]}
    return body
