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
from sqlalchemy import ColumnElement, and_, literal, or_, tuple_

from agenttrace.core.errors import Invalid
from agenttrace.db.types import from_micros, to_micros


@dataclass(frozen=True)
class Sort:
    """Order by ``column`` (then by id, the tiebreaker), descending or not."""

    name: str
    column: ColumnElement[Any]
    id_column: ColumnElement[Any]
    descending: bool = True
    nullable: bool = False

    def order_by(self) -> list[ColumnElement[Any]]:
        value = self.column.desc() if self.descending else self.column.asc()
        if self.nullable:
            value = value.nulls_last()
        return [value, self.id_column.desc() if self.descending else self.id_column.asc()]

    def after(self, value: Any, row_id: str) -> ColumnElement[bool]:
        """Rows strictly after (value, row_id) in this order."""
        beyond = operator.lt if self.descending else operator.gt
        if not self.nullable:
            # Typed binds: a bare value inside a tuple would skip the column's type (on
            # SQLite, times are stored as integers).
            bound = tuple_(literal(value, self.column.type), literal(row_id, self.id_column.type))
            return beyond(tuple_(self.column, self.id_column), bound)  # type: ignore[no-any-return]
        if value is None:
            return and_(self.column.is_(None), beyond(self.id_column, row_id))
        return or_(
            beyond(self.column, value),
            and_(self.column == value, beyond(self.id_column, row_id)),
            self.column.is_(None),
        )


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
