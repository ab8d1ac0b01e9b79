"""Bulk upserts for the hot write path, one statement per table and batch.

Thousands of rows a second go through here; SQLAlchemy's per-value bind processing and
statement building would cost more than the database's own work. So each table's
statement is written once per dialect, and rows are converted to driver values in one
pass:

- SQLite: ``INSERT … VALUES (?, …) ON CONFLICT …`` through the driver's ``executemany``
  (a C loop in-process, one trip to aiosqlite's thread: ``db/driver.py``);
- PostgreSQL: ``INSERT … SELECT * FROM unnest($1::type[], …) ON CONFLICT …`` with one
  array per column: one statement, one round trip and one prepared plan whatever the
  number of rows (``executemany`` would execute once per row on the server).

The caller passes complete, already merged rows (``core/ingest.py``), so overwriting the
stored row is the whole merge the database has to do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any, Literal

import orjson
from sqlalchemy import Dialect, Table
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.db import driver
from agenttrace.db.types import JSONType, UTCDateTime, to_micros

OnConflict = Literal["update", "ignore"]


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


@dataclass(frozen=True)
class BulkInsert:
    sql: str
    columns: tuple[str, ...]
    # (position, converter) for the values that need one: JSON as text, SQLite times.
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]
    # Postgres takes one array per column instead of one tuple per row.
    by_column: bool

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> Any:
        values_of = itemgetter(*self.columns)
        tuples = []
        for row in rows:
            values = list(values_of(row))
            for position, convert in self.converters:
                if values[position] is not None:
                    values[position] = convert(values[position])
            tuples.append(tuple(values))
        if self.by_column:
            return (tuple(list(column) for column in zip(*tuples, strict=True)),)
        return tuples


# On a key that exists, set these columns to these SQL expressions (``excluded.<column>``
# is the new row's value, ``<table>.<column>`` the stored one's) when ``where`` holds.
Assignments = tuple[tuple[str, str], ...]


@cache
def bulk_insert(
    table: Table,
    dialect: Dialect,
    on_conflict: OnConflict,
    keep: tuple[str, ...],
    assign: Assignments = (),
    where: str | None = None,
) -> BulkInsert:
    quote = dialect.identifier_preparer.quote
    columns = tuple(column.name for column in table.columns)
    key = [column.name for column in table.primary_key.columns]
    names = ", ".join(quote(name) for name in columns)
    if assign:
        assignments = ", ".join(f"{quote(name)} = {expression}" for name, expression in assign)
        conflict = f"ON CONFLICT ({', '.join(quote(k) for k in key)}) DO UPDATE SET {assignments}"
        if where is not None:
            conflict += f" WHERE {where}"
    elif on_conflict == "update":
        assignments = ", ".join(
            f"{quote(name)} = excluded.{quote(name)}"
            for name in columns
            if name not in key and name not in keep
        )
        conflict = f"ON CONFLICT ({', '.join(quote(k) for k in key)}) DO UPDATE SET {assignments}"
    else:
        conflict = "ON CONFLICT DO NOTHING"
    postgres = dialect.name == "postgresql"
    if postgres:
        arrays = ", ".join(
            f"${position}::{column.type.compile(dialect=dialect)}[]"
            for position, column in enumerate(table.columns, start=1)
        )
        source = f"SELECT * FROM unnest({arrays})"
    else:
        source = f"VALUES ({', '.join('?' for _ in columns)})"
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for position, column in enumerate(table.columns):
        if isinstance(column.type, JSONType):
            converters.append((position, _json_text))
        elif isinstance(column.type, UTCDateTime) and not postgres:
            converters.append((position, to_micros))
    return BulkInsert(
        sql=f"INSERT INTO {quote(table.name)} ({names}) {source} {conflict}",
        columns=columns,
        converters=tuple(converters),
        by_column=postgres,
    )


async def upsert(
    session: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    on_conflict: OnConflict = "update",
    keep: tuple[str, ...] = ("created_at",),
    assign: Assignments = (),
    where: str | None = None,
) -> None:
    """Insert ``rows`` (each with every column of the table); on a key that exists,
    overwrite every column but ``keep`` (``on_conflict="ignore"``: leave the stored row as
    it is), or, given ``assign``, set only those columns, when ``where`` holds."""
    if not rows:
        return
    bind = session.get_bind()
    statement = bulk_insert(table, bind.dialect, on_conflict, keep, assign, where)
    await driver.execute_many(session, statement.sql, statement.parameters(rows))
