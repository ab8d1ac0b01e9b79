"""``/api/public/scores``: one score object (200 ``{id}``, SDK v2/v3 and public-key users)
or a JSON array (SDK v5: 202 when all are accepted, 207 with the rejected ones otherwise)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core import ids
from agenttrace.core.errors import Invalid
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import scores
from agenttrace.core.tracing.ingest.bodies import ScoreBody, parse, score_write
from agenttrace.core.tracing.ingest.merge import RowWrite
from agenttrace.rest.deps import database, read_json, require, writer
from agenttrace.rest.responses import JSONResponse


def _write(data: Any, project_id: str, prefix: str = "") -> RowWrite:
    body = parse(ScoreBody, data, prefix=prefix)
    return score_write(
        body,
        project_id=project_id,
        score_id=body.id or ids.new_uuid(),
        event_at=utcnow(),
        field_prefix=prefix,
    )


async def create_scores(request: Request) -> Response:
    principal = require(request, "scores:write")
    payload = await read_json(request)
    if isinstance(payload, dict):
        write = _write(payload, principal.project_id)
        await writer(request).write_all([write])
        return JSONResponse({"id": write.id})
    if not isinstance(payload, list):
        raise Invalid("body must be a score object or an array of score objects", field="body")
    writes: list[RowWrite] = []
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(payload):
        try:
            writes.append(_write(item, principal.project_id, prefix=f"[{index}]"))
        except Invalid as exc:
            errors.append({"message": exc.message})
    for outcome in await writer(request).write(writes):
        if outcome is not None:
            errors.append({"message": "not stored: internal error"})
    if not errors:
        return JSONResponse({"message": "Accepted"}, status_code=202)
    return JSONResponse(
        {"accepted": len(payload) - len(errors), "rejected": len(errors), "errors": errors},
        status_code=207,
    )


async def delete_score(request: Request) -> Response:
    principal = require(request, "scores:delete")
    async with database(request).write() as session:
        await scores.delete_score(
            session=session,
            project_id=principal.project_id,
            score_id=request.path_params["score_id"],
        )
    return JSONResponse({"message": "Score deletion queued successfully"}, status_code=202)
