"""A write cancelled mid-way leaves SQLite's one writer connection usable and its rows
gone. aiosqlite's thread runs what it was handed even when the awaiting task is
cancelled, so SQLAlchemy's pool rollback on every returned connection
(``pool_reset_on_return``) is what cleans up a BEGIN still queued there: it is queued
behind it. Skipping that rollback when the connection says it holds no transaction saves
a trip per transaction (0.6 % of the instructions per event) but loses this case
(bench/README.md, issue 17's fourth session)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from agenttrace.core.tracing.tables import TRACE_COUNT
from agenttrace.db import Database, bulk, create_database, migrate
from agenttrace.settings import Settings
from tests.conftest import make_project


@pytest.fixture
async def sqlite_database(tmp_path: Path) -> AsyncIterator[tuple[Database, str]]:
    """A server's database and a project in it."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'agenttrace.db'}")
    await migrate.upgrade(settings)
    database = create_database(settings, server=True)
    project_id = (await make_project(database)).project_id
    yield database, project_id
    await database.dispose()


async def test_a_write_cancelled_mid_transaction_leaves_the_writer_usable(
    sqlite_database: tuple[Database, str],
) -> None:
    database, project_id = sqlite_database
    inside = asyncio.Event()

    async def abandoned() -> None:
        async with database.write() as session:
            await bulk.upsert(session, TRACE_COUNT, [{"project_id": project_id, "traces": 7}])
            inside.set()
            await asyncio.sleep(60)

    task = asyncio.create_task(abandoned())
    await inside.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with asyncio.timeout(10), database.write() as session:
        left = await session.execute(text("SELECT count(*) FROM trace_count"))
        assert left.scalar_one() == 0


async def test_a_write_cancelled_before_its_begin_ran_leaves_the_writer_usable(
    sqlite_database: tuple[Database, str],
) -> None:
    """The BEGIN is still queued on aiosqlite's thread when the connection goes back to
    the pool; it runs later, and the pool's rollback after it."""
    database, _ = sqlite_database
    async with database.writer.connect() as connection:
        raw: Any = await connection.get_raw_connection()
        thread = raw.driver_connection
    busy = asyncio.ensure_future(thread._execute(time.sleep, 0.3))  # the thread, occupied
    began = asyncio.Event()

    async def cancelled() -> None:
        async with database.write() as session:
            began.set()
            await session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE, queued

    task = asyncio.create_task(cancelled())
    await began.wait()
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await busy
    async with asyncio.timeout(10), database.write() as session:
        assert (await session.execute(text("SELECT 1"))).scalar_one() == 1
