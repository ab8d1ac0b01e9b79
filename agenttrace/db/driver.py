"""The hot write path's statements, sent straight to the driver on the session's own
connection (so inside its transaction), past SQLAlchemy's async adapter.

Through the adapter a statement costs SQLite four trips to aiosqlite's thread (open a
cursor, execute, fetch, close), each a queue put, a thread wake-up and a callback back
into the event loop: measured on this VM, 348 µs of CPU per ``exec_driver_sql`` against
82 µs for the same statement as one aiosqlite call. On PostgreSQL asyncpg's own
``execute`` and ``fetch`` skip the adapter's cursor and result objects. The statements
here are written for the driver (``?`` or ``$n`` placeholders) and their values are
already the driver's (``db/bulk.py`` converts rows); everything else goes through
SQLAlchemy as usual.

On SQLite they make no trip at all: they run on the event loop's thread, on the
``sqlite3`` connection aiosqlite wraps (``_sqlite3_connection``). Inside the writer's
transaction a statement never waits for a lock (BEGIN IMMEDIATE took the write lock up
front) and takes 0.05 to 1.5 ms, while a trip to aiosqlite's thread cost as much again in
hand-offs, and under load the thread waited milliseconds for the GIL the event loop held
(an aiosqlite BEGIN waited 2.6 ms at the median with 4 clients). Measured: 57-60 to 48-54
µs of CPU per Langfuse event (``bench.cpu``); callgrind counts only 0.5 % fewer
instructions, as the saving is the kernel's and the waiting. BEGIN, COMMIT and whatever
SQLAlchemy sends still go through aiosqlite's thread.

Errors are the driver's own (``sqlite3`` / asyncpg exceptions), which ``db/faults.py``
reads as well as SQLAlchemy's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


async def _driver_connection(session: AsyncSession) -> tuple[bool, Any]:
    """(is PostgreSQL, the aiosqlite or asyncpg connection of the session's transaction)."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    postgres = connection.dialect.name == "postgresql"
    if postgres and not driver.is_in_transaction():
        # SQLAlchemy's asyncpg adapter opens its transaction lazily, with its own first
        # statement: until then, what is sent past it would commit statement by statement
        # (no rollback, and advisory locks released at once). One statement through it.
        await connection.exec_driver_sql("SELECT 1")
    return postgres, driver


def _sqlite3_connection(driver: Any) -> sqlite3.Connection:
    """The ``sqlite3`` connection an aiosqlite one wraps: its ``_conn``, which SQLAlchemy's
    own aiosqlite dialect reaches too; SQLAlchemy opens file databases with
    ``check_same_thread=False``. Only called inside the session's transaction, where every
    statement is awaited in turn, so aiosqlite's thread is idle on it meanwhile."""
    connection: sqlite3.Connection = driver._conn
    return connection


async def execute_many(
    session: AsyncSession, statement: str, rows: Sequence[Sequence[Any]]
) -> None:
    """Run ``statement`` once per row on SQLite (``executemany``, a C loop); on PostgreSQL
    ``rows`` is a single row of parameters (``db/bulk.py`` passes one array per column)."""
    postgres, driver = await _driver_connection(session)
    if postgres:
        for row in rows:
            await driver.execute(statement, *row)
    else:
        _sqlite3_connection(driver).executemany(statement, rows)


async def fetch(session: AsyncSession, statement: str, parameters: Sequence[Any]) -> list[Any]:
    """Every row ``statement`` answers, as tuples (asyncpg records index like tuples)."""
    postgres, driver = await _driver_connection(session)
    if postgres:
        return list(await driver.fetch(statement, *parameters))
    return _sqlite3_connection(driver).execute(statement, parameters).fetchall()
