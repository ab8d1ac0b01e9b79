"""Column types that behave the same on SQLite and PostgreSQL.

Defined once here and used through ``sa_type=`` on every model, so no table declares its
own dialect variant.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeAlias

from sqlalchemy import JSON, BigInteger, DateTime, Dialect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator, TypeEngine

# A row as the core reads it: column name → value (SQLAlchemy's ``RowMapping``, whose keys
# may also be columns, or a plain dict).
Row: TypeAlias = Mapping[Any, Any]


class JSONType(TypeDecorator[Any]):
    """JSON text on SQLite, JSONB on Postgres (indexable, ``@>`` containment).

    Python None is stored as SQL NULL, not JSON null, so "absent" is a plain IS NULL on
    both databases.
    """

    impl = JSON(none_as_null=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB(none_as_null=True))
        return dialect.type_descriptor(JSON(none_as_null=True))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware-UTC datetime: ``timestamptz`` on Postgres, integer microseconds on SQLite.

    SQLite has no datetime type; SQLAlchemy's text format returns naive values and parses
    each one with a regex. Integer microseconds since the epoch sort correctly, compare
    cheaply and convert back exactly (no float rounding).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if dialect.name == "sqlite":
            return to_micros(value)
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        return from_micros(int(value))

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """One plain function per value instead of the TypeDecorator chain: reads of large
        traces convert hundreds of thousands of times. asyncpg already returns aware UTC."""
        if dialect.name == "sqlite":
            return _micros_or_none
        return None


def _micros_or_none(value: int | None) -> datetime | None:
    return None if value is None else _EPOCH + timedelta(microseconds=value)


def to_micros(value: datetime) -> int:
    delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)
