"""The few statements that differ between SQLite and PostgreSQL, each with both branches."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from sqlalchemy import Table, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Insert
from sqlmodel.ext.asyncio.session import AsyncSession

Dialect = Literal["sqlite", "postgresql"]


def _insert(table: Table, dialect: Dialect) -> Any:
    return postgresql_insert(table) if dialect == "postgresql" else sqlite_insert(table)


def upsert(table: Table, dialect: Dialect, *, keep: Sequence[str] = ("created_at",)) -> Insert:
    """``INSERT … ON CONFLICT (primary key) DO UPDATE`` every column but the key and ``keep``.

    Callers pass complete, already merged rows (see ``core/ingest.py``), so overwriting
    is the whole merge the database has to do.
    """
    statement = _insert(table, dialect)
    key = [column.name for column in table.primary_key.columns]
    replaced = {
        column.name: statement.excluded[column.name]
        for column in table.columns
        if column.name not in key and column.name not in keep
    }
    return statement.on_conflict_do_update(index_elements=key, set_=replaced)  # type: ignore[no-any-return]


def insert_missing(table: Table, dialect: Dialect) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING``: rows that exist are left as they are."""
    return _insert(table, dialect).on_conflict_do_nothing()  # type: ignore[no-any-return]


def lock_key(*parts: str) -> int:
    """A signed 64-bit advisory-lock key for a logical name (stable across processes)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def lock(session: AsyncSession, dialect: Dialect, keys: Iterable[int]) -> None:
    """Serialise writers of the same rows across server processes, until commit.

    Postgres: transaction-scoped advisory locks, taken in sorted order so two writers can
    never wait on each other. SQLite needs none: its writer transaction (BEGIN IMMEDIATE)
    already excludes every other writer, in this process or another.
    """
    if dialect != "postgresql":
        return
    ordered = sorted(set(keys))
    if ordered:
        await session.exec(
            text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"),
            params={"keys": ordered},
        )
