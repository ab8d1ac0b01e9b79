"""Reads of traces, observations and scores, always scoped to one project.

Rows are returned as mappings keyed by column name, the same shape the ingest core
writes, so every face shapes answers from one representation.
"""

from __future__ import annotations

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.errors import NotFound
from agenttrace.core.tracing.tables import TABLES, Kind
from agenttrace.db.types import Row


async def _one(
    session: AsyncSession, table: Table, resource: str, project_id: str, row_id: str
) -> Row:
    result = await session.execute(
        select(table).where(table.c.project_id == project_id, table.c.id == row_id)
    )
    row = result.mappings().first()
    if row is None:
        raise NotFound(resource, row_id)
    return row


async def trace(*, session: AsyncSession, project_id: str, trace_id: str) -> Row:
    return await _one(session, TABLES["trace"], "trace", project_id, trace_id)


async def observation(*, session: AsyncSession, project_id: str, observation_id: str) -> Row:
    return await _one(session, TABLES["observation"], "observation", project_id, observation_id)


async def score(*, session: AsyncSession, project_id: str, score_id: str) -> Row:
    return await _one(session, TABLES["score"], "score", project_id, score_id)


async def exists(*, session: AsyncSession, kind: Kind, project_id: str, row_id: str) -> bool:
    table = TABLES[kind]
    result = await session.execute(
        select(table.c.id).where(table.c.project_id == project_id, table.c.id == row_id)
    )
    return result.first() is not None
