"""Deleting traces for real: the trace, its observations, its scores, its agent records
(checkpoints, git links, file operations, terminal commands, CI-run attachments), and
sessions left without any trace (with their scores). One transaction; nothing of a deleted
trace stays readable. (CI runs themselves stay: they outlive the traces they collected;
checkpoint contents are shared by hash and stay with the project.)"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.tables import (
    CHECKPOINT,
    CI_RUN_TRACE,
    FILE_OPERATION,
    GIT_LINK,
    TERMINAL_COMMAND,
)
from agenttrace.core.errors import NotFound
from agenttrace.core.tracing import search
from agenttrace.core.tracing.tables import OBSERVATION, SCORE, SESSION, TRACE, TRACE_COUNT
from agenttrace.db import sql

# Ids per statement, under both databases' bind-parameter limits.
DELETE_CHUNK = 1000


async def delete_traces(*, session: AsyncSession, project_id: str, trace_ids: Sequence[str]) -> int:
    """Delete the traces that exist among ``trace_ids``; the number deleted."""
    unique = list(dict.fromkeys(trace_ids))
    await sql.lock(session, (sql.lock_key("trace", project_id, t) for t in unique))
    deleted = 0
    for start in range(0, len(unique), DELETE_CHUNK):
        chunk = unique[start : start + DELETE_CHUNK]
        found = await session.execute(
            select(TRACE.c.id, TRACE.c.session_id).where(
                TRACE.c.project_id == project_id, TRACE.c.id.in_(chunk)
            )
        )
        rows = found.all()
        if not rows:
            continue
        ids = [row[0] for row in rows]
        for table, column in (
            *((t, t.c.trace_id) for t in (CHECKPOINT, GIT_LINK, FILE_OPERATION, TERMINAL_COMMAND)),
            (CI_RUN_TRACE, CI_RUN_TRACE.c.trace_id),
            (SCORE, SCORE.c.trace_id),
            (OBSERVATION, OBSERVATION.c.trace_id),
            (TRACE, TRACE.c.id),
        ):
            await session.execute(
                delete(table).where(table.c.project_id == project_id, column.in_(ids))
            )
        await search.forget(session, project_id, ids)
        await session.execute(
            update(TRACE_COUNT)
            .where(TRACE_COUNT.c.project_id == project_id)
            .values(traces=TRACE_COUNT.c.traces - len(ids))
        )
        await _delete_empty_sessions(
            session, project_id, {row[1] for row in rows if row[1] is not None}
        )
        deleted += len(ids)
    return deleted


async def _delete_empty_sessions(
    session: AsyncSession, project_id: str, candidates: set[str]
) -> None:
    """Sessions whose last trace went: the session and the scores given to it."""
    if not candidates:
        return
    used = await session.execute(
        select(TRACE.c.session_id)
        .where(TRACE.c.project_id == project_id, TRACE.c.session_id.in_(sorted(candidates)))
        .distinct()
    )
    empty = sorted(candidates - {row[0] for row in used.all()})
    if empty:
        await session.execute(
            delete(SCORE).where(SCORE.c.project_id == project_id, SCORE.c.session_id.in_(empty))
        )
        await session.execute(
            delete(SESSION).where(SESSION.c.project_id == project_id, SESSION.c.id.in_(empty))
        )


async def delete_trace(*, session: AsyncSession, project_id: str, trace_id: str) -> None:
    if await delete_traces(session=session, project_id=project_id, trace_ids=[trace_id]) == 0:
        raise NotFound("trace", trace_id)
