"""Paging in the Langfuse dialect: ``page``/``limit`` with a ``meta`` block for most lists,
cursors for the newer ones, and the ``fields`` groups that choose what an item carries.

The SDKs loop ``while meta.totalPages > page``, so ``totalPages`` must be 0 for an empty
list; and they send ``?limit=`` empty at times, which counts as absent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import Any

from starlette.requests import Request

from agenttrace.core.errors import Invalid
from agenttrace.core.pages import Page
from agenttrace.rest import params

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
# Deep enough for any client; keeps OFFSET arithmetic far from overflowing.
MAX_PAGE = 10_000_000
# Rows per statement when an answer must hold everything (a trace's observations).
WALK_LIMIT = 1000


def page_and_limit(request: Request) -> tuple[int, int]:
    page = params.integer(request, "page", default=1, minimum=1, maximum=MAX_PAGE)
    return page, params.integer(
        request, "limit", default=DEFAULT_LIMIT, minimum=1, maximum=MAX_LIMIT
    )


def cursor_limit(request: Request, maximum: int) -> int:
    return params.integer(request, "limit", default=DEFAULT_LIMIT, minimum=1, maximum=maximum)


def meta(page: int, limit: int, total: int) -> dict[str, int]:
    return {"page": page, "limit": limit, "totalItems": total, "totalPages": -(-total // limit)}


def listed(data: list[dict[str, Any]], page: int, limit: int, total: int) -> dict[str, Any]:
    return {"data": data, "meta": meta(page, limit, total)}


def groups(request: Request, known: Collection[str], default: Collection[str]) -> frozenset[str]:
    """The comma-separated ``fields`` groups asked for; an unknown one is a 400."""
    asked = params.texts(request, "fields")
    unknown = sorted(set(asked) - set(known))
    if unknown:
        raise Invalid(
            f"fields: unknown group {', '.join(unknown)}; known: {', '.join(known)}",
            field="fields",
        )
    return frozenset(asked) if asked else frozenset(default)


async def walk(fetch: Callable[[str | None], Awaitable[Page]]) -> list[Any]:
    """Every row of a keyset list, a page at a time (for answers that must hold them all)."""
    rows: list[Any] = []
    cursor: str | None = None
    while True:
        page = await fetch(cursor)
        rows.extend(page.rows)
        if not page.has_more:
            return rows
        cursor = page.next_cursor
