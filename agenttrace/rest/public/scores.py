"""``/api/public/scores``: one score object (200 ``{id}``, SDK v2/v3 and public-key users)
or a JSON array (SDK v5: 202 when all are accepted, 207 with the rejected ones otherwise)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing import commands
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, writer


async def create_scores(request: Request) -> Response:
    principal = require(request, "scores:write")
    payload = await read_json(request)
    if isinstance(payload, dict):
        score_id = await commands.create_score(
            writer=writer(request), project_id=principal.project_id, body=payload
        )
        return JSONResponse({"id": score_id})
    if not isinstance(payload, list):
        raise Invalid("body must be a score object or an array of score objects", field="body")
    outcomes = await commands.create_scores(
        writer=writer(request), project_id=principal.project_id, bodies=payload
    )
    errors = [{"message": error.message} for error in outcomes if error is not None]
    if not errors:
        return JSONResponse({"message": "Accepted"}, status_code=202)
    return JSONResponse(
        {"accepted": len(payload) - len(errors), "rejected": len(errors), "errors": errors},
        status_code=207,
    )


async def delete_score(request: Request) -> Response:
    principal = require(request, "scores:delete")
    async with database(request).write() as session:
        await commands.delete_score(
            session=session,
            project_id=principal.project_id,
            score_id=request.path_params["score_id"],
        )
    return JSONResponse({"message": "Score deletion queued successfully"}, status_code=202)
