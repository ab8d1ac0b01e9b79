"""The hot write path's statements, sent straight to the driver on the session's own
connection (so inside its transaction), past SQLAlchemy's async adapter.

Through the adapter a statement costs SQLite four trips to aiosqlite's thread (open a
cursor, execute, fetch, close), each a queue put, a thread wake-up and a callback back
into the event loop: measured on this VM, 348 µs of CPU per ``exec_driver_sql`` against
82 µs for the same statement as one aiosqlite call. aiosqlite's ``executemany`` and
``execute_fetchall`` are one trip each. On PostgreSQL asyncpg's own ``execute`` and
``fetch`` skip the adapter's cursor and result objects. The statements here are written
for the driver (``?`` or ``$n`` placeholders) and their values are already the driver's
(``db/bulk.py`` converts rows); everything else goes through SQLAlchemy as usual.

Errors are the driver's own (``sqlite3`` / asyncpg exceptions), which ``db/faults.py``
reads as well as SQLAlchemy's.
"""

from __future__ import annotations

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


async def execute_many(
    session: AsyncSession, statement: str, rows: Sequence[Sequence[Any]]
) -> None:
    """Run ``statement`` once per row on SQLite (``executemany``, one trip); on PostgreSQL
    ``rows`` is a single row of parameters (``db/bulk.py`` passes one array per column)."""
    postgres, driver = await _driver_connection(session)
    if postgres:
        for row in rows:
            await driver.execute(statement, *row)
    else:
        await driver.executemany(statement, rows)


async def fetch(session: AsyncSession, statement: str, parameters: Sequence[Any]) -> list[Any]:
    """Every row ``statement`` answers, as tuples (asyncpg records index like tuples)."""
    postgres, driver = await _driver_connection(session)
    if postgres:
        return list(await driver.fetch(statement, *parameters))
    return list(await driver.execute_fetchall(statement, parameters))
