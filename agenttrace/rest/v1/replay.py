"""``/v1/traces/:id/replay`` (one run's timeline) and ``/v1/replay/compare`` (two runs)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.agents import compare, replay
from agenttrace.core.agents.bodies import CompareBody
from agenttrace.core.tracing.ingest.bodies import parse
from agenttrace.rest import params
from agenttrace.web.credentials import require
from agenttrace.web.documents import document_json
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database


async def trace_replay(request: Request) -> Response:
    """``includeIo=true``: observations carry their input and output."""
    principal = require(request, "traces:read")
    require(request, "agents:read")
    async with database(request).read() as session:
        found = await replay.replay(
            session=session,
            project_id=principal.project_id,
            trace_id=request.path_params["trace_id"],
            with_io=params.boolean(request, "includeIo") or False,
        )
    return JSONResponse(document_json(found))


async def compare_replays(request: Request) -> Response:
    """``{traceId1, traceId2}``: what the second did that the first did not, and back."""
    principal = require(request, "traces:read")
    require(request, "agents:read")
    body = parse(CompareBody, await read_json_object(request))
    async with database(request).read() as session:
        found = await compare.compare(
            session=session,
            project_id=principal.project_id,
            trace_id1=body.trace_id1,
            trace_id2=body.trace_id2,
        )
    return JSONResponse(document_json(found))
