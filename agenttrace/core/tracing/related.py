"""Rows related to many parents at once, for a face that resolves relations item by item
(GraphQL's loaders): each function answers for a whole set of parents with one statement,
always within one project, so the number of statements a request makes does not grow with
the number of items it returns.

A page per parent numbers each parent's rows with a window function (``ROW_NUMBER() OVER
(PARTITION BY parent …)``) and keeps the first ``limit + 1`` of each. A single parent takes
the plain keyset query of ``core/listing.py`` instead, which stops reading at the page rather
than numbering every row of a trace of 20,000 observations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.lists import pages_per_parent as _pages
from agenttrace.core.pages import Page, Sort
from agenttrace.core.tracing import listing, sessions
from agenttrace.core.tracing.filters import ObservationFilter, TraceFilter
from agenttrace.core.tracing.tables import OBSERVATION, SCORE, SESSION, TRACE
from agenttrace.db import sql
from agenttrace.db.types import Row

K = TypeVar("K", bound=Hashable)


def session_trace_sort() -> Sort:
    """A session's traces oldest first, as ``/v1/sessions/:id`` lists them."""
    return listing.trace_sort("timestamp", "asc")


def _grouped(rows: Iterable[Row], key: str | tuple[str, ...]) -> dict[Any, list[Row]]:
    found: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        found[row[key] if isinstance(key, str) else tuple(row[k] for k in key)].append(row)
    return found


async def _rows_by_ids(
    session: AsyncSession, table: Table, project_id: str, ids: Sequence[str]
) -> dict[str, Row]:
    result = await session.execute(
        select(*listing.columns_of(table)).where(
            table.c.project_id == project_id, table.c.id.in_(list(ids))
        )
    )
    return {row["id"]: row for row in result.mappings()}


async def traces_by_ids(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> dict[str, Row]:
    return await _rows_by_ids(session, TRACE, project_id, trace_ids)


async def observations_by_ids(
    *, session: AsyncSession, project_id: str, observation_ids: Sequence[str]
) -> dict[str, Row]:
    return await _rows_by_ids(session, OBSERVATION, project_id, observation_ids)


async def scores_by_ids(
    *, session: AsyncSession, project_id: str, score_ids: Sequence[str]
) -> dict[str, Row]:
    return await _rows_by_ids(session, SCORE, project_id, score_ids)


async def sessions_by_ids(
    *, session: AsyncSession, project_id: str, session_ids: Sequence[str]
) -> dict[str, Row]:
    """Sessions with the aggregates of their traces, as ``/v1/sessions`` answers them."""
    rows = await _rows_by_ids(session, SESSION, project_id, session_ids)
    found = await sessions.with_aggregates(
        session=session, project_id=project_id, rows=list(rows.values())
    )
    return {row["id"]: row for row in found}


async def observation_pages(
    *,
    session: AsyncSession,
    project_id: str,
    trace_ids: Sequence[str],
    filter: ObservationFilter,
    limit: int,
    cursor: str | None,
    with_io: bool,
) -> dict[str, Page]:
    """Each trace's observations that pass ``filter``, in start order, a page at a time."""
    if len(trace_ids) == 1:
        (trace_id,) = trace_ids
        page = await listing.observations(
            session=session,
            project_id=project_id,
            filter=replace(filter, trace_id=trace_id),
            sort=listing.observation_sort(),
            limit=limit,
            cursor=cursor,
            with_io=with_io,
            count=False,
        )
        return {trace_id: page}
    return await _pages(
        session,
        table=OBSERVATION,
        columns=listing.columns_of(OBSERVATION, with_io),
        conditions=listing.observation_conditions(project_id, filter),
        parent="trace_id",
        parent_ids=trace_ids,
        sort=listing.observation_sort(),
        limit=limit,
        cursor=cursor,
    )


async def observation_counts(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str], filter: ObservationFilter
) -> dict[str, int]:
    """How many observations of each trace pass ``filter``."""
    result = await session.execute(
        select(OBSERVATION.c.trace_id, func.count())
        .where(
            *listing.observation_conditions(project_id, filter),
            OBSERVATION.c.trace_id.in_(list(trace_ids)),
        )
        .group_by(OBSERVATION.c.trace_id)
    )
    counted: dict[str, int] = {trace_id: count for trace_id, count in result.all()}
    return {trace_id: int(counted.get(trace_id, 0)) for trace_id in trace_ids}


