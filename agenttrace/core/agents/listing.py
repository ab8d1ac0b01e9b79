"""Reads of agent records, one query core for every face: one by id, keyset pages with
typed filters (the ``/v1`` cursor envelope), and the records of many traces at once.

A ``RecordKind`` declares a kind's table, view, time column and the filters it takes;
each filter is named as the API names it and read as the core types it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.agents.vocabulary import Vocabulary
from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.pages import Page, Sort
from agenttrace.core.time import bound_utc
from agenttrace.core.views import View
from agenttrace.db.types import Row

FilterType = Literal["text", "bool", "int"]
# Time bounds every list takes: from inclusive, to exclusive (the rule of trace lists).
FROM, TO = "fromTimestamp", "toTimestamp"


@dataclass(frozen=True)
class Filterable:
    column: str
    type: FilterType = "text"
    vocabulary: Vocabulary | None = None


@dataclass(frozen=True)
class RecordKind:
    resource: str
    table: Table
    view: View
    time_column: str
    filters: Mapping[str, Filterable] = field(default_factory=dict)

    def sort(self, descending: bool = True) -> Sort:
        return lists.sort_of(self.table, self.time_column, descending)

    def conditions(self, project_id: str, given: Mapping[str, Any]) -> list[ColumnElement[bool]]:
        """Unknown names are a programming error of the face; values are typed already
        (times as datetimes), enums are read through their vocabulary (aliases map)."""
        table = self.table
        found: list[ColumnElement[bool]] = [table.c.project_id == project_id]
        for name, value in given.items():
            if value is None:
                continue
            if name in (FROM, TO):
                if not isinstance(value, datetime):
                    raise Invalid(f"{name} must be a time", field=name)
                bound = bound_utc(value)
                column = table.c[self.time_column]
                found.append(column >= bound if name == FROM else column < bound)
                continue
            spec = self.filters[name]
            if spec.vocabulary is not None:
                value = spec.vocabulary.canonical(value, field=name)
            found.append(table.c[spec.column] == value)
        return found


async def one(*, session: AsyncSession, kind: RecordKind, project_id: str, record_id: str) -> Row:
    table = kind.table
    result = await session.execute(
        select(table).where(table.c.project_id == project_id, table.c.id == record_id)
    )
    row = result.mappings().first()
    if row is None:
        raise NotFound(kind.resource, record_id)
    return row


async def by_ids(
    *, session: AsyncSession, kind: RecordKind, project_id: str, record_ids: Sequence[str]
) -> dict[str, Row]:
    table = kind.table
    result = await session.execute(
        select(table).where(table.c.project_id == project_id, table.c.id.in_(list(record_ids)))
    )
    return {row["id"]: row for row in result.mappings()}


async def page(
    *,
    session: AsyncSession,
    kind: RecordKind,
    project_id: str,
    filter: Mapping[str, Any],
    limit: int,
    cursor: str | None,
    count: bool = True,
    descending: bool = True,
) -> Page:
    """Newest first by the kind's time (``descending=False``: oldest first)."""
    return await lists.keyset_page(
        session=session,
        table=kind.table,
        columns=list(kind.table.columns),
        conditions=kind.conditions(project_id, filter),
        sort=kind.sort(descending),
        limit=limit,
        cursor=cursor,
        count=count,
    )


async def of_traces(
    *,
    session: AsyncSession,
    kind: RecordKind,
    project_id: str,
    trace_ids: Sequence[str],
    columns: Sequence[str] | None = None,
) -> dict[str, list[Row]]:
    """Every record of each trace, oldest first (a trace's records, replay, loaders);
    ``columns``: only these (and ``trace_id``), for readers that need a few."""
    found: dict[str, list[Row]] = defaultdict(list)
    if not trace_ids:
        return found
    table = kind.table
    chosen = table.columns if columns is None else [table.c[c] for c in {*columns, "trace_id"}]
    result = await session.execute(
        select(*chosen)
        .where(table.c.project_id == project_id, table.c.trace_id.in_(list(trace_ids)))
        .order_by(table.c[kind.time_column], table.c.id)
    )
    for row in result.mappings():
        found[row["trace_id"]].append(row)
    return found
