"""The root ``Mutation``. Writes go through the ingest core as REST's do (the same bodies,
the same merge rules, acknowledged once committed); deletes through the core's deletion.
A write forgets the request's loaded rows, so what a mutation answers is read afresh."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from agenttrace.core import ids
from agenttrace.core.errors import NotFound
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import deletion, scores
from agenttrace.core.tracing.ingest.bodies import (
    ScoreBody,
    TraceBody,
    parse,
    score_write,
    strip_nul,
    trace_write,
)
from agenttrace.graphql.context import Context
from agenttrace.graphql.inputs import ScoreInput, TraceUpdateInput
from agenttrace.graphql.types.score import Score, score_or_none
from agenttrace.graphql.types.trace import Trace

Info = strawberry.Info[Context, None]


def _body(given: object) -> dict[str, Any]:
    """An input's given fields as a request body for ``core.bodies`` (enums as values)."""
    return strip_nul(
        {
            name: value.value if isinstance(value, Enum) else value
            for name, value in vars(given).items()
            if value is not None
        }
    )


@strawberry.type
class CreatedScore:
    id: strawberry.ID
    score: Score | None = strawberry.field(
        description="Null for a public key alone: it may write scores but read nothing."
    )


@strawberry.type
class Deleted:
    id: strawberry.ID


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create a score, or merge into the score of `input.id`.")
    async def create_score(self, info: Info, input: ScoreInput) -> CreatedScore:
        principal = info.context.principal("scores:write")
        body = parse(ScoreBody, _body(input), prefix="input")
        score_id = body.id or ids.new_uuid()
        write = score_write(
            body,
            project_id=principal.project_id,
            score_id=score_id,
            event_at=utcnow(),
            field_prefix="input",
        )
        await info.context.writer.write_all([write])
        if principal.public_only:
            return CreatedScore(id=strawberry.ID(score_id), score=None)
        info.context.forget_loaded()
        row = await info.context.loaders.score_by_id.load(score_id)
        return CreatedScore(id=strawberry.ID(score_id), score=score_or_none(row))

    @strawberry.mutation
    async def delete_score(self, info: Info, id: strawberry.ID) -> Deleted:
        principal = info.context.principal("scores:delete")
        async with info.context.database.write() as session:
            await scores.delete_score(session=session, project_id=principal.project_id, score_id=id)
        info.context.forget_loaded()
        return Deleted(id=id)

    @strawberry.mutation(description="Merge fields into an existing trace.")
    async def update_trace(self, info: Info, id: strawberry.ID, input: TraceUpdateInput) -> Trace:
        principal = info.context.principal("traces:write")
        body = parse(TraceBody, _body(input), prefix="input")
        if await info.context.loaders.trace_by_id.load(id) is None:
            raise NotFound("trace", id)
        write = trace_write(body, project_id=principal.project_id, trace_id=id, event_at=utcnow())
        await info.context.writer.write_all([write])
        info.context.forget_loaded()
        row = await info.context.loaders.trace_by_id.load(id)
        if row is None:  # deleted meanwhile
            raise NotFound("trace", id)
        return Trace.from_row(row)

    @strawberry.mutation(description="Delete a trace with its observations and scores.")
    async def delete_trace(self, info: Info, id: strawberry.ID) -> Deleted:
        principal = info.context.principal("traces:delete")
        database = info.context.database
        async with database.write() as session:
            await deletion.delete_trace(
                session=session,
                project_id=principal.project_id,
                trace_id=id,
                dialect=database.dialect,
            )
        info.context.forget_loaded()
        return Deleted(id=id)
