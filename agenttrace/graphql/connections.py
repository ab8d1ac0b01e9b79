"""Relay connections over the core's keyset pages: ``edges { node cursor }``, ``nodes``,
``pageInfo`` and ``totalCount``, with ``first`` (at most the core's ``MAX_LIMIT``) and ``after``.

A cursor is the core's opaque keyset cursor of its row, so any edge's cursor continues a
walk, which keeps its place while new rows arrive. ``totalCount`` is counted only when
selected (a second statement), once per connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from agenttrace.core import pages
from agenttrace.core.pages import DEFAULT_LIMIT, Page, Sort, encode_cursor

T = TypeVar("T")
Count = Callable[[], Awaitable[int]]

DEFAULT_FIRST = DEFAULT_LIMIT


def page_size(first: int) -> int:
    return pages.page_size(first, field="first")


@strawberry.type(description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool = strawberry.field(
        description="Whether the page continues a walk (was asked for `after` a cursor)."
    )
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str = strawberry.field(description="Pass as `after` to continue after this node.")


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    nodes: list[T] = strawberry.field(description="The edges' nodes, without cursors.")
    page_info: PageInfo
    count: strawberry.Private[Count]

    @strawberry.field(description="How many there are in all, on every page.")
    async def total_count(self) -> int:
        return await self.count()


def connection(
    page: Page,
    make: Callable[[Mapping[str, Any]], T],
    *,
    sort: Sort,
    after: str | None,
    count: Count,
) -> Connection[T]:
    rows: Sequence[Mapping[str, Any]] = page.rows
    nodes = [make(row) for row in rows]
    key = sort.key
    edges = [
        Edge(node=node, cursor=encode_cursor(sort, row[key], row["id"]))
        for row, node in zip(rows, nodes, strict=True)
    ]
    return Connection(
        edges=edges,
        nodes=nodes,
        page_info=PageInfo(
            has_next_page=page.has_more,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )


def known(total: int) -> Count:
    """A count already at hand (a trace's observation count, a page's total)."""

    async def count() -> int:
        return total

    return count
