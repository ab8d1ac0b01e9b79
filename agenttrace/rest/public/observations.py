"""``/api/public/observations`` (page/limit, v1 objects), one observation, and
``/api/public/v2/observations`` (cursor pages, field groups, IO as raw text)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing import listing, reads
from agenttrace.rest import filters, params
from agenttrace.rest.public import pages
from agenttrace.rest.public.shapes import (
    DEFAULT_OBSERVATION_GROUPS,
    OBSERVATION_GROUPS,
    observation_json,
    observation_v2_json,
)
from agenttrace.web.credentials import require
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database

MAX_V2_LIMIT = 1000
# Groups that show columns of the observation's trace.
TRACE_GROUPS = frozenset({"basic", "trace_context"})


async def list_observations(request: Request) -> Response:
    principal = require(request, "traces:read")
    page, limit = pages.page_and_limit(request)
    async with database(request).read() as session:
        rows, total = await listing.observations_at(
            session=session,
            project_id=principal.project_id,
            filter=filters.observation_filter(request),
            page=page,
            limit=limit,
        )
    return JSONResponse(pages.listed([observation_json(r) for r in rows], page, limit, total))


async def get_observation(request: Request) -> Response:
    principal = require(request, "traces:read")
    async with database(request).read() as session:
        row = await reads.observation(
            session=session,
            project_id=principal.project_id,
            observation_id=request.path_params["observation_id"],
        )
    return JSONResponse(observation_json(row))


async def list_observations_v2(request: Request) -> Response:
    """Newest first; ``meta.cursor`` continues the walk and is absent on the last page."""
    principal = require(request, "traces:read")
    if params.boolean(request, "parseIoAsJson"):
        raise Invalid(
            "parseIoAsJson=true is not supported; input and output are returned as text",
            field="parseIoAsJson",
        )
    groups = pages.groups(request, OBSERVATION_GROUPS, DEFAULT_OBSERVATION_GROUPS)
    expand = params.texts(request, "expandMetadata")
    async with database(request).read() as session:
        page = await listing.observations(
            session=session,
            project_id=principal.project_id,
            filter=filters.observation_filter(request),
            sort=listing.observation_sort(descending=True),
            limit=pages.cursor_limit(request, MAX_V2_LIMIT),
            cursor=params.text(request, "cursor"),
            with_io="io" in groups or "metadata" in groups,
            count=False,
        )
        traces = (
            await listing.trace_contexts(
                session=session,
                project_id=principal.project_id,
                trace_ids=[row["trace_id"] for row in page.rows],
            )
            if groups & TRACE_GROUPS
            else {}
        )
    data = [
        observation_v2_json(row, groups, traces.get(row["trace_id"]), expand) for row in page.rows
    ]
    meta = {"cursor": page.next_cursor} if page.next_cursor else {}
    return JSONResponse({"data": data, "meta": meta})
