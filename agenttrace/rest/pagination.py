"""The ``/v1`` list envelope and its paging parameters (the caps are the core's)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request

from agenttrace.core.pages import DEFAULT_LIMIT, MAX_LIMIT, Page
from agenttrace.rest import params


def limit(request: Request) -> int:
    return params.integer(request, "limit", default=DEFAULT_LIMIT, minimum=1, maximum=MAX_LIMIT)


def cursor(request: Request) -> str | None:
    return params.text(request, "cursor")


def with_total(request: Request) -> bool:
    """``totalCount=false`` skips counting (a second query) when a client does not need it."""
    return params.boolean(request, "totalCount") is not False


def with_io(request: Request) -> bool:
    """``fields=core`` leaves input, output and metadata out of list items."""
    fields = params.text(request, "fields")
    return fields is None or fields != "core"


def meta(page: Page) -> dict[str, Any]:
    return {"totalCount": page.total, "hasMore": page.has_more, "nextCursor": page.next_cursor}


def page_json(page: Page, shape: Callable[[Mapping[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    return {"data": [shape(row) for row in page.rows], "meta": meta(page)}
