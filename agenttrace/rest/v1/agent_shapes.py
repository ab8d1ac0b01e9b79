"""What the ``/v1`` routes of agent records share: filters read from the query string as
each kind declares them, and the services of the request (blob store, content limits).
Computed documents (timeline, replay, diff) are written by ``web/documents.py``."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from agenttrace.core.agents import listing
from agenttrace.core.agents.blobs import BlobStore, blob_store
from agenttrace.core.agents.listing import FROM, TO, RecordKind
from agenttrace.core.agents.manifest import ContentLimits
from agenttrace.core.pages import Page
from agenttrace.rest import pagination, params
from agenttrace.web.credentials import require
from agenttrace.web.state import database, settings


def record_filter(request: Request, kind: RecordKind) -> dict[str, Any]:
    """The kind's filters and the time bounds, typed, from the query string."""
    found: dict[str, Any] = {
        FROM: params.timestamp(request, FROM),
        TO: params.timestamp(request, TO),
    }
    for name, spec in kind.filters.items():
        if spec.type == "bool":
            found[name] = params.boolean(request, name)
        elif spec.type == "int":
            found[name] = (
                None
                if params.text(request, name) is None
                else params.integer(request, name, default=0, minimum=-(2**31), maximum=2**31 - 1)
            )
        else:
            found[name] = params.text(request, name)
    return found


async def record_page(request: Request, kind: RecordKind, *, trace_id: str | None = None) -> Page:
    """A page of a kind's records: those the query string's filters select, newest first,
    or (``trace_id``) a trace's, oldest first."""
    principal = require(request, "agents:read")
    async with database(request).read() as session:
        return await listing.page(
            session=session,
            kind=kind,
            project_id=principal.project_id,
            filter=record_filter(request, kind) if trace_id is None else {"traceId": trace_id},
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
            count=pagination.with_total(request),
            descending=trace_id is None,
        )


def blobs(request: Request) -> BlobStore:
    return blob_store(settings(request))


def limits(request: Request) -> ContentLimits:
    config = settings(request)
    return ContentLimits(config.checkpoint_max_file_bytes, config.checkpoint_max_bytes)
