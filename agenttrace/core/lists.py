"""How lists are read, over any table: keyset pages (our API, GraphQL), offset pages (the
Langfuse dialect only), and their counts. Each capability's list module builds its
conditions and sort; the statements that page them are written here once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.pages import Page, Sort, decode_cursor, page_of
from agenttrace.db.counts import CountCache, freeze
from agenttrace.db.types import Row


def sort_of(table: Table, column: str, descending: bool, *, name: str | None = None) -> Sort:
    target = table.c[column]
    return Sort(
        name=name or f"{table.name}.{column}.{'desc' if descending else 'asc'}",
        column=target,
        id_column=table.c.id,
        descending=descending,
        nullable=bool(target.nullable),
    )


def columns_except(table: Table, left_out: Collection[str]) -> list[ColumnElement[Any]]:
    return [c for c in table.columns if c.name not in left_out]


async def count_matching(
    *, session: AsyncSession, table: Table, conditions: Sequence[ColumnElement[bool]]
) -> int:
    """Through the session's counts cache when it has one (``db/counts.py``): a client
    paging through a large filtered list counts once, not once per page."""
    statement = count_statement(table, conditions)

    async def compute() -> int:
        return int((await session.execute(statement)).one()[0])

    counts: CountCache | None = session.info.get("counts")
    if counts is None:
        return await compute()
    compiled = statement.compile(dialect=session.bind.dialect)  # type: ignore[union-attr]
    return await counts.count((str(compiled), freeze(compiled.params)), compute)


def keyset_statements(
    columns: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    sort: Sort,
    limit: int,
    cursor: str | None,
) -> list[Select[*tuple[Any, ...]]]:
    """The page's queries, each for one page and one row more (to know whether there is a
    next page); run in order until a page is full (see ``Sort.segments``)."""
    after = decode_cursor(sort, cursor) if cursor else None
    return [
        select(*columns)
        .where(*conditions, *segment.conditions)
        .order_by(*segment.order_by)
        .limit(limit + 1)
        for segment in sort.segments(after)
    ]


def count_statement(
    table: Table, conditions: Sequence[ColumnElement[bool]]
) -> Select[*tuple[Any, ...]]:
    return select(func.count()).select_from(table).where(*conditions)


async def keyset_page(
    *,
    session: AsyncSession,
    table: Table,
    columns: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    sort: Sort,
    limit: int,
    cursor: str | None,
    count: bool,
) -> Page:
    rows: list[Row] = []
    for statement in keyset_statements(columns, conditions, sort=sort, limit=limit, cursor=cursor):
        rows += (await session.execute(statement.limit(limit + 1 - len(rows)))).mappings().all()
        if len(rows) > limit:
            break
    total = (
        await count_matching(session=session, table=table, conditions=conditions) if count else None
    )
    return page_of(rows, sort=sort, limit=limit, total=total)


async def offset_page(
    *,
    session: AsyncSession,
    table: Table,
    columns: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    order_by: Sequence[ColumnElement[Any]],
    page: int,
    limit: int,
) -> tuple[list[Row], int]:
    """Langfuse's page/limit (1-based pages) over one table; the rows and how many match."""
    statement = select(*columns).where(*conditions).order_by(*order_by)
    rows = await offset_rows(session=session, statement=statement, page=page, limit=limit)
    return rows, await count_matching(session=session, table=table, conditions=conditions)


async def offset_rows(
    *, session: AsyncSession, statement: Select[*tuple[Any, ...]], page: int, limit: int
) -> list[Row]:
    """One 1-based page of an ordered statement: the one place OFFSET is used, because the
    Langfuse dialect's clients require page numbers (everything else pages by keyset)."""
    paged = statement.offset((page - 1) * limit).limit(limit)
    return list((await session.execute(paged)).mappings().all())


async def count_rows(*, session: AsyncSession, statement: Select[*tuple[Any, ...]]) -> int:
    """How many rows a statement answers (a grouped one, say)."""
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int((await session.execute(counted)).one()[0])


async def pages_per_parent(
    session: AsyncSession,
    *,
    table: Table,
    columns: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    parent: str,
    parent_ids: Sequence[Any],
    sort: Sort,
    limit: int,
    cursor: str | None,
) -> dict[Any, Page]:
    """A page of rows per parent, in ``sort`` order, with one statement (a window function
    numbers each parent's rows; the first ``limit + 1`` of each are kept).

    Only sorts on a column without nulls (one keyset segment): every page of a parent
    continues after the same cursor, as GraphQL gives one ``after`` to a field of a list.
    """
    (segment,) = sort.segments(decode_cursor(sort, cursor) if cursor else None)
    parent_column = table.c[parent]
    rank = func.row_number().over(partition_by=parent_column, order_by=segment.order_by)
    numbered = (
        select(*columns, rank.label("_rank"))
        .where(*conditions, *segment.conditions, parent_column.in_(list(parent_ids)))
        .subquery()
    )
    result = await session.execute(
        select(*(numbered.c[str(column.key)] for column in columns))
        .where(numbered.c._rank <= limit + 1)
        .order_by(numbered.c[parent], numbered.c._rank)
    )
    by_parent: dict[Any, list[Row]] = defaultdict(list)
    for row in result.mappings():
        by_parent[row[parent]].append(row)
    return {
        parent_id: page_of(by_parent.get(parent_id, []), sort=sort, limit=limit)
        for parent_id in parent_ids
    }
