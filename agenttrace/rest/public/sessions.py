"""``/api/public/sessions`` (page/limit) and one session with all of its traces."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.tracing import listing, sessions
from agenttrace.core.tracing.filters import SessionFilter, TraceFilter
from agenttrace.rest import params
from agenttrace.rest.public import pages
from agenttrace.rest.public.shapes import session_json
from agenttrace.rest.public.traces import traces_json
from agenttrace.web.credentials import require
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database


async def list_sessions(request: Request) -> Response:
    """Newest first (by when the session's first trace arrived)."""
    principal = require(request, "traces:read")
    page, limit = pages.page_and_limit(request)
    filter = SessionFilter(
        from_timestamp=params.timestamp(request, "fromTimestamp"),
        to_timestamp=params.timestamp(request, "toTimestamp"),
        environments=params.texts(request, "environment"),
    )
    async with database(request).read() as session:
        rows, total = await sessions.sessions_at(
            session=session, project_id=principal.project_id, filter=filter, page=page, limit=limit
        )
    return JSONResponse(pages.listed([session_json(r) for r in rows], page, limit, total))


async def get_session(request: Request) -> Response:
    """Langfuse does not page a session's traces: all of them, oldest first."""
    principal = require(request, "traces:read")
    project_id, session_id = principal.project_id, request.path_params["session_id"]
    async with database(request).read() as session:
        row = await sessions.session_by_id(
            session=session, project_id=project_id, session_id=session_id
        )
        traces = await pages.walk(
            lambda cursor: listing.traces(
                session=session,
                project_id=project_id,
                filter=TraceFilter(session_id=session_id),
                sort=listing.trace_sort("timestamp", "asc"),
                limit=pages.WALK_LIMIT,
                cursor=cursor,
                with_io=True,
                count=False,
            )
        )
        data = []
        for start in range(0, len(traces), pages.WALK_LIMIT):
            data += await traces_json(session, project_id, traces[start : start + pages.WALK_LIMIT])
    return JSONResponse(session_json(row) | {"traces": data})
