"""Reading scores in the Langfuse dialect: ``/scores`` (v1) and ``/v2/scores`` lists with
page/limit and each score's trace, one score by id, and ``/v3/scores`` with a cursor and a
``value`` typed by the score's data type."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing import listing, reads
from agenttrace.core.tracing.filters import SCORE_OPERATORS, ScoreFilter
from agenttrace.core.tracing.vocabulary import SCORE_SOURCES
from agenttrace.rest import params
from agenttrace.rest.public import pages
from agenttrace.rest.public.score_shapes import (
    SCORE_V3_GROUPS,
    score_json,
    score_trace_json,
    score_v3_json,
)
from agenttrace.web.credentials import require
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database

# Every type Langfuse knows, so a filter on one we never store is an empty list, not a 400.
DATA_TYPES = ("NUMERIC", "CATEGORICAL", "BOOLEAN", "TEXT", "CORRECTION")
MAX_V3_LIMIT = 100
BOOLEANS = {"true": 1.0, "false": 0.0}


def _upper(request: Request, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = tuple(value.upper() for value in params.texts(request, name))
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise Invalid(f"{name} must be among {', '.join(allowed)}", field=name)
    return values


def _single(request: Request, name: str) -> str | None:
    """A filter that takes one value (a comma list of several is refused, not half-applied)."""
    values = params.texts(request, name)
    if len(values) > 1:
        raise Invalid(f"{name} takes a single value", field=name)
    return values[0] if values else None


def _comparison(request: Request) -> tuple[str, float] | None:
    operator, value = params.text(request, "operator"), params.number(request, "value")
    if operator is None and value is None:
        return None
    if operator not in SCORE_OPERATORS or value is None:
        raise Invalid(
            f"operator ({', '.join(SCORE_OPERATORS)}) and value go together", field="operator"
        )
    return operator, value


def list_filter(request: Request, *, on_trace: bool | None) -> ScoreFilter:
    """The filters of the page/limit lists (v1 and v2 alike)."""
    name = params.text(request, "name")
    return ScoreFilter(
        on_trace=on_trace,
        ids=params.texts(request, "scoreIds"),
        trace_id=params.text(request, "traceId"),
        observation_ids=params.texts(request, "observationId"),
        session_id=params.text(request, "sessionId"),
        dataset_run_id=params.text(request, "datasetRunId"),
        names=(name,) if name else (),
        sources=_upper(request, "source", SCORE_SOURCES),
        data_types=_upper(request, "dataType", DATA_TYPES),
        environments=params.texts(request, "environment"),
        config_id=params.text(request, "configId"),
        queue_id=params.text(request, "queueId"),
        from_timestamp=params.timestamp(request, "fromTimestamp"),
        to_timestamp=params.timestamp(request, "toTimestamp"),
        user_id=params.text(request, "userId"),
        value=_comparison(request),
        trace_tags=params.texts(request, "traceTags"),
    )


async def _list(request: Request, *, v1: bool) -> Response:
    """v1 lists only scores of traces (its score object, like the v2 SDK's, needs a
    ``traceId``) and leaves ``sessionId`` out of their ``trace`` block."""
    principal = require(request, "scores:read")
    page, limit = pages.page_and_limit(request)
    async with database(request).read() as session:
        rows, total = await listing.scores_at(
            session=session,
            project_id=principal.project_id,
            filter=list_filter(request, on_trace=v1 or None),
            page=page,
            limit=limit,
        )
        traces = await listing.trace_contexts(
            session=session,
            project_id=principal.project_id,
            trace_ids=[r["trace_id"] for r in rows],
        )
    data = [
        score_json(row)
        | {"trace": score_trace_json(traces.get(row["trace_id"]), with_session=not v1)}
        for row in rows
    ]
    return JSONResponse(pages.listed(data, page, limit, total))


async def list_scores_v1(request: Request) -> Response:
    return await _list(request, v1=True)


async def list_scores_v2(request: Request) -> Response:
    return await _list(request, v1=False)


async def get_score(request: Request) -> Response:
    """``/scores/{id}`` and ``/v2/scores/{id}`` answer the same object."""
    principal = require(request, "scores:read")
    async with database(request).read() as session:
        row = await reads.score(
            session=session,
            project_id=principal.project_id,
            score_id=request.path_params["score_id"],
        )
    return JSONResponse(score_json(row))


def _exact_values(request: Request, data_types: tuple[str, ...]) -> dict[str, Any]:
    """``value`` (a comma list) for one data type: numbers, true/false, or labels."""
    raw = params.texts(request, "value")
    if not raw:
        return {}
    if len(data_types) != 1 or data_types[0] not in ("NUMERIC", "BOOLEAN", "CATEGORICAL"):
        raise Invalid(
            "value needs a single dataType: NUMERIC, BOOLEAN or CATEGORICAL", field="value"
        )
    if data_types[0] == "CATEGORICAL":
        return {"string_values": raw}
    numbers = BOOLEANS if data_types[0] == "BOOLEAN" else None
    try:
        values = tuple(numbers[v.lower()] if numbers else float(v) for v in raw)
    except (KeyError, ValueError):
        raise Invalid(f"value must be {data_types[0].lower()} values", field="value") from None
    return {"values": values}


def v3_filter(request: Request) -> ScoreFilter:
    data_types = _upper(request, "dataType", DATA_TYPES)
    value_min, value_max = params.number(request, "valueMin"), params.number(request, "valueMax")
    if (value_min is not None or value_max is not None) and data_types != ("NUMERIC",):
        raise Invalid("valueMin and valueMax need dataType=NUMERIC", field="dataType")
    trace_id = _single(request, "traceId")
    observation_ids = params.texts(request, "observationId")
    if observation_ids and trace_id is None:
        raise Invalid("observationId needs traceId", field="observationId")
    return ScoreFilter(
        ids=params.texts(request, "id"),
        names=params.texts(request, "name"),
        sources=_upper(request, "source", SCORE_SOURCES),
        data_types=data_types,
        environments=params.texts(request, "environment"),
        config_id=_single(request, "configId"),
        queue_id=_single(request, "queueId"),
        author_user_id=_single(request, "authorUserId"),
        trace_id=trace_id,
        observation_ids=observation_ids,
        session_id=_single(request, "sessionId"),
        dataset_run_id=_single(request, "experimentId"),
        from_timestamp=params.timestamp(request, "fromTimestamp"),
        to_timestamp=params.timestamp(request, "toTimestamp"),
        value_min=value_min,
        value_max=value_max,
        **_exact_values(request, data_types),
    )


async def list_scores_v3(request: Request) -> Response:
    """Newest first; ``meta.cursor`` is absent on the last page."""
    principal = require(request, "scores:read")
    limit = pages.cursor_limit(request, MAX_V3_LIMIT)
    groups = pages.groups(request, SCORE_V3_GROUPS, ())
    async with database(request).read() as session:
        page = await listing.scores(
            session=session,
            project_id=principal.project_id,
            filter=v3_filter(request),
            limit=limit,
            cursor=params.text(request, "cursor"),
            count=False,
        )
    meta: dict[str, Any] = {"limit": limit}
    if page.next_cursor:
        meta["cursor"] = page.next_cursor
    return JSONResponse({"data": [score_v3_json(r, groups) for r in page.rows], "meta": meta})
