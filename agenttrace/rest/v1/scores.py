"""``/v1/scores``: create (also with a public key alone), list, read, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.tracing import commands, listing, reads
from agenttrace.core.tracing.filters import ScoreFilter
from agenttrace.rest import pagination, params
from agenttrace.rest.v1.shapes import score_json
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, writer


async def _answer(request: Request, project_id: str, score_id: str, status: int) -> Response:
    async with database(request).read() as session:
        row = await reads.score(session=session, project_id=project_id, score_id=score_id)
    return JSONResponse(score_json(row), status_code=status)


async def create_score(request: Request) -> Response:
    principal = require(request, "scores:write")
    score_id = await commands.create_score(
        writer=writer(request),
        project_id=principal.project_id,
        body=await read_json_object(request),
    )
    if principal.public_only:  # a public key may write scores but read nothing back
        return JSONResponse({"id": score_id}, status_code=201)
    return await _answer(request, principal.project_id, score_id, 201)


async def list_scores(request: Request) -> Response:
    """Newest first."""
    principal = require(request, "scores:read")
    filter = ScoreFilter(
        trace_id=params.text(request, "traceId"),
        observation_ids=params.texts(request, "observationId"),
        session_id=params.text(request, "sessionId"),
        dataset_run_id=params.text(request, "datasetRunId"),
        names=params.texts(request, "name"),
        sources=tuple(s.upper() for s in params.texts(request, "source")),
        data_types=tuple(d.upper() for d in params.texts(request, "dataType")),
        environments=params.texts(request, "environment"),
        from_timestamp=params.timestamp(request, "fromTimestamp"),
        to_timestamp=params.timestamp(request, "toTimestamp"),
        user_id=params.text(request, "userId"),
    )
    async with database(request).read() as session:
        page = await listing.scores(
            session=session,
            project_id=principal.project_id,
            filter=filter,
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
            count=pagination.with_total(request),
        )
    return JSONResponse(pagination.page_json(page, score_json))


async def get_score(request: Request) -> Response:
    principal = require(request, "scores:read")
    return await _answer(request, principal.project_id, request.path_params["score_id"], 200)


async def delete_score(request: Request) -> Response:
    principal = require(request, "scores:delete")
    async with database(request).write() as session:
        await commands.delete_score(
            session=session,
            project_id=principal.project_id,
            score_id=request.path_params["score_id"],
        )
    return Response(status_code=204)
