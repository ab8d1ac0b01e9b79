"""``/api/public/observations`` (page/limit, v1 objects), one observation, and
``/api/public/v2/observations`` (cursor pages, field groups, IO as raw text)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import Invalid
from agenttrace.core.pages import Sort
from agenttrace.core.tracing import listing
from agenttrace.core.tracing import reads as query
from agenttrace.core.tracing.filters import OBSERVATION
from agenttrace.rest import filters, params
from agenttrace.rest.deps import database, require
from agenttrace.rest.public import pages
from agenttrace.rest.public.shapes import (
    DEFAULT_OBSERVATION_GROUPS,
    OBSERVATION_GROUPS,
    observation_json,
    observation_v2_json,
)
from agenttrace.rest.responses import JSONResponse

MAX_V2_LIMIT = 1000
# Groups that show columns of the observation's trace.
TRACE_GROUPS = frozenset({"basic", "trace_context"})


def _newest_first() -> Sort:
    return listing.sort_of(OBSERVATION, "start_time", True)


async def list_observations(request: Request) -> Response:
    principal = require(request, "traces:read")
    page, limit = pages.page_and_limit(request)
    async with database(request).read() as session:
        rows, total = await listing.offset_page(
            session,
            OBSERVATION,
            listing.columns_of(OBSERVATION),
            listing.observation_conditions(
                principal.project_id, filters.observation_filter(request)
            ),
            order_by=_newest_first().order_by(),
            page=page,
            limit=limit,
        )
    return JSONResponse(pages.listed([observation_json(r) for r in rows], page, limit, total))


async def get_observation(request: Request) -> Response:
    principal = require(request, "traces:read")
    async with database(request).read() as session:
        row = await query.observation(
            session,
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
            session,
            project_id=principal.project_id,
            filter=filters.observation_filter(request),
            sort=_newest_first(),
            limit=pages.cursor_limit(request, MAX_V2_LIMIT),
            cursor=params.text(request, "cursor"),
            with_io="io" in groups or "metadata" in groups,
            count=False,
        )
        traces = (
            await listing.trace_contexts(
                session,
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
