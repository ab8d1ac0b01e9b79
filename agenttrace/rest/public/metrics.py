"""``/api/public/metrics/daily``: traces, observations, usage and cost per UTC day (newest
first), with one line per model; the numbers come from ``core/metrics.py``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.tracing import metrics
from agenttrace.core.tracing.filters import TraceFilter
from agenttrace.rest import params
from agenttrace.rest.public import pages
from agenttrace.web.credentials import require
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database


def _usage_json(line: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "model": line["model"],
        "inputUsage": line["input_usage"],
        "outputUsage": line["output_usage"],
        "totalUsage": line["total_usage"],
        "countObservations": line["count_observations"],
        "countTraces": line["count_traces"],
        "totalCost": line["total_cost"],
    }


def _day_json(day: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "date": day["date"],
        "countTraces": day["count_traces"],
        "countObservations": day["count_observations"],
        "totalCost": day["total_cost"],
        "usage": [_usage_json(line) for line in day["usage"]],
    }


async def daily(request: Request) -> Response:
    principal = require(request, "traces:read")
    page, limit = pages.page_and_limit(request)
    filter = TraceFilter(
        name=params.text(request, "traceName"),
        user_id=params.text(request, "userId"),
        tags=params.texts(request, "tags"),
        environments=params.texts(request, "environment"),
        from_timestamp=params.timestamp(request, "fromTimestamp"),
        to_timestamp=params.timestamp(request, "toTimestamp"),
    )
    async with database(request).read() as session:
        days, total = await metrics.daily(
            session=session,
            project_id=principal.project_id,
            filter=filter,
            page=page,
            limit=limit,
        )
    return JSONResponse(pages.listed([_day_json(d) for d in days], page, limit, total))
