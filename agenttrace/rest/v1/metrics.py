"""``GET /v1/metrics/series``: one OTLP metric's total and buckets over a time range,
grouped by attributes (``core/metrics/series.py``)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.metrics import series as metric_series
from agenttrace.core.time import iso
from agenttrace.rest import params
from agenttrace.web.credentials import require
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database


def _buckets(buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**bucket, "start": iso(bucket["start"])} for bucket in buckets]


async def series(request: Request) -> Response:
    principal = require(request, "traces:read")
    async with database(request).read() as session:
        answer = await metric_series.series(
            session=session,
            project_id=principal.project_id,
            name=params.text(request, "name") or "",
            group_by=params.texts(request, "groupBy"),
            start=params.timestamp(request, "from"),
            end=params.timestamp(request, "to"),
            bucket=params.text(request, "bucket") or "hour",
        )
    groups = [{**group, "buckets": _buckets(group["buckets"])} for group in answer["groups"]]
    body = {
        "name": answer["name"],
        "unit": answer["unit"],
        "kind": answer["kind"],
        "groupBy": answer["group_by"],
        "bucket": answer["bucket"],
        "total": answer["total"],
        "points": answer["points"],
        **({"count": answer["count"]} if "count" in answer else {}),
        "buckets": _buckets(answer["buckets"]),
        "groups": groups,
    }
    return JSONResponse(body)
