"""The few statements that differ between SQLite and PostgreSQL, each with both branches."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import orjson
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    extract,
    func,
    literal,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.db import driver

Dialect = Literal["sqlite", "postgresql"]


def dialect_of(session: AsyncSession) -> Dialect:
    """The dialect a session talks to, so no caller has to pass it along."""
    name = session.get_bind().dialect.name
    return "postgresql" if name == "postgresql" else "sqlite"


def in_list(column: ColumnElement[Any], name: str, dialect: Dialect) -> ColumnElement[bool]:
    """``column IN (:name…)`` for a list parameter. Postgres gets ``= ANY(:name)`` with one
    array parameter, so the SQL text (and asyncpg's prepared statement) is the same for every
    list length; an expanding IN would prepare anew for each length."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(String)))
    return column.in_(bindparam(name, expanding=True))


def json_array_contains_all(
    column: ColumnElement[Any], values: Sequence[str], dialect: Dialect
) -> ColumnElement[bool]:
    """The JSON array in ``column`` holds every one of ``values``: JSONB containment
    (``@>``) on Postgres, one ``json_each`` lookup per value on SQLite."""
    if dialect == "postgresql":
        wanted = cast(literal(orjson.dumps(list(values)).decode()), JSONB)
        return column.op("@>")(wanted)
    checks = []
    for value in values:
        each = func.json_each(column).table_valued("value")
        checks.append(select(literal(1)).select_from(each).where(each.c.value == value).exists())
    return and_(*checks)


def utc_day(column: ColumnElement[Any], dialect: Dialect) -> ColumnElement[str]:
    """The UTC calendar day of a time column, as ``YYYY-MM-DD`` text on both databases.

    SQLite stores times as integer microseconds since the epoch (``db/types.py``): integer
    division keeps 23:59:59.9999 on its own day, where a float would round it into the next.
    Postgres has ``timestamptz``, formatted in UTC whatever the session's time zone. The
    constants are inlined, not bound: Postgres accepts ``GROUP BY`` on this expression only
    when its text matches the selected one, and two bind parameters would not.
    """
    if dialect == "postgresql":
        utc = func.timezone(literal_column("'UTC'"), column)
        return func.to_char(utc, literal_column("'YYYY-MM-DD'"))
    seconds = type_coerce(column, BigInteger()) // literal_column("1000000", BigInteger())
    return func.date(seconds, literal_column("'unixepoch'"))


def driver_parameter(dialect: Dialect) -> Callable[[int], str]:
    """The placeholder of the n-th parameter in driver SQL (``db/driver.py``):
    ``$n`` for asyncpg, ``?n`` for sqlite3."""
    return (lambda n: f"${n}") if dialect == "postgresql" else (lambda n: f"?{n}")


def driver_in_list(dialect: Dialect, position: int) -> str:
    """``IN`` a list given as the parameter at ``position``, in driver SQL, with one text
    for every list length (so each database prepares it once): ``= ANY($n::varchar[])``
    on Postgres, ``IN (SELECT value FROM json_each(?n))`` on SQLite, whose list arrives
    as JSON text (``driver_list``); both look each value up in the key's index."""
    if dialect == "postgresql":
        return f"= ANY(${position}::varchar[])"
    return f"IN (SELECT value FROM json_each(?{position}))"


def driver_list(dialect: Dialect, values: Sequence[str]) -> Any:
    """A list parameter as ``driver_in_list`` takes it."""
    return list(values) if dialect == "postgresql" else orjson.dumps(list(values)).decode()


def lock_key(*parts: str) -> int:
    """A signed 64-bit advisory-lock key for a logical name (stable across processes)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def lock(session: AsyncSession, keys: Iterable[int]) -> None:
    """Serialise writers of the same rows across server processes, until commit.

    Postgres: transaction-scoped advisory locks, taken in sorted order so two writers can
    never wait on each other. SQLite needs none: its writer transaction (BEGIN IMMEDIATE)
    already excludes every other writer, in this process or another.
    """
    if dialect_of(session) != "postgresql":
        return
    ordered = sorted(set(keys))
    if ordered:
        await driver.fetch(
            session, "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k", [ordered]
        )


def epoch_millis(column: ColumnElement[Any], dialect: Dialect) -> ColumnElement[Any]:
    """A time column as epoch milliseconds (a float), computed by the database: SQLite's
    integer microseconds divided, Postgres' ``extract(epoch …)``; no datetime is built."""
    if dialect == "postgresql":
        # As double precision: numeric (extract's type) would arrive as Decimal, a third slower.
        return cast(extract("epoch", column) * literal_column("1000.0"), Float)
    return type_coerce(column, BigInteger()) / literal_column("1000.0")


def json_text_at(column: ColumnElement[Any], key: str, dialect: Dialect) -> ColumnElement[str]:
    """A top-level value of a JSON object as text: a string as it is, ``true``/``false``,
    a number as written; NULL when the key is absent. ``->>`` on Postgres; on SQLite,
    ``json_extract`` (whose booleans are 1 and 0, so they are spelled out first)."""
    if dialect == "postgresql":
        return column.op("->>", return_type=String)(literal(key, String))
    path = literal('$."' + key.replace('"', '\\"') + '"', String)
    kind = func.json_type(column, path)
    value = cast(func.json_extract(column, path), String)
    return case((kind == "true", "true"), (kind == "false", "false"), else_=value)


def json_array_elements(column: ColumnElement[Any], dialect: Dialect) -> Any:
    """The items of a JSON array column as a table with a ``value`` column, to join with
    the column's table (``LATERAL`` on Postgres; SQLite's table-valued ``json_each``)."""
    if dialect == "postgresql":
        return func.jsonb_array_elements_text(column).table_valued("value").lateral()
    return func.json_each(column).table_valued("value")
