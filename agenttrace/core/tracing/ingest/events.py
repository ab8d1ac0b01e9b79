"""Batch ingestion events (Langfuse's ``POST /api/public/ingestion`` format): the envelope
``{id, type, timestamp, body}``, the event types, and each event's outcome.

Each event is checked on its own: a bad event gets its error and the others go on. An
outcome is the event's write, or the core error that stopped it (``Invalid``, ``TooLarge``,
or the ``core.access`` denial: a public key alone may only send scores). Faces turn
outcomes into their own entries (``rest/public/errors.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from agenttrace import instruments
from agenttrace.core import access, ids, time
from agenttrace.core.errors import CoreError, Invalid, NotStored, TooLarge
from agenttrace.core.tenancy.keys import Principal
from agenttrace.core.tracing.ingest.bodies import ObservationBody, ScoreBody, TraceBody, parse
from agenttrace.core.tracing.ingest.merge import RowWrite
from agenttrace.core.tracing.ingest.records import Write
from agenttrace.core.tracing.ingest.writer import IngestWriter, raise_if_unavailable
from agenttrace.core.tracing.ingest.writes import observation_write, score_write, trace_write
from agenttrace.core.tracing.vocabulary import MAX_ID_LENGTH

Build = Callable[[dict[str, Any], datetime, str], RowWrite | Sequence[Write]]


@dataclass(frozen=True)
class EventType:
    """What one event type of a batch needs (its scope) and makes: ``build`` turns
    (body, event time, project id) into the event's write, or its writes (a record and
    the shell of its trace, say). Other capabilities add their types in
    ``core/ingestion.py``."""

    scope: str
    build: Build


def _trace(body: dict[str, Any], event_at: datetime, project_id: str) -> RowWrite:
    trace = parse(TraceBody, body, prefix="body")
    return trace_write(
        trace, project_id=project_id, trace_id=trace.id or ids.trace_id(), event_at=event_at
    )


def _score(body: dict[str, Any], event_at: datetime, project_id: str) -> RowWrite:
    score = parse(ScoreBody, body, prefix="body")
    return score_write(
        score,
        project_id=project_id,
        score_id=score.id or ids.new_uuid(),
        event_at=event_at,
        field_prefix="body",
    )


def _observation(observation_type: str | None, is_update: bool) -> Build:
    """``observation_type`` None: the body's own ``type``."""

    def build(body: dict[str, Any], event_at: datetime, project_id: str) -> RowWrite:
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

    return build


EVENT_TYPES: dict[str, EventType] = {
    "trace-create": EventType("traces:write", _trace),
    "score-create": EventType("scores:write", _score),
    **{
        name: EventType("traces:write", _observation(observation_type, is_update))
        for name, observation_type, is_update in (
            ("span-create", "SPAN", False),
            ("span-update", "SPAN", True),
            ("generation-create", "GENERATION", False),
            ("generation-update", "GENERATION", True),
            ("event-create", "EVENT", False),
            ("agent-create", "AGENT", False),
            ("tool-create", "TOOL", False),
            ("chain-create", "CHAIN", False),
            ("retriever-create", "RETRIEVER", False),
            ("evaluator-create", "EVALUATOR", False),
            ("embedding-create", "EMBEDDING", False),
            ("guardrail-create", "GUARDRAIL", False),
            ("observation-create", None, False),
            ("observation-update", None, True),
        )
    },
}
SDK_LOG = "sdk-log"
INTERNAL_EVENTS = frozenset({"dataset-run-item-create"})
# Events validated between two yields to the event loop (about 0.3 ms of work).
PARSE_SLICE = 20


@dataclass
class EventOutcome:
    """One event: its write, or the error that stopped it. ``listed`` is False for sdk-log
    events, which Langfuse acknowledges in neither ``successes`` nor ``errors``."""

    event_id: str
    writes: Sequence[Write] = ()
    error: CoreError | None = None
    listed: bool = True


