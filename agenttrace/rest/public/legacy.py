"""Langfuse's single-object writers from before batch ingestion: ``POST /traces``,
``POST /events``, ``POST|PATCH /spans`` and ``POST|PATCH /generations``; 200 ``{id}``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core import ids
from agenttrace.core.errors import Invalid
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.bodies import (
    ObservationBody,
    TraceBody,
    observation_write,
    parse,
    trace_write,
)
from agenttrace.rest.deps import read_json_object, require, writer
from agenttrace.rest.responses import JSONResponse

_TYPES = {"events": "EVENT", "spans": "SPAN", "generations": "GENERATION"}


async def create_trace(request: Request) -> Response:
    principal = require(request, "traces:write")
    body = parse(TraceBody, await read_json_object(request))
    write = trace_write(
        body,
        project_id=principal.project_id,
        trace_id=body.id or ids.trace_id(),
        event_at=utcnow(),
    )
    await writer(request).write_all([write])
    return JSONResponse({"id": write.id})


async def write_observation(request: Request) -> Response:
    """POST creates (id generated when absent); PATCH updates and needs the id."""
    principal = require(request, "traces:write")
    body = parse(ObservationBody, await read_json_object(request))
    is_update = request.method == "PATCH"
    if is_update and body.id is None:
        raise Invalid("id is required", field="id")
    write = observation_write(
        body,
        project_id=principal.project_id,
        observation_id=body.id or ids.observation_id(),
        event_at=utcnow(),
        type=_TYPES[request.url.path.rstrip("/").rsplit("/", 1)[-1]],
        is_update=is_update,
    )
    await writer(request).write_all([write])
    return JSONResponse({"id": write.id})
