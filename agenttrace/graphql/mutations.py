"""The root ``Mutation``. Each write is the core use case REST calls too (the same bodies,
the same merge rules, acknowledged once committed). A write forgets the request's loaded
rows, so what a mutation answers is read afresh."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from agenttrace.core.errors import NotFound
from agenttrace.core.tracing import commands, deletion
from agenttrace.core.tracing.ingest.bodies import strip_nul
from agenttrace.graphql.context import Context
from agenttrace.graphql.inputs import ScoreInput, TraceUpdateInput
from agenttrace.graphql.types.score import Score, score_or_none
from agenttrace.graphql.types.trace import Trace

Info = strawberry.Info[Context, None]


def _body(given: object) -> dict[str, Any]:
    """An input's given fields as a request body for the core (enums as their values)."""
    body: dict[str, Any] = strip_nul(
        {
            name: value.value if isinstance(value, Enum) else value
            for name, value in vars(given).items()
            if value is not None
        }
    )
    return body


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
class TracingMutation:
    @strawberry.mutation(description="Create a score, or merge into the score of `input.id`.")
    async def create_score(self, info: Info, input: ScoreInput) -> CreatedScore:
        principal = info.context.principal("scores:write")
        score_id = await commands.create_score(
            writer=info.context.writer,
            project_id=principal.project_id,
            body=_body(input),
            field_prefix="input",
        )
        if principal.public_only:
            return CreatedScore(id=strawberry.ID(score_id), score=None)
        info.context.forget_loaded()
        row = await info.context.loaders.score_by_id.load(score_id)
        return CreatedScore(id=strawberry.ID(score_id), score=score_or_none(row))

    @strawberry.mutation
    async def delete_score(self, info: Info, id: strawberry.ID) -> Deleted:
        principal = info.context.principal("scores:delete")
        async with info.context.database.write() as session:
            await commands.delete_score(
                session=session, project_id=principal.project_id, score_id=id
            )
        info.context.forget_loaded()
        return Deleted(id=id)

    @strawberry.mutation(description="Merge fields into an existing trace.")
    async def update_trace(self, info: Info, id: strawberry.ID, input: TraceUpdateInput) -> Trace:
        principal = info.context.principal("traces:write")
        await commands.update_trace(
            writer=info.context.writer,
            project_id=principal.project_id,
            trace_id=id,
            body=_body(input),
            field_prefix="input",
        )
        info.context.forget_loaded()
        row = await info.context.loaders.trace_by_id.load(id)
        if row is None:  # deleted meanwhile
            raise NotFound("trace", id)
        return Trace.from_row(row)

    @strawberry.mutation(description="Delete a trace with its observations and scores.")
    async def delete_trace(self, info: Info, id: strawberry.ID) -> Deleted:
        principal = info.context.principal("traces:delete")
        async with info.context.database.write() as session:
            await deletion.delete_trace(
                session=session, project_id=principal.project_id, trace_id=id
            )
        info.context.forget_loaded()
        return Deleted(id=id)
