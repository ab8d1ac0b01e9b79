"""``/api/public/traces``: the Langfuse trace list (page/limit), one trace with all of its
observations and scores, and deletion of one trace or many."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import Invalid
from agenttrace.core.lists import sort_of
from agenttrace.core.pages import Sort
from agenttrace.core.tracing import deletion, listing, reads
from agenttrace.core.tracing.tables import TRACE
from agenttrace.rest import filters, params
from agenttrace.rest.public import pages
from agenttrace.rest.public.score_shapes import V1_SCORE_TYPES, score_json
from agenttrace.rest.public.shapes import observation_json, trace_json
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database

# orderBy=<field>.<asc|desc>: Langfuse's field names and the columns they sort by.
ORDER_FIELDS = {
    "id": "id",
    "timestamp": "timestamp",
    "name": "name",
    "userId": "user_id",
    "sessionId": "session_id",
    "release": "release",
    "version": "version",
    "public": "public",
    "bookmarked": "bookmarked",
    "environment": "environment",
    "latency": "latency",
    "totalCost": "total_cost",
}
FIELD_GROUPS = ("core", "io", "scores", "observations", "metrics")
MAX_BULK_DELETE = 1000


def order_of(value: str | None) -> Sort:
    """``orderBy=timestamp.asc``; newest first when absent."""
    if value is None:
        return sort_of(TRACE, "timestamp", True)
    field, _, direction = value.rpartition(".")
    if field not in ORDER_FIELDS or direction not in ("asc", "desc"):
        raise Invalid(
            f"orderBy must be <field>.<asc|desc> with a field among {', '.join(ORDER_FIELDS)}",
            field="orderBy",
        )
    return sort_of(TRACE, ORDER_FIELDS[field], direction == "desc")


async def traces_json(
    session: AsyncSession,
    project_id: str,
    rows: Sequence[Mapping[str, Any]],
    groups: frozenset[str] = frozenset(FIELD_GROUPS),
) -> list[dict[str, Any]]:
    """List items: observation and score ids, each kind fetched once for all the rows."""
    trace_ids = [row["id"] for row in rows]
    observation_ids = (
        await listing.observation_ids_of_traces(
            session=session, project_id=project_id, trace_ids=trace_ids
        )
        if "observations" in groups
        else {}
    )
    score_ids: dict[str, list[str]] = {}
    if "scores" in groups:
        for score in await listing.scores_of_traces(
            session=session, project_id=project_id, trace_ids=trace_ids
        ):
            score_ids.setdefault(score["trace_id"], []).append(score["id"])
    return [
        trace_json(
            row,
            observations=observation_ids.get(row["id"], []),
            scores=score_ids.get(row["id"], []),
            metrics="metrics" in groups,
        )
        for row in rows
    ]


async def list_traces(request: Request) -> Response:
    principal = require(request, "traces:read")
    page, limit = pages.page_and_limit(request)
    groups = pages.groups(request, FIELD_GROUPS, FIELD_GROUPS)
    sort = order_of(params.text(request, "orderBy"))
    async with database(request).read() as session:
        rows, total = await listing.traces_at(
            session=session,
            project_id=principal.project_id,
            filter=filters.trace_filter(request),
            sort=sort,
            page=page,
            limit=limit,
            with_io="io" in groups,
        )
        data = await traces_json(session, principal.project_id, rows, groups)
    return JSONResponse(pages.listed(data, page, limit, total))


async def get_trace(request: Request) -> Response:
    """The trace with every observation (a trace of thousands answers them all, read a
    page at a time) and its scores of the types the v2 SDK can parse."""
    principal = require(request, "traces:read")
    project_id, trace_id = principal.project_id, request.path_params["trace_id"]
    async with database(request).read() as session:
        row = await reads.trace(session=session, project_id=project_id, trace_id=trace_id)
        observations = await pages.walk(
            lambda cursor: listing.trace_observations(
                session=session,
                project_id=project_id,
                trace_id=trace_id,
                limit=pages.WALK_LIMIT,
                cursor=cursor,
                with_io=True,
                count=False,
            )
        )
        scores = await listing.scores_of_traces(
            session=session, project_id=project_id, trace_ids=[trace_id]
        )
    return JSONResponse(
        trace_json(
            row,
            observations=[observation_json(o) for o in observations],
            scores=[score_json(s) for s in scores if s["data_type"] in V1_SCORE_TYPES],
        )
    )


async def delete_trace(request: Request) -> Response:
    """Deleted before answering (Langfuse queues it); an unknown id is a 404."""
    principal = require(request, "traces:delete")
    async with database(request).write() as session:
        await deletion.delete_trace(
            session=session,
            project_id=principal.project_id,
            trace_id=request.path_params["trace_id"],
        )
    return JSONResponse({"message": "Trace deleted successfully"})


async def delete_traces(request: Request) -> Response:
    """``{"traceIds": [...]}``, 1 to 1,000 ids; ids of no trace in the project are skipped."""
    principal = require(request, "traces:delete")
    trace_ids = (await read_json_object(request)).get("traceIds")
    if (
        not isinstance(trace_ids, list)
        or not 1 <= len(trace_ids) <= MAX_BULK_DELETE
        or not all(isinstance(t, str) and t for t in trace_ids)
    ):
        raise Invalid(
            f"traceIds must be a list of 1 to {MAX_BULK_DELETE} trace ids", field="traceIds"
        )
    async with database(request).write() as session:
        await deletion.delete_traces(
            session=session,
            project_id=principal.project_id,
            trace_ids=trace_ids,
        )
    return JSONResponse({"message": "Traces deleted successfully"})
