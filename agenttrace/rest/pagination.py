"""The ``/v1`` list envelope and its paging parameters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request

from agenttrace.core.pages import Page
from agenttrace.rest import params

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


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


def page_json(page: Page, shape: Callable[[Mapping[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    return {
        "data": [shape(row) for row in page.rows],
        "meta": {
            "totalCount": page.total,
            "hasMore": page.has_more,
            "nextCursor": page.next_cursor,
        },
    }
