"""Lists of traces, observations, scores and sessions: one query core for every face.

Each list is a project-scoped query with the typed filters of ``core/filters.py``, paged
by keyset (``core/pages.py``) or, for the Langfuse dialect only, by offset. Rows are
mappings keyed by column name (the shape the ingest core writes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.pages import Page, Sort, decode_cursor, page_of
from agenttrace.core.tracing.filters import (
    OBSERVATION,
    SCORE,
    TRACE,
    ObservationFilter,
    ScoreFilter,
    SessionFilter,
    TraceFilter,
)
from agenttrace.core.tracing.ingest.store import TRACE_COUNT
from agenttrace.db import sql
from agenttrace.db.counts import CountCache, freeze
from agenttrace.models import TraceSession

Row = Mapping[str, Any]
SESSION = TraceSession.__table__  # type: ignore[attr-defined]
# Columns that can be large; lists leave them out when asked to (``fields``).
IO_COLUMNS = frozenset({"input", "output", "metadata"})
# Merge bookkeeping of the ingest core, never part of an answer.
INTERNAL_COLUMNS = frozenset({"field_times", "provided_cost_details"})

TRACE_SORTS = {"timestamp": "timestamp", "latency": "latency", "totalCost": "total_cost"}


def sort_of(table: Table, column: str, descending: bool, *, name: str | None = None) -> Sort:
    target = table.c[column]
    return Sort(
        name=name or f"{table.name}.{column}.{'desc' if descending else 'asc'}",
        column=target,
        id_column=table.c.id,
        descending=descending,
        nullable=bool(target.nullable),
    )


def trace_sort(order_by: str | None, order: str | None) -> Sort:
    """``orderBy`` (timestamp, latency, totalCost) and ``order`` (asc, desc; default desc)."""
    key = order_by or "timestamp"
    if key not in TRACE_SORTS:
        raise Invalid(f"orderBy must be one of {', '.join(TRACE_SORTS)}", field="orderBy")
    direction = (order or "desc").lower()
    if direction not in ("asc", "desc"):
        raise Invalid("order must be asc or desc", field="order")
    return sort_of(TRACE, TRACE_SORTS[key], direction == "desc")


def columns_of(table: Table, with_io: bool = True) -> list[ColumnElement[Any]]:
    left_out = INTERNAL_COLUMNS if with_io else INTERNAL_COLUMNS | IO_COLUMNS
    return [c for c in table.columns if c.name not in left_out]


async def _count(
    session: AsyncSession, table: Table, conditions: Sequence[ColumnElement[bool]]
) -> int:
    """Through the session's counts cache when it has one (``db/counts.py``): a client
    paging through a large filtered list counts once, not once per page."""
    statement = count_statement(table, conditions)

    async def compute() -> int:
        return int((await session.exec(statement)).one()[0])

    counts: CountCache | None = session.info.get("counts")
    if counts is None:
        return await compute()
    compiled = statement.compile(dialect=session.bind.dialect)  # type: ignore[union-attr]
    return await counts.count((str(compiled), freeze(compiled.params)), compute)


def keyset_statements(
    columns: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    *,
    sort: Sort,
    limit: int,
    cursor: str | None,
) -> list[Select[Any]]:
    """The page's queries, each for one page and one row more (to know whether there is a
    next page); run in order until a page is full (see ``Sort.segments``)."""
    after = decode_cursor(sort, cursor) if cursor else None
    return [
        select(*columns)
        .where(*conditions, *segment.conditions)
        .order_by(*segment.order_by)
        .limit(limit + 1)
        for segment in sort.segments(after)
    ]


def count_statement(table: Table, conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return select(func.count()).select_from(table).where(*conditions)


async def keyset_page(
    session: AsyncSession,
    table: Table,
    columns: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    *,
    sort: Sort,
    limit: int,
    cursor: str | None,
    count: bool,
) -> Page:
    rows: list[Row] = []
    for statement in keyset_statements(columns, conditions, sort=sort, limit=limit, cursor=cursor):
        rows += (await session.exec(statement.limit(limit + 1 - len(rows)))).mappings().all()
        if len(rows) > limit:
            break
    total = await _count(session, table, conditions) if count else None
    return page_of(rows, sort=sort, limit=limit, total=total)


async def offset_page(
    session: AsyncSession,
    table: Table,
    columns: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    *,
    order_by: Sequence[ColumnElement[Any]],
    page: int,
    limit: int,
) -> tuple[list[Row], int]:
    """Langfuse's page/limit (1-based pages) over one table; the rows and how many match."""
    statement = select(*columns).where(*conditions).order_by(*order_by)
    rows = await offset_rows(session, statement, page=page, limit=limit)
    return rows, await _count(session, table, conditions)


