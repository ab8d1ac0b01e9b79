"""Payload fields (input, output, metadata) read on their own: the first bytes of one for a
preview, or one whole for a download, so a reader never has to take a 5 MB field to show
its start, nor a whole observation to save one field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import ColumnElement, LargeBinary, Text, cast, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.tracing.tables import TABLES, Kind
from agenttrace.db import sql

FIELDS = ("input", "output", "metadata")
# The most a head may hold: a preview, not a way around the download.
MAX_HEAD_BYTES = 1_000_000


def field_name(field: str) -> str:
    if field not in FIELDS:
        raise Invalid(f"field must be one of {', '.join(FIELDS)}", field="field")
    return field


def head_size(max_bytes: int) -> int:
    if not 1 <= max_bytes <= MAX_HEAD_BYTES:
        raise Invalid(f"maxBytes must be from 1 to {MAX_HEAD_BYTES}", field="maxBytes")
    return max_bytes


def _head(column: ColumnElement[Any], max_bytes: int, dialect: sql.Dialect) -> Any:
    """The first ``max_bytes`` bytes of the field's JSON text, cut by the database. SQLite
    holds the compact text the sizes measure; Postgres writes JSONB's own text form."""
    if dialect == "postgresql":
        text = func.convert_to(cast(column, Text), literal_column("'UTF8'"))
        return func.substring(text, 1, max_bytes, type_=LargeBinary)
    return func.substr(cast(column, LargeBinary), 1, max_bytes, type_=LargeBinary)


async def heads(
    *,
    session: AsyncSession,
    project_id: str,
    kind: Kind,
    ids: Sequence[str],
    field: str,
    max_bytes: int,
) -> dict[str, str | None]:
    """The head of ``field`` of each of these rows, as text (a character cut in two at the
    end is dropped); None where the field is empty."""
    table = TABLES[kind]
    column = table.c[field_name(field)]
    result = await session.execute(
        select(table.c.id, _head(column, head_size(max_bytes), sql.dialect_of(session))).where(
            table.c.project_id == project_id, table.c.id.in_(list(ids))
        )
    )
    return {
        row_id: None if head is None else bytes(head).decode("utf-8", "ignore")
        for row_id, head in result.all()
    }


async def whole(
    *, session: AsyncSession, project_id: str, kind: Kind, row_id: str, field: str
) -> bytes:
    """One field of one row as JSON text (``null`` when empty)."""
    table = TABLES[kind]
    result = await session.execute(
        select(table.c[field_name(field)]).where(
            table.c.project_id == project_id, table.c.id == row_id
        )
    )
    found = result.first()
    if found is None:
        raise NotFound(kind, row_id)
    return orjson.dumps(found[0])
