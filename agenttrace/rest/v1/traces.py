"""``/v1/traces``: create (an upsert that merges), list, read (with its observations,
paged, flat or as a tree, and its scores), update, delete."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.tracing import commands, deletion, listing, reads
from agenttrace.rest import filters, pagination, params
from agenttrace.rest.public import otel
from agenttrace.rest.v1.shapes import observation_json, score_json, trace_json
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, writer

# A trace's observations answered at once by default, and at most.
OBSERVATIONS_LIMIT = 1000
MAX_OBSERVATIONS_LIMIT = 50_000


async def _answer(request: Request, project_id: str, trace_id: str, status: int) -> Response:
    async with database(request).read() as session:
        row = await reads.trace(session=session, project_id=project_id, trace_id=trace_id)
    return JSONResponse(trace_json(row), status_code=status)


async def create_trace(request: Request) -> Response:
    """Also the OTLP/HTTP traces receiver: an exporter given the server's root as
    ``OTEL_EXPORTER_OTLP_ENDPOINT`` posts its exports here."""
    if await otel.is_trace_export(request):
        return await otel.traces(request)
    principal = require(request, "traces:write")
    trace_id = await commands.create_trace(
        writer=writer(request),
        project_id=principal.project_id,
        body=await read_json_object(request),
    )
    return await _answer(request, principal.project_id, trace_id, 201)


async def list_traces(request: Request) -> Response:
    principal = require(request, "traces:read")
    sort = listing.trace_sort(params.text(request, "orderBy"), params.text(request, "order"))
    async with database(request).read() as session:
        page = await listing.traces(
            session=session,
            project_id=principal.project_id,
            filter=filters.trace_filter(request),
            sort=sort,
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
            with_io=pagination.with_io(request),
            count=pagination.with_total(request),
        )
    return JSONResponse(pagination.page_json(page, trace_json))


async def get_trace(request: Request) -> Response:
    """``includeObservations`` (a page of ``observationsLimit``, default 1000, up to 50,000,
    continued with ``observationsCursor``; ``observationFields=core`` leaves out their IO),
    ``tree=true`` (those observations nested as ``children``), ``includeScores``."""
    principal = require(request, "traces:read")
    trace_id = request.path_params["trace_id"]
    include_observations = params.boolean(request, "includeObservations") or False
    tree = params.boolean(request, "tree") or False
    async with database(request).read() as session:
        row = await reads.trace(session=session, project_id=principal.project_id, trace_id=trace_id)
        body = trace_json(row)
        if include_observations or tree:
            page = await listing.trace_observations(
                session=session,
                project_id=principal.project_id,
                trace_id=trace_id,
                limit=params.integer(
                    request,
                    "observationsLimit",
                    default=OBSERVATIONS_LIMIT,
                    minimum=1,
                    maximum=MAX_OBSERVATIONS_LIMIT,
                ),
                cursor=params.text(request, "observationsCursor"),
                with_io=params.text(request, "observationFields") != "core",
            )
            observations = [observation_json(o) for o in page.rows]
            body["observations"] = nest(observations) if tree else observations
            body["observationsMeta"] = pagination.meta(page)
        if params.boolean(request, "includeScores"):
            scores = await listing.scores_of_traces(
                session=session, project_id=principal.project_id, trace_ids=[trace_id]
            )
            body["scores"] = [score_json(s) for s in scores]
    return JSONResponse(body)


def nest(observations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Observations as a forest: each under its parent's ``children``, in start order.
    An observation whose parent is not among them (another page, or never sent) is a root."""
    by_id = {o["id"]: {**o, "children": []} for o in observations}
    roots: list[dict[str, Any]] = []
    for node in by_id.values():
        parent = by_id.get(node["parentObservationId"])
        (parent["children"] if parent is not None and parent is not node else roots).append(node)
    return roots


async def delete_trace(request: Request) -> Response:
    """Deletes the trace, its observations and its scores, before answering."""
    principal = require(request, "traces:delete")
    async with database(request).write() as session:
        await deletion.delete_trace(
            session=session,
            project_id=principal.project_id,
            trace_id=request.path_params["trace_id"],
        )
    return Response(status_code=204)


async def update_trace(request: Request) -> Response:
    """Merge the given fields into an existing trace (absent or null fields keep theirs)."""
    principal = require(request, "traces:write")
    trace_id = request.path_params["trace_id"]
    await commands.update_trace(
        writer=writer(request),
        project_id=principal.project_id,
        trace_id=trace_id,
        body=await read_json_object(request),
    )
    return await _answer(request, principal.project_id, trace_id, 200)