async def offset_rows(
    session: AsyncSession, statement: Select[Any], *, page: int, limit: int
) -> list[Row]:
    """One 1-based page of an ordered statement: the one place OFFSET is used, because the
    Langfuse dialect's clients require page numbers (everything else pages by keyset)."""
    paged = statement.offset((page - 1) * limit).limit(limit)
    return list((await session.exec(paged)).mappings().all())


async def count_rows(session: AsyncSession, statement: Select[Any]) -> int:
    """How many rows a statement answers (a grouped one, say)."""
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int((await session.exec(counted)).one()[0])


# Traces


def trace_conditions(
    project_id: str, filter: TraceFilter, dialect: sql.Dialect
) -> list[ColumnElement[bool]]:
    return [TRACE.c.project_id == project_id, *filter.conditions(dialect)]


async def traces(
    session: AsyncSession,
    *,
    project_id: str,
    filter: TraceFilter,
    sort: Sort,
    limit: int,
    cursor: str | None,
    with_io: bool,
    dialect: sql.Dialect,
    count: bool = True,
) -> Page:
    """Unfiltered, the total comes from the project's trace counter (O(1) at any size)."""
    unfiltered = filter == TraceFilter()
    page = await keyset_page(
        session,
        TRACE,
        columns_of(TRACE, with_io),
        trace_conditions(project_id, filter, dialect),
        sort=sort,
        limit=limit,
        cursor=cursor,
        count=count and not unfiltered,
    )
    if count and unfiltered:
        return replace(page, total=await trace_count(session, project_id=project_id))
    return page


async def trace_count(session: AsyncSession, *, project_id: str) -> int:
    result = await session.exec(
        select(TRACE_COUNT.c.traces).where(TRACE_COUNT.c.project_id == project_id)
    )
    found = result.first()
    return 0 if found is None else int(found[0])


# Observations


def observation_conditions(project_id: str, filter: ObservationFilter) -> list[ColumnElement[bool]]:
    return [OBSERVATION.c.project_id == project_id, *filter.conditions(project_id)]


async def observations(
    session: AsyncSession,
    *,
    project_id: str,
    filter: ObservationFilter,
    sort: Sort,
    limit: int,
    cursor: str | None,
    with_io: bool,
    count: bool = True,
) -> Page:
    return await keyset_page(
        session,
        OBSERVATION,
        columns_of(OBSERVATION, with_io),
        observation_conditions(project_id, filter),
        sort=sort,
        limit=limit,
        cursor=cursor,
        count=count,
    )


# Scores


def score_conditions(
    project_id: str, filter: ScoreFilter, dialect: sql.Dialect | None = None
) -> list[ColumnElement[bool]]:
    return [SCORE.c.project_id == project_id, *filter.conditions(project_id, dialect)]


def score_sort() -> Sort:
    """Newest first: the order of every list of scores."""
    return sort_of(SCORE, "timestamp", True)


async def scores(
    session: AsyncSession,
    *,
    project_id: str,
    filter: ScoreFilter,
    limit: int,
    cursor: str | None,
    count: bool = True,
    dialect: sql.Dialect | None = None,
) -> Page:
    return await keyset_page(
        session,
        SCORE,
        columns_of(SCORE),
        score_conditions(project_id, filter, dialect),
        sort=score_sort(),
        limit=limit,
        cursor=cursor,
        count=count,
    )


async def scores_of_traces(
    session: AsyncSession, *, project_id: str, trace_ids: Sequence[str]
) -> list[Row]:
    if not trace_ids:
        return []
    result = await session.exec(
        select(*columns_of(SCORE))
        .where(SCORE.c.project_id == project_id, SCORE.c.trace_id.in_(list(trace_ids)))
        .order_by(SCORE.c.timestamp, SCORE.c.id)
    )
    return list(result.mappings().all())


async def observation_ids_of_traces(
    session: AsyncSession, *, project_id: str, trace_ids: Sequence[str]
) -> dict[str, list[str]]:
    """Each trace's observation ids (the Langfuse trace list answers ids, not objects)."""
    found: dict[str, list[str]] = {trace_id: [] for trace_id in trace_ids}
    if not trace_ids:
        return found
    result = await session.exec(
        select(OBSERVATION.c.trace_id, OBSERVATION.c.id)
        .where(OBSERVATION.c.project_id == project_id, OBSERVATION.c.trace_id.in_(list(trace_ids)))
        .order_by(OBSERVATION.c.start_time, OBSERVATION.c.id)
    )
    for trace_id, observation_id in result.all():
        found[trace_id].append(observation_id)
    return found


