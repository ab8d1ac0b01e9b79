"""Sessions: the traces that share a session id, with aggregates computed from them (trace
count, first and last trace time, users, cost, tokens) at read time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.errors import NotFound
from agenttrace.core.lists import sort_of
from agenttrace.core.pages import Page, Sort
from agenttrace.core.tracing.filters import SessionFilter
from agenttrace.core.tracing.tables import SESSION, TRACE
from agenttrace.db.types import Row

_NO_TRACES: dict[str, Any] = {
    "trace_count": 0, "first_trace_time": None, "last_trace_time": None, "total_cost": None,
    "input_tokens": 0, "output_tokens": 0, "total_tokens": 0, "user_ids": [],
}  # fmt: skip


def session_conditions(project_id: str, filter: SessionFilter) -> list[ColumnElement[bool]]:
    return [SESSION.c.project_id == project_id, *filter.conditions(project_id)]


def session_sort() -> Sort:
    """Newest first, by when the session's first trace arrived."""
    return sort_of(SESSION, "created_at", True)


async def session_aggregates(
    *, session: AsyncSession, project_id: str, session_ids: Sequence[str]
) -> dict[str, Row]:
    """Per session: trace count, first and last trace time, users, cost and tokens, from the
    traces, with one grouped query and one query for the distinct users."""
    found: dict[str, Row] = {}
    if not session_ids:
        return found
    in_sessions = (TRACE.c.project_id == project_id, TRACE.c.session_id.in_(list(session_ids)))
    grouped = await session.execute(
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
    users_of: dict[str, list[str]] = {}
    for row in grouped.mappings():
        users_of[row["session_id"]] = []
        found[row["session_id"]] = {**row, "user_ids": users_of[row["session_id"]]}
    users = await session.execute(
        select(TRACE.c.session_id, TRACE.c.user_id)
        .where(*in_sessions, TRACE.c.user_id.is_not(None))
        .distinct()
        .order_by(TRACE.c.session_id, TRACE.c.user_id)
    )
    for session_id, user_id in users.all():
        users_of[session_id].append(user_id)
    return found


async def with_aggregates(
    *, session: AsyncSession, project_id: str, rows: Sequence[Row]
) -> list[Row]:
    """Session rows with their aggregates (zero for a session whose traces are gone)."""
    aggregates = await session_aggregates(
        session=session, project_id=project_id, session_ids=[row["id"] for row in rows]
    )
    return [{**_NO_TRACES, **aggregates.get(row["id"], {}), **row} for row in rows]


async def session_by_id(*, session: AsyncSession, project_id: str, session_id: str) -> Row:
    result = await session.execute(
        select(SESSION).where(SESSION.c.project_id == project_id, SESSION.c.id == session_id)
    )
    row = result.mappings().first()
    if row is None:
        raise NotFound("session", session_id)
    return (await with_aggregates(session=session, project_id=project_id, rows=[row]))[0]


async def sessions(
    *,
    session: AsyncSession,
    project_id: str,
    filter: SessionFilter,
    limit: int,
    cursor: str | None,
    count: bool = True,
) -> Page:
    page = await lists.keyset_page(
        session=session,
        table=SESSION,
        columns=list(SESSION.columns),
        conditions=session_conditions(project_id, filter),
        sort=session_sort(),
        limit=limit,
        cursor=cursor,
        count=count,
    )
    rows = await with_aggregates(session=session, project_id=project_id, rows=page.rows)
    return replace(page, rows=rows)


async def sessions_at(
    *, session: AsyncSession, project_id: str, filter: SessionFilter, page: int, limit: int
) -> tuple[list[Row], int]:
    """One 1-based page of session rows (without aggregates) and how many match."""
    return await lists.offset_page(
        session=session,
        table=SESSION,
        columns=list(SESSION.columns),
        conditions=session_conditions(project_id, filter),
        order_by=session_sort().order_by(),
        page=page,
        limit=limit,
    )
