"""``/v1/scores``: create (also with a public key alone), list, read, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core import ids
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import listing, scores
from agenttrace.core.tracing import reads as query
from agenttrace.core.tracing.filters import ScoreFilter
from agenttrace.core.tracing.ingest.bodies import ScoreBody, parse, score_write
from agenttrace.rest import pagination, params
from agenttrace.rest.deps import database, read_json_object, require, writer
from agenttrace.rest.responses import JSONResponse
from agenttrace.rest.v1.shapes import score_json


async def _answer(request: Request, project_id: str, score_id: str, status: int) -> Response:
    async with database(request).read() as session:
        row = await query.score(session, project_id=project_id, score_id=score_id)
    return JSONResponse(score_json(row), status_code=status)


async def create_score(request: Request) -> Response:
    principal = require(request, "scores:write")
    body = parse(ScoreBody, await read_json_object(request))
    score_id = body.id or ids.new_uuid()
    write = score_write(body, project_id=principal.project_id, score_id=score_id, event_at=utcnow())
    await writer(request).write_all([write])
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
            session,
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
        await scores.delete_score(
            session=session,
            project_id=principal.project_id,
            score_id=request.path_params["score_id"],
        )
    return Response(status_code=204)
