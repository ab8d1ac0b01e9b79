"""Pages of rows: keyset cursors (our API, GraphQL) and offsets (the Langfuse dialect only).

A keyset cursor is opaque to clients: base64url of ``[sort, value, id]`` of the last row of
the page. The next page starts strictly after that row in the sort order, so rows that
arrive meanwhile never shift a walk, and page 1,000 costs what page 1 costs. Rows whose
sort value is null (a trace without cost) come last in either direction.
"""

from __future__ import annotations

import base64
import binascii
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, literal, tuple_

from agenttrace.core.errors import Invalid
from agenttrace.db.types import from_micros, to_micros

# Page sizes of keyset lists, on every face (``/v1`` ``limit``, GraphQL ``first``).
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


def page_size(value: int, *, field: str) -> int:
    """A page size a client asked for, within ``1..MAX_LIMIT``."""
    if not 1 <= value <= MAX_LIMIT:
        raise Invalid(f"{field} must be from 1 to {MAX_LIMIT}, got {value}", field=field)
    return value


@dataclass(frozen=True)
class Segment:
    """One index-friendly query of a page: its extra conditions and its order."""

    conditions: tuple[ColumnElement[bool], ...]
    order_by: tuple[ColumnElement[Any], ...]


@dataclass(frozen=True)
class Sort:
    """Order by ``column`` (then by id, the tiebreaker), descending or not."""

    name: str
    column: ColumnElement[Any]
    id_column: ColumnElement[Any]
    descending: bool = True
    nullable: bool = False

    @property
    def key(self) -> str:
        """The row key of the sort column, which a cursor remembers."""
        key = self.column.key
        if key is None:  # only a bare expression has none; sorts are over table columns
            raise TypeError(f"sort {self.name!r} is over a column without a key")
        return key

    def _direction(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        return column.desc() if self.descending else column.asc()

    def _after(self, value: Any, row_id: str) -> ColumnElement[bool]:
        """(column, id) strictly beyond (value, row_id). Typed binds: a bare value inside a
        tuple would skip the column's type (on SQLite, times are stored as integers)."""
        beyond = operator.lt if self.descending else operator.gt
        bound = tuple_(literal(value, self.column.type), literal(row_id, self.id_column.type))
        return beyond(tuple_(self.column, self.id_column), bound)  # type: ignore[no-any-return]

    def order_by(self) -> list[ColumnElement[Any]]:
        """One ORDER BY, for offset pages (the Langfuse dialect): unknown values last."""
        value = self._direction(self.column)
        return [value.nulls_last() if self.nullable else value, self._direction(self.id_column)]

    def segments(self, after: tuple[Any, str] | None) -> list[Segment]:
        """The queries that together give the rows after ``after`` (a decoded cursor), in order.

        A nullable column is read in two segments, rows with a value then rows without
        (ordered by id), each of which an index on (project, column, id) serves directly;
        one query with ``NULLS LAST`` would sort the whole project instead.
        """
        by_value = (self._direction(self.column), self._direction(self.id_column))
        if not self.nullable:
            return [Segment(() if after is None else (self._after(*after),), by_value)]
        by_id = (self._direction(self.id_column),)
        beyond = operator.lt if self.descending else operator.gt
        if after is not None and after[0] is None:
            return [Segment((self.column.is_(None), beyond(self.id_column, after[1])), by_id)]
        with_value = (self.column.is_not(None),) + (() if after is None else (self._after(*after),))
        return [Segment(with_value, by_value), Segment((self.column.is_(None),), by_id)]


@dataclass(frozen=True)
class Page:
    rows: Sequence[Any]
    has_more: bool
    next_cursor: str | None
    total: int | None = None


def encode_cursor(sort: Sort, value: Any, row_id: str) -> str:
    wire = {"t": to_micros(value)} if isinstance(value, datetime) else value
    raw = orjson.dumps([sort.name, wire, row_id])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(sort: Sort, cursor: str) -> tuple[Any, str]:
    """(value, id) of a cursor made by ``encode_cursor`` for the same sort."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, value, row_id = orjson.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        raise Invalid("cursor is not a cursor this API gave out", field="cursor") from None
    if name != sort.name or not isinstance(row_id, str):
        raise Invalid("cursor belongs to another sort order or list", field="cursor")
    if isinstance(value, dict) and isinstance(value.get("t"), int):
        value = from_micros(value["t"])
    return value, row_id


def page_of(rows: Sequence[Any], *, sort: Sort, limit: int, total: int | None = None) -> Page:
    """The page in ``rows``, read as ``limit + 1`` rows: the extra one only says that there
    is a next page, which starts after the page's last row."""
    has_more = len(rows) > limit
    shown = rows[:limit]
    last = shown[-1] if shown else None
    next_cursor = encode_cursor(sort, last[sort.key], last["id"]) if has_more and last else None
    return Page(rows=shown, has_more=has_more, next_cursor=next_cursor, total=total)
