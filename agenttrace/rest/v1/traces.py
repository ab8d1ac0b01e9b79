"""``/v1/traces``: create (an upsert that merges), read, update."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core import ids, query
from agenttrace.core.bodies import TraceBody, parse, trace_write
from agenttrace.core.errors import NotFound
from agenttrace.rest.deps import database, read_json_object, require, writer
from agenttrace.rest.responses import JSONResponse
from agenttrace.rest.v1.shapes import trace_json


async def _answer(request: Request, project_id: str, trace_id: str, status: int) -> Response:
    async with database(request).read() as session:
        row = await query.trace(session, project_id=project_id, trace_id=trace_id)
    return JSONResponse(trace_json(row), status_code=status)


async def create_trace(request: Request) -> Response:
    principal = require(request, "traces:write")
    body = parse(TraceBody, await read_json_object(request))
    trace_id = body.id or ids.trace_id()
    write = trace_write(
        body, project_id=principal.project_id, trace_id=trace_id, event_at=ids.utcnow()
    )
    await writer(request).write_all([write])
    return await _answer(request, principal.project_id, trace_id, 201)


async def get_trace(request: Request) -> Response:
    principal = require(request, "traces:read")
    return await _answer(request, principal.project_id, request.path_params["trace_id"], 200)


async def update_trace(request: Request) -> Response:
    """Merge the given fields into an existing trace (absent or null fields keep theirs)."""
    principal = require(request, "traces:write")
    trace_id = request.path_params["trace_id"]
    body = parse(TraceBody, await read_json_object(request))
    async with database(request).read() as session:
        if not await query.exists(
            session, kind="trace", project_id=principal.project_id, row_id=trace_id
        ):
            raise NotFound("trace", trace_id)
    write = trace_write(
        body, project_id=principal.project_id, trace_id=trace_id, event_at=ids.utcnow()
    )
    await writer(request).write_all([write])
    return await _answer(request, principal.project_id, trace_id, 200)
