"""The write use cases of tracing, each written once and called by every face: create and
update traces and observations, create and delete scores. (Deleting traces, with what
hangs off them, is ``deletion.py``.)

Bodies are the JSON objects a face received (or built from its inputs); ``field_prefix``
names where they sat, so an error names the field as the caller wrote it. Writes go
through the ingest writer, so a function returns only once its write is committed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import ids
from agenttrace.core.errors import CoreError, Invalid, NotFound, NotStored
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import reads
from agenttrace.core.tracing.ingest.bodies import ObservationBody, ScoreBody, TraceBody, parse
from agenttrace.core.tracing.ingest.merge import RowWrite
from agenttrace.core.tracing.ingest.writer import IngestWriter, raise_if_unavailable
from agenttrace.core.tracing.ingest.writes import observation_write, score_write, trace_write
from agenttrace.core.tracing.tables import SCORE, Kind

Body = Mapping[str, Any]


async def _require(writer: IngestWriter, kind: Kind, project_id: str, row_id: str) -> None:
    async with writer.database.read() as session:
        if not await reads.exists(session=session, kind=kind, project_id=project_id, row_id=row_id):
            raise NotFound(kind, row_id)


async def create_trace(
    *, writer: IngestWriter, project_id: str, body: Body, field_prefix: str = ""
) -> str:
    """A new trace, or a merge into the trace of ``body.id``; its id."""
    trace = parse(TraceBody, body, prefix=field_prefix)
    trace_id = trace.id or ids.trace_id()
    write = trace_write(trace, project_id=project_id, trace_id=trace_id, event_at=utcnow())
    await writer.write_all([write])
    return trace_id


async def update_trace(
    *, writer: IngestWriter, project_id: str, trace_id: str, body: Body, field_prefix: str = ""
) -> None:
    """Merge ``body`` into an existing trace (absent or null fields keep theirs)."""
    trace = parse(TraceBody, body, prefix=field_prefix)
    await _require(writer, "trace", project_id, trace_id)
    write = trace_write(trace, project_id=project_id, trace_id=trace_id, event_at=utcnow())
    await writer.write_all([write])


async def create_observation(
    *,
    writer: IngestWriter,
    project_id: str,
    body: Body,
    observation_type: str | None = None,
    is_update: bool = False,
    require_trace: bool = False,
) -> str:
    """A new observation or a merge into the one of ``body.id``; its id.

    ``observation_type`` (from the endpoint or event) wins over the body's ``type``; an
    update (``is_update``) needs the id and only types an observation that has no type
    yet. ``require_trace``: the body must name its trace (``/v1``); otherwise an
    observation without one gets a trace of its own id (Langfuse's rule).
    """
    observation = parse(ObservationBody, body)
    if require_trace and observation.trace_id is None:
        raise Invalid("The 'traceId' field is required", field="traceId")
    if is_update and observation.id is None:
        raise Invalid("id is required", field="id")
    observation_id = observation.id or ids.observation_id()
    await writer.write_all(
        [_observation_write(observation, project_id, observation_id, observation_type, is_update)]
    )
    return observation_id


async def update_observation(
    *, writer: IngestWriter, project_id: str, observation_id: str, body: Body
) -> None:
    """Merge ``body`` into an existing observation."""
    observation = parse(ObservationBody, body)
    await _require(writer, "observation", project_id, observation_id)
    await writer.write_all(
        [_observation_write(observation, project_id, observation_id, None, False)]
    )


def _observation_write(
    observation: ObservationBody,
    project_id: str,
    observation_id: str,
    observation_type: str | None,
    is_update: bool,
) -> RowWrite:
    return observation_write(
        observation,
        project_id=project_id,
        observation_id=observation_id,
        event_at=utcnow(),
        type=observation_type,
        is_update=is_update,
    )


def score_row_write(body: Any, project_id: str, field_prefix: str = "") -> RowWrite:
    """The row write of a score body: the one score rule, for the ingest writer and for
    capabilities that write scores in their own transaction (the evaluators)."""
    score = parse(ScoreBody, body, prefix=field_prefix)
    return score_write(
        score,
        project_id=project_id,
        score_id=score.id or ids.new_uuid(),
        event_at=utcnow(),
        field_prefix=field_prefix,
    )


async def create_score(
    *, writer: IngestWriter, project_id: str, body: Body, field_prefix: str = ""
) -> str:
    """A new score, or a merge into the score of ``body.id``; its id."""
    write = score_row_write(body, project_id, field_prefix)
    await writer.write_all([write])
    return write.id


async def create_scores(
    *, writer: IngestWriter, project_id: str, bodies: Sequence[Any]
) -> list[CoreError | None]:
    """Many scores; each one's outcome (None: stored), in order. A bad one fails alone."""
    outcomes: list[CoreError | None] = []
    writes: list[RowWrite] = []
    for index, body in enumerate(bodies):
        try:
            writes.append(score_row_write(body, project_id, f"[{index}]"))
            outcomes.append(None)
        except Invalid as exc:
            outcomes.append(exc)
    written = await writer.write(writes)
    raise_if_unavailable(written)
    stored = iter(written)
    return [
        outcome if outcome is not None else (NotStored() if next(stored) is not None else None)
        for outcome in outcomes
    ]


async def delete_score(*, session: AsyncSession, project_id: str, score_id: str) -> None:
    result = await session.execute(
        delete(SCORE)
        .where(SCORE.c.project_id == project_id, SCORE.c.id == score_id)
        .returning(SCORE.c.id)
    )
    if result.first() is None:
        raise NotFound("score", score_id)
