"""Sessions: the traces that share a session id, with their aggregates."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import strawberry

from agenttrace.core.tracing import related, views
from agenttrace.db.types import Row
from agenttrace.graphql.connections import DEFAULT_FIRST, Connection, connection, known, page_size
from agenttrace.graphql.context import Context
from agenttrace.graphql.loaders import traces_by_session
from agenttrace.graphql.selection import node_fields, wants_io
from agenttrace.graphql.types.agent_records import SessionAgentTotals
from agenttrace.graphql.types.score import Score
from agenttrace.graphql.types.trace import Trace
from agenttrace.graphql.types.usage import Usage

Info = strawberry.Info[Context, None]


@strawberry.type(description="The traces that share a session id (a conversation, a run).")
class Session:
    id: strawberry.ID
    project_id: strawberry.ID
    environment: str
    created_at: datetime
    trace_count: int
    first_trace_time: datetime | None
    last_trace_time: datetime | None
    user_ids: list[str]
    total_cost: float | None
    usage: Usage

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Session:
        return _from_row(row)

    @strawberry.field(description="The session's traces, oldest first, a page at a time.")
    async def traces(
        self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Trace]:
        arguments = traces_by_session.Arguments(
            page_size(first), after, wants_io(node_fields(info))
        )
        page = await info.context.loaders.traces_by_session.load((self.id, arguments))
        return connection(
            page,
            Trace.from_row,
            sort=related.session_trace_sort(),
            after=after,
            count=known(self.trace_count),
        )

    @strawberry.field(description="The scores given to the session itself, oldest first.")
    async def scores(self, info: Info) -> list[Score]:
        return [
            Score.from_row(row)
            for row in await info.context.loaders.scores_by_session.load(self.id)
        ]

    @strawberry.field(description="What the session's coding agent did, over its traces.")
    async def agent(self, info: Info) -> SessionAgentTotals:
        totals = await info.context.loaders.agent_totals_by_session.load(self.id)
        return SessionAgentTotals(**totals)


def session_or_none(row: Mapping[str, Any] | None) -> Session | None:
    return None if row is None else Session.from_row(row)


# The row's public fields as constructor arguments, compiled once (``core/views.py``).
_from_row: Callable[[Row], Session] = views.SESSION.writer(into=Session)
