"""``/v1/ci-runs``: create, list, read, update, look up by the provider's run id, attach
traces, complete, stats. Every answer carries totals computed from the attached traces."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.agents import ci_run_reads, ci_runs, listing
from agenttrace.rest import pagination, params
from agenttrace.rest.shapes import shape_of
from agenttrace.rest.v1.agent_shapes import record_filter
from agenttrace.web.credentials import require
from agenttrace.web.documents import document_json
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, writer

ci_run_json = shape_of(ci_runs.VIEW)


async def _answer(request: Request, project_id: str, run_id: str, status: int = 200) -> Response:
    async with database(request).read() as session:
        row = await ci_run_reads.get(session=session, project_id=project_id, run_id=run_id)
    return JSONResponse(ci_run_json(row), status_code=status)


async def create_ci_run(request: Request) -> Response:
    principal = require(request, "agents:write")
    run_id = await ci_runs.create(
        writer=writer(request), project_id=principal.project_id,
        body=await read_json_object(request),
    )  # fmt: skip
    return await _answer(request, principal.project_id, run_id, 201)


async def list_ci_runs(request: Request) -> Response:
    """Newest first (by start); filters ``provider``, ``providerRunId``, ``gitCommitSha``,
    ``gitBranch``, ``status`` (aliases too), ``fromTimestamp``, ``toTimestamp``."""
    principal = require(request, "agents:read")
    async with database(request).read() as session:
        page = await listing.page(
            session=session,
            kind=ci_runs.KIND,
            project_id=principal.project_id,
            filter=record_filter(request, ci_runs.KIND),
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
            count=pagination.with_total(request),
        )
        rows = await ci_run_reads.with_totals(
            session=session, project_id=principal.project_id, rows=page.rows
        )
    return JSONResponse({"data": [ci_run_json(row) for row in rows], "meta": pagination.meta(page)})


async def get_ci_run(request: Request) -> Response:
    principal = require(request, "agents:read")
    return await _answer(request, principal.project_id, request.path_params["run_id"])


Change = Callable[..., Awaitable[None]]


async def _changed(request: Request, change: Change) -> Response:
    """A write to one run by a core command (update, attach, complete), then the run."""
    principal = require(request, "agents:write")
    run_id = request.path_params["run_id"]
    await change(
        writer=writer(request), project_id=principal.project_id, run_id=run_id,
        body=await read_json_object(request),
    )  # fmt: skip
    return await _answer(request, principal.project_id, run_id)


async def update_ci_run(request: Request) -> Response:
    """The given fields (``traceIds`` replaces the attached traces)."""
    return await _changed(request, ci_runs.update)


async def ci_run_by_provider_id(request: Request) -> Response:
    """The newest run with this provider run id (``?provider=`` narrows it)."""
    principal = require(request, "agents:read")
    async with database(request).read() as session:
        row = await ci_run_reads.by_provider_run_id(
            session=session,
            project_id=principal.project_id,
            provider_run_id=request.path_params["provider_run_id"],
            provider=params.text(request, "provider"),
        )
    return JSONResponse(ci_run_json(row))


async def attach_traces(request: Request) -> Response:
    return await _changed(request, ci_runs.attach)


async def complete_ci_run(request: Request) -> Response:
    return await _changed(request, ci_runs.complete)


async def ci_run_stats(request: Request) -> Response:
    principal = require(request, "agents:read")
    async with database(request).read() as session:
        found = await ci_run_reads.stats(
            session=session,
            project_id=principal.project_id,
            filter=record_filter(request, ci_runs.KIND),
        )
    return JSONResponse(document_json(found))
