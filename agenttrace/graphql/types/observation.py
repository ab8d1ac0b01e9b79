"""Observations (spans, generations, events, tool calls…): the row's fields as plain
attributes, the relations through loaders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.tracing import payloads, views
from agenttrace.db.types import Row
from agenttrace.graphql.context import Context
from agenttrace.graphql.enums import Level, ObservationType
from agenttrace.graphql.loaders import head_by_row
from agenttrace.graphql.selection import selected, wants_io
from agenttrace.graphql.types.usage import Usage

if TYPE_CHECKING:
    from agenttrace.graphql.types.score import Score
    from agenttrace.graphql.types.trace import Trace

Info = strawberry.Info[Context, None]

DEFAULT_HEAD = 20_000
HEAD_DESCRIPTION = (
    "The first `maxBytes` bytes of the field's JSON text (at most 1,000,000), for a field "
    "too large to take whole (see the `…Bytes` sizes and "
    "`GET /v1/observations/{id}/fields/{field}`); null when the field is empty."
)


@strawberry.type(description="A step of a trace; observations nest through their parent.")
class Observation:
    id: strawberry.ID
    trace_id: strawberry.ID
    project_id: strawberry.ID
    parent_observation_id: strawberry.ID | None
    type: ObservationType  # type: ignore[valid-type]
    name: str | None
    start_time: datetime
    end_time: datetime | None
    completion_start_time: datetime | None
    level: Level  # type: ignore[valid-type]
    status_message: str | None
    version: str | None
    environment: str
    # Left out (null) when the row was read without its payloads.
    input: JSON | None = None
    output: JSON | None = None
    metadata: JSON | None = None
    input_bytes: int = strawberry.field(description="Size of the input's JSON text (0: none).")
    output_bytes: int
    metadata_bytes: int
    model: str | None
    model_id: str | None = strawberry.field(description="The price-table model it matched.")
    model_parameters: JSON | None
    usage: Usage | None = strawberry.field(description="Null when it reported no usage.")
    usage_details: JSON = strawberry.field(description="Tokens per usage key.")
    cost_details: JSON | None = strawberry.field(description="USD per usage key.")
    input_cost: float | None
    output_cost: float | None
    total_cost: float | None
    latency: float | None = strawberry.field(description="Seconds from start to end.")
    time_to_first_token: float | None = strawberry.field(
        description="Seconds from start to the first token of the completion."
    )
    prompt_id: str | None
    prompt_name: str | None
    prompt_version: int | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Observation:
        return _from_row(row)

    async def _head(self, info: Info, field: str, max_bytes: int) -> str | None:
        arguments: head_by_row.Arguments = ("observation", field, payloads.head_size(max_bytes))
        return await info.context.loaders.head_by_row.load((str(self.id), arguments))

    @strawberry.field(description=HEAD_DESCRIPTION)
    async def input_head(self, info: Info, max_bytes: int = DEFAULT_HEAD) -> str | None:
        return await self._head(info, "input", max_bytes)

    @strawberry.field(description=HEAD_DESCRIPTION)
    async def output_head(self, info: Info, max_bytes: int = DEFAULT_HEAD) -> str | None:
        return await self._head(info, "output", max_bytes)

    @strawberry.field(description=HEAD_DESCRIPTION)
    async def metadata_head(self, info: Info, max_bytes: int = DEFAULT_HEAD) -> str | None:
        return await self._head(info, "metadata", max_bytes)

    @strawberry.field(description="The observations whose parent this is, in start order.")
    async def children(self, info: Info) -> list[Observation]:
        rows = await info.context.loaders.children_by_observation.load(
            ((self.trace_id, self.id), wants_io(selected(info)))
        )
        return [Observation.from_row(row) for row in rows]

    @strawberry.field
    async def parent(self, info: Info) -> Observation | None:
        if self.parent_observation_id is None:
            return None
        return observation_or_none(
            await info.context.loaders.observation_by_id.load(self.parent_observation_id)
        )

    @strawberry.field(description="The observation's scores, oldest first.")
    async def scores(
        self, info: Info
    ) -> list[Annotated[Score, strawberry.lazy("agenttrace.graphql.types.score")]]:
        from agenttrace.graphql.types.score import Score

        rows = await info.context.loaders.scores_by_observation.load((self.trace_id, self.id))
        return [Score.from_row(row) for row in rows]

    @strawberry.field
    async def trace(
        self, info: Info
    ) -> Annotated[Trace, strawberry.lazy("agenttrace.graphql.types.trace")] | None:
        from agenttrace.graphql.types.trace import trace_or_none

        return trace_or_none(await info.context.loaders.trace_by_id.load(self.trace_id))


def observation_or_none(row: Mapping[str, Any] | None) -> Observation | None:
    return None if row is None else Observation.from_row(row)


# The row's public fields as constructor arguments, compiled once (``core/views.py``).
_from_row: Callable[[Row], Observation] = views.OBSERVATION.writer(into=Observation)
