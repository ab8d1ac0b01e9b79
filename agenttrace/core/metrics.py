"""Usage and cost per day and model (Langfuse's ``/metrics/daily``).

Days are the UTC days of the traces' timestamps, so a trace and all of its observations
count on one day. A day's totals add up the traces' own aggregate columns and its per-model
lines add up the observations' columns: the very numbers ``/v1`` shows for each trace and
observation, so a day always equals the sum of its traces, and its lines (one per model,
``None`` for observations without one) add up to the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Label, and_, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from agenttrace.core import listing
from agenttrace.core.filters import OBSERVATION, TRACE, TraceFilter
from agenttrace.db import sql

Row = dict[str, Any]


async def daily(
    session: AsyncSession,
    *,
    project_id: str,
    filter: TraceFilter,
    page: int,
    limit: int,
    dialect: sql.Dialect,
) -> tuple[list[Row], int]:
    """One page of days, newest first, and how many days there are."""
    conditions = listing.trace_conditions(project_id, filter, dialect)
    day = sql.utc_day(TRACE.c.timestamp, dialect).label("day")
    days = (
        select(
            day,
            func.count().label("count_traces"),
            func.sum(TRACE.c.observation_count).label("count_observations"),
            func.sum(TRACE.c.total_cost).label("total_cost"),
        )
        .where(*conditions)
        .group_by(day)
        .order_by(day.desc())
    )
    rows = await listing.offset_rows(session, days, page=page, limit=limit)
    total = await listing.count_rows(session, days)
    if not rows:
        return [], total
    usage = await _usage_by_model(
        session,
        conditions=conditions,
        day=day,
        # The page's days are consecutive among the days with traces, so the time range
        # from the oldest to the end of the newest holds exactly their traces.
        start=_midnight(rows[-1]["day"]),
        end=_midnight(rows[0]["day"]) + timedelta(days=1),
    )
    return [
        {
            "date": row["day"],
            "count_traces": int(row["count_traces"]),
            "count_observations": int(row["count_observations"] or 0),
            "total_cost": float(row["total_cost"] or 0),
            "usage": usage.get(row["day"], []),
        }
        for row in rows
    ], total


def _midnight(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


async def _usage_by_model(
    session: AsyncSession,
    *,
    conditions: Sequence[ColumnElement[bool]],
    day: Label[str],
    start: datetime,
    end: datetime,
) -> dict[str, list[Row]]:
    """Per day and model, over the traces of ``conditions`` from ``start`` to ``end``."""
    on_trace = and_(
        TRACE.c.project_id == OBSERVATION.c.project_id, TRACE.c.id == OBSERVATION.c.trace_id
    )
    result = await session.exec(
        select(
            day,
            OBSERVATION.c.model,
            func.sum(OBSERVATION.c.input_usage).label("input_usage"),
            func.sum(OBSERVATION.c.output_usage).label("output_usage"),
            func.sum(OBSERVATION.c.total_usage).label("total_usage"),
            func.count().label("count_observations"),
            func.count(func.distinct(OBSERVATION.c.trace_id)).label("count_traces"),
            func.sum(OBSERVATION.c.total_cost).label("total_cost"),
        )
        .select_from(OBSERVATION.join(TRACE, on_trace))
        .where(*conditions, TRACE.c.timestamp >= start, TRACE.c.timestamp < end)
        .group_by(day, OBSERVATION.c.model)
    )
    found: dict[str, list[Row]] = {}
    for row in result.mappings():
        found.setdefault(row["day"], []).append(
            {
                "model": row["model"],
                "input_usage": int(row["input_usage"] or 0),
                "output_usage": int(row["output_usage"] or 0),
                "total_usage": int(row["total_usage"] or 0),
                "count_observations": int(row["count_observations"]),
                "count_traces": int(row["count_traces"]),
                "total_cost": float(row["total_cost"] or 0),
            }
        )
    for lines in found.values():
        lines.sort(key=lambda line: (line["model"] is None, line["model"] or ""))
    return found