async def trace_pages_of_sessions(
    *,
    session: AsyncSession,
    project_id: str,
    session_ids: Sequence[str],
    limit: int,
    cursor: str | None,
    with_io: bool,
) -> dict[str, Page]:
    """Each session's traces, oldest first, a page at a time."""
    if len(session_ids) == 1:
        (session_id,) = session_ids
        page = await listing.traces(
            session=session,
            project_id=project_id,
            filter=TraceFilter(session_id=session_id),
            sort=session_trace_sort(),
            limit=limit,
            cursor=cursor,
            with_io=with_io,
            count=False,
        )
        return {session_id: page}
    return await _pages(
        session,
        table=TRACE,
        columns=listing.columns_of(TRACE, with_io),
        conditions=listing.trace_conditions(project_id, TraceFilter(), sql.dialect_of(session)),
        parent="session_id",
        parent_ids=session_ids,
        sort=session_trace_sort(),
        limit=limit,
        cursor=cursor,
    )


async def _observations_where(
    session: AsyncSession, project_id: str, with_io: bool, *conditions: ColumnElement[bool]
) -> list[Row]:
    result = await session.execute(
        select(*listing.columns_of(OBSERVATION, with_io))
        .where(OBSERVATION.c.project_id == project_id, *conditions)
        .order_by(*listing.observation_sort().order_by())
    )
    return list(result.mappings())


async def root_observations(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str], with_io: bool
) -> dict[str, list[Row]]:
    """Each trace's observations without a parent, in start order."""
    rows = await _observations_where(
        session,
        project_id,
        with_io,
        OBSERVATION.c.trace_id.in_(list(trace_ids)),
        OBSERVATION.c.parent_observation_id.is_(None),
    )
    return _grouped(rows, "trace_id")


async def child_observations(
    *,
    session: AsyncSession,
    project_id: str,
    parents: Sequence[tuple[str, str]],
    with_io: bool,
) -> dict[tuple[str, str], list[Row]]:
    """Children by (trace id, parent observation id), in start order. The trace ids let
    the (project, trace) index find them; parent ids alone have no index."""
    rows = await _observations_where(
        session,
        project_id,
        with_io,
        OBSERVATION.c.trace_id.in_(sorted({trace_id for trace_id, _ in parents})),
        OBSERVATION.c.parent_observation_id.in_(sorted({parent for _, parent in parents})),
    )
    return _grouped(rows, ("trace_id", "parent_observation_id"))


async def _scores_where(
    session: AsyncSession, project_id: str, *conditions: ColumnElement[bool]
) -> list[Row]:
    """Oldest first, the order of a trace's scores in ``/v1``."""
    result = await session.execute(
        select(*listing.columns_of(SCORE))
        .where(SCORE.c.project_id == project_id, *conditions)
        .order_by(SCORE.c.timestamp, SCORE.c.id)
    )
    return list(result.mappings())


async def scores_of_traces(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> dict[str, list[Row]]:
    """Every score of each trace, its observations' included."""
    rows = await listing.scores_of_traces(
        session=session, project_id=project_id, trace_ids=trace_ids
    )
    return _grouped(rows, "trace_id")


async def own_scores_of_traces(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> dict[str, list[Row]]:
    """The scores given to each trace itself (no observation named)."""
    rows = await _scores_where(
        session,
        project_id,
        SCORE.c.trace_id.in_(list(trace_ids)),
        SCORE.c.observation_id.is_(None),
    )
    return _grouped(rows, "trace_id")


async def scores_of_observations(
    *, session: AsyncSession, project_id: str, observations: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], list[Row]]:
    """Scores by (trace id, observation id); the trace ids let an index find them."""
    rows = await _scores_where(
        session,
        project_id,
        SCORE.c.trace_id.in_(sorted({trace_id for trace_id, _ in observations})),
        SCORE.c.observation_id.in_(sorted({observation for _, observation in observations})),
    )
    return _grouped(rows, ("trace_id", "observation_id"))


async def scores_of_sessions(
    *, session: AsyncSession, project_id: str, session_ids: Sequence[str]
) -> dict[str, list[Row]]:
    rows = await _scores_where(session, project_id, SCORE.c.session_id.in_(list(session_ids)))
    return _grouped(rows, "session_id")
