"""``/v1/observations``: create any observation type (an upsert that merges), list, read,
update."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core import ids
from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import listing
from agenttrace.core.tracing import reads as query
from agenttrace.core.tracing.filters import OBSERVATION
from agenttrace.core.tracing.ingest.bodies import ObservationBody, observation_write, parse
from agenttrace.rest import filters, pagination, params
from agenttrace.rest.deps import database, read_json_object, require, writer
from agenttrace.rest.responses import JSONResponse
from agenttrace.rest.v1.shapes import observation_json


async def _answer(request: Request, project_id: str, observation_id: str, status: int) -> Response:
    async with database(request).read() as session:
        row = await query.observation(session, project_id=project_id, observation_id=observation_id)
    return JSONResponse(observation_json(row), status_code=status)


async def _store(
    request: Request, body: ObservationBody, project_id: str, observation_id: str, status: int
) -> Response:
    write = observation_write(
        body,
        project_id=project_id,
        observation_id=observation_id,
        event_at=utcnow(),
        type=None,
        is_update=False,
    )
    await writer(request).write_all([write])
    return await _answer(request, project_id, observation_id, status)


async def create_observation(request: Request) -> Response:
    principal = require(request, "traces:write")
    body = parse(ObservationBody, await read_json_object(request))
    if body.trace_id is None:
        raise Invalid("The 'traceId' field is required", field="traceId")
    return await _store(request, body, principal.project_id, body.id or ids.observation_id(), 201)


async def list_observations(request: Request) -> Response:
    """Newest first by start time (``order=asc`` for oldest first)."""
    principal = require(request, "traces:read")
    filter = filters.observation_filter(request)
    descending = (params.text(request, "order") or "desc").lower() != "asc"
    async with database(request).read() as session:
        page = await listing.observations(
            session,
            project_id=principal.project_id,
            filter=filter,
            sort=listing.sort_of(OBSERVATION, "start_time", descending),
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
            with_io=pagination.with_io(request),
            count=pagination.with_total(request),
        )
    return JSONResponse(pagination.page_json(page, observation_json))


async def get_observation(request: Request) -> Response:
    principal = require(request, "traces:read")
    return await _answer(request, principal.project_id, request.path_params["observation_id"], 200)


async def update_observation(request: Request) -> Response:
    principal = require(request, "traces:write")
    observation_id = request.path_params["observation_id"]
    body = parse(ObservationBody, await read_json_object(request))
    async with database(request).read() as session:
        if not await query.exists(
            session, kind="observation", project_id=principal.project_id, row_id=observation_id
        ):
            raise NotFound("observation", observation_id)
    return await _store(request, body, principal.project_id, observation_id, 200)
