"""Statements sent straight to the driver (``db/driver.py``) belong to the session's
transaction: they commit with it, roll back with it, and PostgreSQL's advisory locks they
take hold until it ends. (SQLAlchemy's asyncpg adapter opens its transaction lazily, so
without care each of them would commit on its own.)"""

from __future__ import annotations

import uuid

import asyncpg
import pytest
from sqlalchemy import select

from agenttrace.core.tracing.tables import TRACE_COUNT
from agenttrace.db import Database, bulk, sql
from tests.conftest import make_project


class _Abandoned(Exception):
    pass


async def _count_row(database: Database, project_id: str) -> int | None:
    async with database.read() as session:
        found = await session.execute(
            select(TRACE_COUNT.c.traces).where(TRACE_COUNT.c.project_id == project_id)
        )
        return found.scalar_one_or_none()


async def test_driver_writes_commit_and_roll_back_with_their_transaction(
    database: Database,
) -> None:
    kept = (await make_project(database)).project_id
    abandoned = (await make_project(database)).project_id
    async with database.write() as session:
        await bulk.upsert(session, TRACE_COUNT, [{"project_id": kept, "traces": 3}])

    async def abandon() -> None:
        async with database.write() as session:
            await bulk.upsert(session, TRACE_COUNT, [{"project_id": abandoned, "traces": 5}])
            raise _Abandoned

    with pytest.raises(_Abandoned):
        await abandon()
    assert await _count_row(database, kept) == 3
    assert await _count_row(database, abandoned) is None


@pytest.mark.postgresql_only
async def test_advisory_locks_hold_until_the_transaction_ends(
    database: Database, database_url: str
) -> None:
    key = sql.lock_key("trace", uuid.uuid4().hex, "t-locked")
    other = await asyncpg.connect(database_url)
    try:
        async with database.write() as session:
            await sql.lock(session, [key])
            assert await other.fetchval("SELECT pg_try_advisory_xact_lock($1)", key) is False
        assert await other.fetchval("SELECT pg_try_advisory_xact_lock($1)", key) is True
    finally:
        await other.close()
