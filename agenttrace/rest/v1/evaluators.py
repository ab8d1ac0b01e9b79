"""``/v1/evaluators`` (create, list, read with run counts, change, delete, execute now,
preview), ``/v1/evaluator-templates`` and ``/v1/evaluation-jobs``."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.evaluators import commands, execute, views
from agenttrace.rest import pagination, params
from agenttrace.rest.shapes import shape_of
from agenttrace.rest.v1.shapes import score_json
from agenttrace.web.credentials import require
from agenttrace.web.documents import camel
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, evaluator_cache, worker

evaluator_json = shape_of(views.EVALUATOR)
template_json = shape_of(views.TEMPLATE)
job_json = shape_of(views.JOB)


def _id(request: Request) -> str:
    return str(request.path_params["evaluator_id"])


async def create_evaluator(request: Request) -> Response:
    principal = require(request, "evaluators:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.create_evaluator(
            session=session, cache=evaluator_cache(request), project_id=principal.project_id,
            body=body,
        )  # fmt: skip
    return JSONResponse(evaluator_json(row), status_code=201)


async def list_evaluators(request: Request) -> Response:
    principal = require(request, "evaluators:read")
    async with database(request).read() as session:
        page = await commands.list_evaluators(
            session=session, project_id=principal.project_id,
            limit=pagination.limit(request), cursor=pagination.cursor(request),
            enabled=params.boolean(request, "enabled"),
        )  # fmt: skip
    return JSONResponse(pagination.page_json(page, evaluator_json))


async def get_evaluator(request: Request) -> Response:
    principal = require(request, "evaluators:read")
    async with database(request).read() as session:
        row = await commands.get_evaluator(
            session=session, project_id=principal.project_id, evaluator_id=_id(request)
        )
    return JSONResponse(evaluator_json(row))


async def update_evaluator(request: Request) -> Response:
    principal = require(request, "evaluators:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.update_evaluator(
            session=session, cache=evaluator_cache(request), project_id=principal.project_id,
            evaluator_id=_id(request), body=body,
        )  # fmt: skip
    return JSONResponse(evaluator_json(row))


async def delete_evaluator(request: Request) -> Response:
    principal = require(request, "evaluators:delete")
    async with database(request).write() as session:
        await commands.delete_evaluator(
            session=session, cache=evaluator_cache(request), project_id=principal.project_id,
            evaluator_id=_id(request),
        )  # fmt: skip
    return Response(status_code=204)


async def execute_evaluator(request: Request) -> Response:
    """Run now: ``{traceId, observationId?}`` or ``{datasetRunId}``; the scores written
    (source EVAL) and the job of each."""
    principal = require(request, "evaluators:write")
    body = await read_json_object(request)
    found = await execute.execute(
        worker=worker(request), project_id=principal.project_id, evaluator_id=_id(request),
        body=body,
    )  # fmt: skip
    return JSONResponse(
        {"scores": [score_json(s) for s in found["scores"]],
         "jobs": [job_json(j) for j in found["jobs"]]}
    )  # fmt: skip


def _camel_keys(entry: dict[str, Any]) -> dict[str, Any]:
    return {camel(key): value for key, value in entry.items()}


async def preview_evaluator(request: Request) -> Response:
    """A dry run over the last traces (``{"limit": N}``, default 10): nothing is written."""
    principal = require(request, "evaluators:read")
    body = await read_json_object(request)
    async with database(request).read() as session:
        entries = await execute.preview(
            session=session, project_id=principal.project_id, evaluator_id=_id(request),
            limit=body.get("limit"),
        )  # fmt: skip
    return JSONResponse({"data": [_camel_keys(e) for e in entries]})


async def list_templates(request: Request) -> Response:
    principal = require(request, "evaluators:read")
    async with database(request).read() as session:
        rows = await commands.list_templates(session=session, project_id=principal.project_id)
    return JSONResponse({"data": [template_json(r) for r in rows]})


async def list_jobs(request: Request) -> Response:
    """Newest first; ``evaluatorId``, ``status``, ``traceId`` filters."""
    principal = require(request, "evaluators:read")
    async with database(request).read() as session:
        page = await execute.list_jobs(
            session=session, project_id=principal.project_id,
            limit=pagination.limit(request), cursor=pagination.cursor(request),
            evaluator_id=params.text(request, "evaluatorId"),
            status=params.text(request, "status"), trace_id=params.text(request, "traceId"),
        )  # fmt: skip
    return JSONResponse(pagination.page_json(page, job_json))


async def get_job(request: Request) -> Response:
    principal = require(request, "evaluators:read")
    async with database(request).read() as session:
        row = await execute.get_job(
            session=session, project_id=principal.project_id,
            job_id=str(request.path_params["job_id"]),
        )  # fmt: skip
    return JSONResponse(job_json(row))
