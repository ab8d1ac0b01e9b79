"""Lists of traces, observations and scores: one query core for every face.

Each list is a project-scoped query with the typed filters of ``filters.py``, paged by
keyset or, for the Langfuse dialect only, by offset (``core/lists.py`` runs both). Rows are
mappings keyed by column name (the shape the ingest core writes). Sessions are
``sessions.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.errors import Invalid
from agenttrace.core.lists import sort_of
from agenttrace.core.pages import Page, Sort
from agenttrace.core.tracing.filters import ObservationFilter, ScoreFilter, TraceFilter
from agenttrace.core.tracing.tables import OBSERVATION, SCORE, TRACE, TRACE_COUNT
from agenttrace.db import sql
from agenttrace.db.types import Row

# Columns that can be large; lists leave them out when asked to (``fields``).
IO_COLUMNS = frozenset({"input", "output", "metadata"})
# Merge bookkeeping of the ingest core, never part of an answer.
INTERNAL_COLUMNS = frozenset({"field_times", "provided_cost_details"})

TRACE_SORTS = {"timestamp": "timestamp", "latency": "latency", "totalCost": "total_cost"}


def columns_of(table: Table, with_io: bool = True) -> list[ColumnElement[Any]]:
    left_out = INTERNAL_COLUMNS if with_io else INTERNAL_COLUMNS | IO_COLUMNS
    return lists.columns_except(table, left_out)


# Traces


def trace_sort(order_by: str | None, order: str | None) -> Sort:
    """``orderBy`` (timestamp, latency, totalCost) and ``order`` (asc, desc; default desc)."""
    key = order_by or "timestamp"
    if key not in TRACE_SORTS:
        raise Invalid(f"orderBy must be one of {', '.join(TRACE_SORTS)}", field="orderBy")
    direction = (order or "desc").lower()
    if direction not in ("asc", "desc"):
        raise Invalid("order must be asc or desc", field="order")
    return sort_of(TRACE, TRACE_SORTS[key], direction == "desc")


def trace_conditions(
    project_id: str, filter: TraceFilter, dialect: sql.Dialect
) -> list[ColumnElement[bool]]:
    return [TRACE.c.project_id == project_id, *filter.conditions(dialect, project_id=project_id)]


async def traces(
    *,
    session: AsyncSession,
    project_id: str,
    filter: TraceFilter,
    sort: Sort,
    limit: int,
    cursor: str | None,
    with_io: bool,
    count: bool = True,
) -> Page:
    """Unfiltered, the total comes from the project's trace counter (O(1) at any size)."""
    unfiltered = filter == TraceFilter()
    page = await lists.keyset_page(
        session=session,
        table=TRACE,
        columns=columns_of(TRACE, with_io),
        conditions=trace_conditions(project_id, filter, sql.dialect_of(session)),
        sort=sort,
        limit=limit,
        cursor=cursor,
        count=count and not unfiltered,
    )
    if count and unfiltered:
        return replace(page, total=await trace_count(session=session, project_id=project_id))
    return page


async def traces_at(
    *,
    session: AsyncSession,
    project_id: str,
    filter: TraceFilter,
    sort: Sort,
    page: int,
    limit: int,
    with_io: bool,
) -> tuple[list[Row], int]:
    """One 1-based page of traces and how many match (the Langfuse dialect's lists)."""
    return await lists.offset_page(
        session=session,
        table=TRACE,
        columns=columns_of(TRACE, with_io),
        conditions=trace_conditions(project_id, filter, sql.dialect_of(session)),
        order_by=sort.order_by(),
        page=page,
        limit=limit,
    )


async def trace_count(*, session: AsyncSession, project_id: str) -> int:
    result = await session.execute(
        select(TRACE_COUNT.c.traces).where(TRACE_COUNT.c.project_id == project_id)
    )
    found = result.first()
    return 0 if found is None else int(found[0])


# What lists of observations and scores show of each one's trace.
TRACE_CONTEXT = ("id", "name", "user_id", "session_id", "tags", "environment", "release",
                 "public", "bookmarked")  # fmt: skip


async def trace_contexts(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str | None]
) -> dict[str, Row]:
    """A few columns of each of these traces, by id: one statement for a page of rows."""
    wanted = sorted({trace_id for trace_id in trace_ids if trace_id is not None})
    if not wanted:
        return {}
    result = await session.execute(
        select(*(TRACE.c[name] for name in TRACE_CONTEXT)).where(
            TRACE.c.project_id == project_id, TRACE.c.id.in_(wanted)
        )
    )
    return {row["id"]: row for row in result.mappings()}