def _event_writes(event: dict[str, Any], event_type: EventType, project_id: str) -> Sequence[Write]:
    body = event.get("body")
    if not isinstance(body, dict):
        raise Invalid("body must be a JSON object", field="body")
    if event.get("timestamp") is None:
        raise Invalid("timestamp is required: an ISO 8601 time", field="timestamp")
    built = event_type.build(body, time.parse(event["timestamp"], field="timestamp"), project_id)
    return (built,) if isinstance(built, RowWrite) else built


def _outcome(
    event: Any,
    principal: Principal,
    event_types: Mapping[str, EventType],
    max_event_bytes: int,
    check_size: bool,
    denials: dict[str, CoreError | None],
) -> EventOutcome:
    """``denials`` memoises the principal's answer per event type for the batch."""
    if not isinstance(event, dict):
        return EventOutcome("unknown", error=Invalid("each batch entry must be a JSON object"))
    event_id = event.get("id")
    if not isinstance(event_id, str) or not 0 < len(event_id) <= MAX_ID_LENGTH:
        return EventOutcome(
            "unknown", error=Invalid(f"id must be a string of 1 to {MAX_ID_LENGTH} characters")
        )
    kind = event.get("type")
    # A type that is not a string (an object, a list) cannot be looked up in a set.
    if not isinstance(kind, str):
        return EventOutcome(event_id, error=Invalid(f"Unknown event type {kind!r}"))
    if kind == SDK_LOG:
        return EventOutcome(event_id, listed=False)
    if kind in INTERNAL_EVENTS:
        return EventOutcome(
            event_id, error=Invalid(f"{kind} events are internal and cannot be sent")
        )
    event_type = event_types.get(kind)
    if event_type is None:
        return EventOutcome(event_id, error=Invalid(f"Unknown event type {kind!r}"))
    if kind not in denials:
        denials[kind] = access.event_denial(principal, event_type.scope, kind)
    if denials[kind] is not None:
        return EventOutcome(event_id, error=denials[kind])
    if check_size and len(orjson.dumps(event)) > max_event_bytes:
        return EventOutcome(event_id, error=TooLarge(f"event exceeds {max_event_bytes} bytes"))
    try:
        return EventOutcome(event_id, writes=_event_writes(event, event_type, principal.project_id))
    except (Invalid, TooLarge) as exc:  # TooLarge: a record's own limits (checkpoint contents)
        return EventOutcome(event_id, error=exc)


async def ingest(
    *,
    writer: IngestWriter,
    principal: Principal,
    batch: Sequence[Any],
    max_event_bytes: int,
    check_sizes: bool,
    event_types: Mapping[str, EventType] | None = None,
) -> list[EventOutcome]:
    """Validate every event, store the valid ones, and answer each event's outcome once
    what it wrote is committed (a write that failed on its own gets its error).

    ``check_sizes``: measure each event (only needed when the whole body could hold an
    event above ``max_event_bytes``). ``event_types``: what the batch may carry (tracing's
    own by default; ``core/ingestion.py`` has every capability's).
    """
    types = EVENT_TYPES if event_types is None else event_types
    instruments.INGEST_REQUEST_EVENTS.labels(dialect="langfuse").observe(len(batch))
    outcomes: list[EventOutcome] = []
    denials: dict[str, CoreError | None] = {}
    for start in range(0, len(batch), PARSE_SLICE):
        outcomes += [
            _outcome(event, principal, types, max_event_bytes, check_sizes, denials)
            for event in batch[start : start + PARSE_SLICE]
        ]
        # Yield between slices so the writer, waiting on the database, resumes promptly
        # instead of queueing behind whole batches being validated.
        await asyncio.sleep(0)
    written = await writer.write([w for outcome in outcomes for w in outcome.writes])
    raise_if_unavailable(written)
    results = iter(written)
    stored_types: list[str] = []
    for event, outcome in zip(batch, outcomes, strict=True):
        # An event counts as stored only when every one of its writes is.
        stored = [next(results) is None for _ in outcome.writes]
        if not all(stored):
            outcome.error = NotStored()
        elif outcome.writes:
            stored_types.append(event["type"])
    instruments.count_ingested("langfuse", stored_types)
    return outcomes
