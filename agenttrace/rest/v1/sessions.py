"""``/v1/sessions``: sessions with their aggregates, and one session with its traces."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.agents import sessions as agent_sessions
from agenttrace.core.tracing import listing, sessions
from agenttrace.core.tracing.filters import SessionFilter, TraceFilter
from agenttrace.rest import pagination, params
from agenttrace.rest.v1.shapes import session_json, trace_json
from agenttrace.web.credentials import require
from agenttrace.web.documents import document_json
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database

# Traces answered with one session; a longer session pages on through /v1/traces?sessionId=.
SESSION_TRACES_LIMIT = 1000


async def list_sessions(request: Request) -> Response:
    """Newest first (by when the session's first trace arrived)."""
    principal = require(request, "traces:read")
    filter = SessionFilter(
        from_timestamp=params.timestamp(request, "fromTimestamp"),
        to_timestamp=params.timestamp(request, "toTimestamp"),
        environments=params.texts(request, "environment"),
        user_id=params.text(request, "userId"),
    )
    async with database(request).read() as session:
        page = await sessions.sessions(
            session=session,
            project_id=principal.project_id,
            filter=filter,
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
            count=pagination.with_total(request),
        )
    return JSONResponse(pagination.page_json(page, session_json))


async def get_session(request: Request) -> Response:
    """The session with its traces, oldest first (the first 1,000; ``tracesCursor`` pages on),
    and what its coding agent did (``agent``: files, commands, commits, CI runs)."""
    principal = require(request, "traces:read")
    session_id = request.path_params["session_id"]
    db = database(request)
    async with db.read() as session:
        row = await sessions.session_by_id(
            session=session, project_id=principal.project_id, session_id=session_id
        )
        traces = await listing.traces(
            session=session,
            project_id=principal.project_id,
            filter=TraceFilter(session_id=session_id),
            sort=listing.trace_sort("timestamp", "asc"),
            limit=SESSION_TRACES_LIMIT,
            cursor=params.text(request, "tracesCursor"),
            with_io=pagination.with_io(request),
            count=False,
        )
        agent = await agent_sessions.agent_totals(
            session=session, project_id=principal.project_id, session_ids=[session_id]
        )
    body = session_json(row)
    body["agent"] = document_json(agent[session_id])
    body["traces"] = [trace_json(t) for t in traces.rows]
    body["tracesMeta"] = {"hasMore": traces.has_more, "nextCursor": traces.next_cursor}
    return JSONResponse(body)
