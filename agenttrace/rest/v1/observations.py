"""``/v1/observations``: create any observation type (an upsert that merges), list, read,
update."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.tracing import commands, listing, reads
from agenttrace.rest import filters, pagination, params
from agenttrace.rest.v1.shapes import observation_json
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, writer


async def _answer(request: Request, project_id: str, observation_id: str, status: int) -> Response:
    async with database(request).read() as session:
        row = await reads.observation(
            session=session, project_id=project_id, observation_id=observation_id
        )
    return JSONResponse(observation_json(row), status_code=status)


async def create_observation(request: Request) -> Response:
    principal = require(request, "traces:write")
    observation_id = await commands.create_observation(
        writer=writer(request),
        project_id=principal.project_id,
        body=await read_json_object(request),
        require_trace=True,
    )
    return await _answer(request, principal.project_id, observation_id, 201)


async def list_observations(request: Request) -> Response:
    """Newest first by start time (``order=asc`` for oldest first)."""
    principal = require(request, "traces:read")
    descending = (params.text(request, "order") or "desc").lower() != "asc"
    async with database(request).read() as session:
        page = await listing.observations(
            session=session,
            project_id=principal.project_id,
            filter=filters.observation_filter(request),
            sort=listing.observation_sort(descending),
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
    await commands.update_observation(
        writer=writer(request),
        project_id=principal.project_id,
        observation_id=observation_id,
        body=await read_json_object(request),
    )
    return await _answer(request, principal.project_id, observation_id, 200)
