"""Langfuse batch ingestion events: the envelope, the event types, per-event outcomes.

Each event of a batch is checked on its own: a bad event becomes an error entry and the
others go on. Events of types the caller may not send (a public key alone may only send
scores) become 401 entries; keys lacking a scope get 403 entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from agenttrace.core import ids, time
from agenttrace.core.errors import Invalid
from agenttrace.core.tenancy.keys import Principal
from agenttrace.core.tracing.ingest.bodies import (
    MAX_ID_LENGTH,
    ObservationBody,
    ScoreBody,
    TraceBody,
    observation_write,
    parse,
    score_write,
    trace_write,
)
from agenttrace.core.tracing.ingest.merge import RowWrite

# Event type → (observation type or None for the body's own, is an update)
OBSERVATION_EVENTS: dict[str, tuple[str | None, bool]] = {
    "span-create": ("SPAN", False),
    "span-update": ("SPAN", True),
    "generation-create": ("GENERATION", False),
    "generation-update": ("GENERATION", True),
    "event-create": ("EVENT", False),
    "agent-create": ("AGENT", False),
    "tool-create": ("TOOL", False),
    "chain-create": ("CHAIN", False),
    "retriever-create": ("RETRIEVER", False),
    "evaluator-create": ("EVALUATOR", False),
    "embedding-create": ("EMBEDDING", False),
    "guardrail-create": ("GUARDRAIL", False),
    "observation-create": (None, False),
    "observation-update": (None, True),
}
SDK_LOG = "sdk-log"
INTERNAL_EVENTS = frozenset({"dataset-run-item-create"})


@dataclass(frozen=True)
class EventError:
    status: int
    message: str
    detail: str


@dataclass
class BatchItem:
    """One event: its write, or why it has none. ``listed`` is False for sdk-log events,
    which Langfuse acknowledges in neither ``successes`` nor ``errors``."""

    envelope_id: str
    write: RowWrite | None = None
    error: EventError | None = None
    listed: bool = True


def _invalid(message: str) -> EventError:
    return EventError(400, "Invalid request data", message)


def _timestamp(value: Any) -> datetime:
    if value is None:
        raise Invalid("timestamp is required: an ISO 8601 time", field="timestamp")
    return time.parse(value, field="timestamp")


def _event_write(event: dict[str, Any], kind: str, principal: Principal) -> RowWrite:
    body = event.get("body")
    if not isinstance(body, dict):
        raise Invalid("body must be a JSON object", field="body")
    event_at = _timestamp(event.get("timestamp"))
    project_id = principal.project_id
    if kind == "trace-create":
        trace = parse(TraceBody, body, prefix="body")
        return trace_write(
            trace, project_id=project_id, trace_id=trace.id or ids.trace_id(), event_at=event_at
        )
    if kind == "score-create":
        score = parse(ScoreBody, body, prefix="body")
        return score_write(
            score,
            project_id=project_id,
            score_id=score.id or ids.new_uuid(),
            event_at=event_at,
            field_prefix="body",
        )
    observation_type, is_update = OBSERVATION_EVENTS[kind]
    observation = parse(ObservationBody, body, prefix="body")
    if observation.id is None:
        raise Invalid("body.id is required", field="body.id")
    return observation_write(
        observation,
        project_id=project_id,
        observation_id=observation.id,
        event_at=event_at,
        type=observation_type,
        is_update=is_update,
        field_prefix="body",
    )


def _scope_error(kind: str, principal: Principal, allowed: dict[str, bool]) -> EventError | None:
    """``allowed`` memoises the principal's answer per scope for the batch."""
    scope = "scores:write" if kind == "score-create" else "traces:write"
    if scope not in allowed:
        allowed[scope] = principal.allows(scope)
    if allowed[scope]:
        return None
    if principal.public_only:
        return EventError(
            401, "Authentication error", f"a public key alone may not send {kind} events"
        )
    return EventError(403, "Forbidden", f"this API key lacks the '{scope}' scope")


def parse_batch(
    batch: list[Any], *, principal: Principal, max_event_bytes: int, check_sizes: bool
) -> list[BatchItem]:
    """``check_sizes``: measure each event (only needed when the whole body could hold an
    event above ``max_event_bytes``)."""
    items: list[BatchItem] = []
    allowed: dict[str, bool] = {}
    for event in batch:
        if not isinstance(event, dict):
            items.append(
                BatchItem("unknown", error=_invalid("each batch entry must be a JSON object"))
            )
            continue
        envelope_id = event.get("id")
        if not isinstance(envelope_id, str) or not 0 < len(envelope_id) <= MAX_ID_LENGTH:
            items.append(
                BatchItem(
                    "unknown",
                    error=_invalid(f"id must be a string of 1 to {MAX_ID_LENGTH} characters"),
                )
            )
            continue
        item = BatchItem(envelope_id)
        items.append(item)
        kind = event.get("type")
        if kind == SDK_LOG:
            item.listed = False
            continue
        if kind in INTERNAL_EVENTS:
            item.error = _invalid(f"{kind} events are internal and cannot be sent")
            continue
        if kind not in OBSERVATION_EVENTS and kind not in ("trace-create", "score-create"):
            item.error = _invalid(f"Unknown event type {kind!r}")
            continue
        item.error = _scope_error(kind, principal, allowed)
        if item.error is not None:
            continue
        if check_sizes and len(orjson.dumps(event)) > max_event_bytes:
            item.error = EventError(
                413, "Payload too large", f"event exceeds {max_event_bytes} bytes"
            )
            continue
        try:
            item.write = _event_write(event, kind, principal)
        except Invalid as exc:
            item.error = _invalid(exc.message)
    return items
