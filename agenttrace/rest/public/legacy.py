"""Langfuse's single-object writers from before batch ingestion: ``POST /traces``,
``POST /events``, ``POST|PATCH /spans`` and ``POST|PATCH /generations``; 200 ``{id}``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.tracing import commands
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import writer

_TYPES = {"events": "EVENT", "spans": "SPAN", "generations": "GENERATION"}


async def create_trace(request: Request) -> Response:
    principal = require(request, "traces:write")
    trace_id = await commands.create_trace(
        writer=writer(request),
        project_id=principal.project_id,
        body=await read_json_object(request),
    )
    return JSONResponse({"id": trace_id})


async def write_observation(request: Request) -> Response:
    """POST creates (id generated when absent); PATCH updates and needs the id."""
    principal = require(request, "traces:write")
    observation_id = await commands.create_observation(
        writer=writer(request),
        project_id=principal.project_id,
        body=await read_json_object(request),
        observation_type=_TYPES[request.url.path.rstrip("/").rsplit("/", 1)[-1]],
        is_update=request.method == "PATCH",
    )
    return JSONResponse({"id": observation_id})