# What lists of observations and scores show of each one's trace.
TRACE_CONTEXT = ("id", "name", "user_id", "session_id", "tags", "environment", "release",
                 "public", "bookmarked")  # fmt: skip


async def trace_contexts(
    session: AsyncSession, *, project_id: str, trace_ids: Sequence[str | None]
) -> dict[str, Row]:
    """A few columns of each of these traces, by id: one statement for a page of rows."""
    wanted = sorted({trace_id for trace_id in trace_ids if trace_id is not None})
    if not wanted:
        return {}
    result = await session.exec(
        select(*(TRACE.c[name] for name in TRACE_CONTEXT)).where(
            TRACE.c.project_id == project_id, TRACE.c.id.in_(wanted)
        )
    )
    return {row["id"]: row for row in result.mappings()}


async def trace_observations(
    session: AsyncSession,
    *,
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
        session,
        project_id=project_id,
        filter=ObservationFilter(trace_id=trace_id),
        sort=sort_of(OBSERVATION, "start_time", False),
        limit=limit,
        cursor=cursor,
        with_io=with_io,
        count=count,
    )


# Sessions


def session_conditions(project_id: str, filter: SessionFilter) -> list[ColumnElement[bool]]:
    return [SESSION.c.project_id == project_id, *filter.conditions(SESSION)]


def session_sort() -> Sort:
    return sort_of(SESSION, "created_at", True)


async def session_aggregates(
    session: AsyncSession, *, project_id: str, session_ids: Sequence[str]
) -> dict[str, Row]:
    """Per session: trace count, first and last trace time, users, cost and tokens, from the
    traces, with one grouped query and one query for the distinct users."""
    found: dict[str, dict[str, Any]] = {}
    if not session_ids:
        return found
    in_sessions = (TRACE.c.project_id == project_id, TRACE.c.session_id.in_(list(session_ids)))
    grouped = await session.exec(
        select(
            TRACE.c.session_id,
            func.count().label("trace_count"),
            func.min(TRACE.c.timestamp).label("first_trace_time"),
            func.max(TRACE.c.timestamp).label("last_trace_time"),
            func.sum(TRACE.c.total_cost).label("total_cost"),
            func.sum(TRACE.c.input_tokens).label("input_tokens"),
            func.sum(TRACE.c.output_tokens).label("output_tokens"),
            func.sum(TRACE.c.total_tokens).label("total_tokens"),
        )
        .where(*in_sessions)
        .group_by(TRACE.c.session_id)
    )
    for row in grouped.mappings():
        found[row["session_id"]] = {**row, "user_ids": []}
    users = await session.exec(
        select(TRACE.c.session_id, TRACE.c.user_id)
        .where(*in_sessions, TRACE.c.user_id.is_not(None))
        .distinct()
        .order_by(TRACE.c.session_id, TRACE.c.user_id)
    )
    for session_id, user_id in users.all():
        found[session_id]["user_ids"].append(user_id)
    return found


def with_session_aggregates(rows: Sequence[Row], aggregates: Mapping[str, Row]) -> list[Row]:
    empty = {"trace_count": 0, "first_trace_time": None, "last_trace_time": None, "total_cost": None,
             "input_tokens": 0, "output_tokens": 0, "total_tokens": 0, "user_ids": []}  # fmt: skip
    return [{**empty, **aggregates.get(row["id"], {}), **row} for row in rows]


async def session_by_id(session: AsyncSession, *, project_id: str, session_id: str) -> Row:
    result = await session.exec(
        select(SESSION).where(SESSION.c.project_id == project_id, SESSION.c.id == session_id)
    )
    row = result.mappings().first()
    if row is None:
        raise NotFound("session", session_id)
    aggregates = await session_aggregates(session, project_id=project_id, session_ids=[session_id])
    return with_session_aggregates([row], aggregates)[0]


async def sessions(
    session: AsyncSession,
    *,
    project_id: str,
    filter: SessionFilter,
    limit: int,
    cursor: str | None,
    count: bool = True,
) -> Page:
    page = await keyset_page(
        session,
        SESSION,
        list(SESSION.columns),
        session_conditions(project_id, filter),
        sort=session_sort(),
        limit=limit,
        cursor=cursor,
        count=count,
    )
    aggregates = await session_aggregates(
        session, project_id=project_id, session_ids=[r["id"] for r in page.rows]
    )
    return Page(
        rows=with_session_aggregates(page.rows, aggregates),
        has_more=page.has_more,
        next_cursor=page.next_cursor,
        total=page.total,
    )