# Observations


def observation_conditions(project_id: str, filter: ObservationFilter) -> list[ColumnElement[bool]]:
    return [OBSERVATION.c.project_id == project_id, *filter.conditions(project_id)]


def observation_sort(descending: bool = False) -> Sort:
    """By start time: a trace's observations oldest first, lists newest first."""
    return sort_of(OBSERVATION, "start_time", descending)


async def observations(
    *,
    session: AsyncSession,
    project_id: str,
    filter: ObservationFilter,
    sort: Sort,
    limit: int,
    cursor: str | None,
    with_io: bool,
    count: bool = True,
) -> Page:
    return await lists.keyset_page(
        session=session,
        table=OBSERVATION,
        columns=columns_of(OBSERVATION, with_io),
        conditions=observation_conditions(project_id, filter),
        sort=sort,
        limit=limit,
        cursor=cursor,
        count=count,
    )


async def observations_at(
    *, session: AsyncSession, project_id: str, filter: ObservationFilter, page: int, limit: int
) -> tuple[list[Row], int]:
    """One 1-based page of observations, newest first, and how many match."""
    return await lists.offset_page(
        session=session,
        table=OBSERVATION,
        columns=columns_of(OBSERVATION),
        conditions=observation_conditions(project_id, filter),
        order_by=observation_sort(descending=True).order_by(),
        page=page,
        limit=limit,
    )


async def trace_observations(
    *,
    session: AsyncSession,
    project_id: str,
    trace_id: str,
    limit: int,
    cursor: str | None,
    with_io: bool,
    count: bool = True,
) -> Page:
    """A trace's observations in start order, a page at a time (traces can hold tens of
    thousands); the page's ``total`` says how many there are (unless ``count`` is off)."""
    return await observations(
        session=session,
        project_id=project_id,
        filter=ObservationFilter(trace_id=trace_id),
        sort=observation_sort(),
        limit=limit,
        cursor=cursor,
        with_io=with_io,
        count=count,
    )


async def observation_ids_of_traces(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> dict[str, list[str]]:
    """Each trace's observation ids (the Langfuse trace list answers ids, not objects)."""
    found: dict[str, list[str]] = {trace_id: [] for trace_id in trace_ids}
    if not trace_ids:
        return found
    result = await session.execute(
        select(OBSERVATION.c.trace_id, OBSERVATION.c.id)
        .where(OBSERVATION.c.project_id == project_id, OBSERVATION.c.trace_id.in_(list(trace_ids)))
        .order_by(OBSERVATION.c.start_time, OBSERVATION.c.id)
    )
    for trace_id, observation_id in result.all():
        found[trace_id].append(observation_id)
    return found


# Scores


def score_conditions(
    project_id: str, filter: ScoreFilter, dialect: sql.Dialect
) -> list[ColumnElement[bool]]:
    return [SCORE.c.project_id == project_id, *filter.conditions(project_id, dialect)]


def score_sort() -> Sort:
    """Newest first: the order of every list of scores."""
    return sort_of(SCORE, "timestamp", True)


async def scores(
    *,
    session: AsyncSession,
    project_id: str,
    filter: ScoreFilter,
    limit: int,
    cursor: str | None,
    count: bool = True,
) -> Page:
    return await lists.keyset_page(
        session=session,
        table=SCORE,
        columns=columns_of(SCORE),
        conditions=score_conditions(project_id, filter, sql.dialect_of(session)),
        sort=score_sort(),
        limit=limit,
        cursor=cursor,
        count=count,
    )


async def scores_at(
    *, session: AsyncSession, project_id: str, filter: ScoreFilter, page: int, limit: int
) -> tuple[list[Row], int]:
    """One 1-based page of scores, newest first, and how many match."""
    return await lists.offset_page(
        session=session,
        table=SCORE,
        columns=columns_of(SCORE),
        conditions=score_conditions(project_id, filter, sql.dialect_of(session)),
        order_by=score_sort().order_by(),
        page=page,
        limit=limit,
    )


async def scores_of_traces(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> list[Row]:
    """Every score of these traces and their observations, oldest first."""
    if not trace_ids:
        return []
    result = await session.execute(
        select(*columns_of(SCORE))
        .where(SCORE.c.project_id == project_id, SCORE.c.trace_id.in_(list(trace_ids)))
        .order_by(SCORE.c.timestamp, SCORE.c.id)
    )
    return list(result.mappings().all())
