"""``/v1/traces/{id}/fields/{field}`` and ``/v1/observations/{id}/fields/{field}``: one
payload field (input, output, metadata) whole, as a JSON download, so a reader that showed
only its first bytes (GraphQL's ``inputHead``) can save the rest without loading the row."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.tracing import payloads
from agenttrace.core.tracing.tables import Kind
from agenttrace.web.credentials import require
from agenttrace.web.state import database


async def _field(request: Request, kind: Kind, row_id: str) -> Response:
    principal = require(request, "traces:read")
    field = payloads.field_name(request.path_params["field"])
    async with database(request).read() as session:
        body = await payloads.whole(
            session=session,
            project_id=principal.project_id,
            kind=kind,
            row_id=row_id,
            field=field,
        )
    safe_id = "".join(c if c.isalnum() or c in "-_." else "_" for c in row_id)[:100]
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{kind}-{safe_id}-{field}.json"'},
    )


async def trace_field(request: Request) -> Response:
    return await _field(request, "trace", request.path_params["trace_id"])


async def observation_field(request: Request) -> Response:
    return await _field(request, "observation", request.path_params["observation_id"])
