"""The root ``Query``: one object by id (through the loaders, so aliased lookups share a
statement) or a keyset connection (through the core's list functions, the ones REST uses).
Each root field checks the caller's scope; another project's ids answer NOT_FOUND."""

from __future__ import annotations

import strawberry

from agenttrace.core.errors import NotFound
from agenttrace.core.tenancy import projects
from agenttrace.core.tracing import listing, sessions
from agenttrace.core.tracing.filters import (
    ObservationFilter,
    ScoreFilter,
    SessionFilter,
)
from agenttrace.graphql.connections import DEFAULT_FIRST, Connection, connection, known, page_size
from agenttrace.graphql.context import Context
from agenttrace.graphql.enums import SortDirection
from agenttrace.graphql.inputs import (
    ObservationFilterInput,
    ScoreFilterInput,
    SessionFilterInput,
    TraceFilterInput,
    TraceOrder,
    trace_filter,
    trace_sort,
)
from agenttrace.graphql.selection import node_fields, selected, wants_io
from agenttrace.graphql.types.metrics import Metrics
from agenttrace.graphql.types.observation import Observation
from agenttrace.graphql.types.project import Project
from agenttrace.graphql.types.score import Score
from agenttrace.graphql.types.session import Session
from agenttrace.graphql.types.trace import Trace
from agenttrace.graphql.types.viewer import Viewer

Info = strawberry.Info[Context, None]


def _counts(info: Info) -> bool:
    return "totalCount" in selected(info)


@strawberry.type
class TracingQuery:
    @strawberry.field(description="The project of the API key making the request.")
    async def project(self, info: Info) -> Project:
        principal = info.context.principal()
        async with info.context.database.read() as session:
            project, organization = await projects.get_project(
                session=session, project_id=principal.project_id
            )
        return Project.from_rows(project, organization)

    @strawberry.field(
        description="The API key making the request: to show it, and warn before it expires."
    )
    def viewer(self, info: Info) -> Viewer:
        return Viewer.from_principal(info.context.principal())

    @strawberry.field
    async def trace(self, info: Info, id: strawberry.ID) -> Trace | None:
        info.context.principal("traces:read")
        row = await info.context.loaders.trace_by_id.load(id)
        if row is None:
            raise NotFound("trace", id)
        return Trace.from_row(row)

    @strawberry.field(description="Newest first unless ordered otherwise.")
    async def traces(
        self,
        info: Info,
        filter: TraceFilterInput | None = None,
        order_by: TraceOrder | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[Trace]:
        principal = info.context.principal("traces:read")
        sort, limit = trace_sort(order_by), page_size(first)
        database = info.context.database
        async with database.read() as session:
            page = await listing.traces(
                session=session,
                project_id=principal.project_id,
                filter=trace_filter(filter),
                sort=sort,
                limit=limit,
                cursor=after,
                with_io=wants_io(node_fields(info)),
                count=_counts(info),
            )
        return connection(
            page, Trace.from_row, sort=sort, after=after, count=known(page.total or 0)
        )

    @strawberry.field
    async def observation(self, info: Info, id: strawberry.ID) -> Observation | None:
        info.context.principal("traces:read")
        row = await info.context.loaders.observation_by_id.load(id)
        if row is None:
            raise NotFound("observation", id)
        return Observation.from_row(row)

    @strawberry.field(description="By start time, newest first unless `order: ASC`.")
    async def observations(
        self,
        info: Info,
        filter: ObservationFilterInput | None = None,
        order: SortDirection = SortDirection.DESC,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[Observation]:
        principal = info.context.principal("traces:read")
        sort = listing.observation_sort(descending=order is SortDirection.DESC)
        limit = page_size(first)
        async with info.context.database.read() as session:
            page = await listing.observations(
                session=session,
                project_id=principal.project_id,
                filter=filter.to_core() if filter else ObservationFilter(),
                sort=sort,
                limit=limit,
                cursor=after,
                with_io=wants_io(node_fields(info)),
                count=_counts(info),
            )
        return connection(
            page, Observation.from_row, sort=sort, after=after, count=known(page.total or 0)
        )

    @strawberry.field
    async def session(self, info: Info, id: strawberry.ID) -> Session | None:
        info.context.principal("traces:read")
        row = await info.context.loaders.session_by_id.load(id)
        if row is None:
            raise NotFound("session", id)
        return Session.from_row(row)

    @strawberry.field(description="Newest first (by when the session's first trace arrived).")
    async def sessions(
        self,
        info: Info,
        filter: SessionFilterInput | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[Session]:
        principal = info.context.principal("traces:read")
        limit = page_size(first)
        async with info.context.database.read() as session:
            page = await sessions.sessions(
                session=session,
                project_id=principal.project_id,
                filter=filter.to_core() if filter else SessionFilter(),
                limit=limit,
                cursor=after,
                count=_counts(info),
            )
        return connection(
            page,
            Session.from_row,
            sort=sessions.session_sort(),
            after=after,
            count=known(page.total or 0),
        )

    @strawberry.field
    async def score(self, info: Info, id: strawberry.ID) -> Score | None:
        info.context.principal("scores:read")
        row = await info.context.loaders.score_by_id.load(id)
        if row is None:
            raise NotFound("score", id)
        return Score.from_row(row)

    @strawberry.field(description="Newest first.")
    async def scores(
        self,
        info: Info,
        filter: ScoreFilterInput | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[Score]:
        principal = info.context.principal("scores:read")
        limit = page_size(first)
        database = info.context.database
        async with database.read() as session:
            page = await listing.scores(
                session=session,
                project_id=principal.project_id,
                filter=filter.to_core() if filter else ScoreFilter(),
                limit=limit,
                cursor=after,
                count=_counts(info),
            )
        return connection(
            page,
            Score.from_row,
            sort=listing.score_sort(),
            after=after,
            count=known(page.total or 0),
        )

    @strawberry.field(description="Totals, latency and usage over the traces of `filter`.")
    def metrics(self, info: Info, filter: TraceFilterInput | None = None) -> Metrics:
        principal = info.context.principal("traces:read")
        return Metrics(filter=trace_filter(filter), project_id=principal.project_id)
