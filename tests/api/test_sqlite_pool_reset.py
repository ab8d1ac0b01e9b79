"""SQLite connections go back to their pools without a rollback after every commit (a trip
to aiosqlite's thread, on the writer's one connection, that SQLAlchemy's own pool reset
costs), and one returned inside a transaction is still rolled back
(``db/engine.configure_sqlite``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import select, text

from agenttrace.core.tracing.tables import TRACE_COUNT
from agenttrace.db import Database, bulk, create_database, driver, migrate
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


@pytest.fixture
def rollbacks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per rollback aiosqlite is asked for (it still rolls back)."""
    asked: list[int] = []
    rollback = aiosqlite.Connection.rollback

    async def counted(self: aiosqlite.Connection) -> None:
        asked.append(1)
        await rollback(self)

    monkeypatch.setattr(aiosqlite.Connection, "rollback", counted)
    return asked


async def test_a_committed_write_and_a_read_take_no_rollback_of_the_pool(
    sqlite_database: tuple[Database, str], rollbacks: list[int]
) -> None:
    database, project_id = sqlite_database
    async with database.write() as session:
        await bulk.upsert(session, TRACE_COUNT, [{"project_id": project_id, "traces": 2}])
    assert rollbacks == []
    for _ in range(2):  # the second on a pooled connection (SQLAlchemy sets a new one up)
        rollbacks.clear()
        async with database.read() as session:
            found = await session.execute(select(TRACE_COUNT.c.traces))
            assert found.scalars().all() == [2]
    # The read session ends its read transaction itself; the pool adds none.
    assert rollbacks == [1]


async def test_a_connection_returned_inside_a_transaction_is_rolled_back(
    sqlite_database: tuple[Database, str], rollbacks: list[int]
) -> None:
    database, project_id = sqlite_database
    async with database.writer.connect() as connection:
        raw: Any = await connection.get_raw_connection()
        await raw.driver_connection.execute("BEGIN IMMEDIATE")
        await raw.driver_connection.execute(
            "INSERT INTO trace_count (project_id, traces) VALUES (?, 1)", (project_id,)
        )
        sqlite = driver.sqlite3_connection(raw.driver_connection)
        assert sqlite.in_transaction
    # Back in the pool: rolled back, so the next write begins and the insert is gone.
    assert rollbacks == [1]
    assert not sqlite.in_transaction
    async with database.write() as session:
        left = await session.execute(text("SELECT count(*) FROM trace_count"))
        assert left.scalar_one() == 0


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
