"""Usage and cost per day and model (Langfuse's ``/metrics/daily``), and the same numbers
over all the traces of a filter, with latency percentiles (GraphQL's ``metrics``).

Days are the UTC days of the traces' timestamps, so a trace and all of its observations
count on one day. A day's totals add up the traces' own aggregate columns and its per-model
lines add up the observations' columns: the very numbers ``/v1`` shows for each trace and
observation, so a day always equals the sum of its traces, and its lines (one per model,
``None`` for observations without one) add up to the day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Label, Select, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.tracing import listing
from agenttrace.core.tracing.filters import TraceFilter
from agenttrace.core.tracing.tables import OBSERVATION, TRACE
from agenttrace.db import sql

Row = dict[str, Any]


async def daily(
    *,
    session: AsyncSession,
    project_id: str,
    filter: TraceFilter,
    page: int,
    limit: int,
) -> tuple[list[Row], int]:
    """One page of days, newest first, and how many days there are."""
    dialect = sql.dialect_of(session)
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
    rows = await lists.offset_rows(session=session, statement=days, page=page, limit=limit)
    total = await lists.count_rows(session=session, statement=days)
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
    result = await session.execute(
        _model_lines([*conditions, TRACE.c.timestamp >= start, TRACE.c.timestamp < end], day)
    )
    found: dict[str, list[Row]] = {}
    for row in result.mappings():
        found.setdefault(row["day"], []).append(_model_line(row))
    for lines in found.values():
        lines.sort(key=_model_order)
    return found


def _model_lines(
    conditions: Sequence[ColumnElement[bool]], *groups: Label[Any]
) -> Select[*tuple[Any, ...]]:
    """Observation usage and cost per model (and ``groups``) over the traces of
    ``conditions``."""
    on_trace = and_(
        TRACE.c.project_id == OBSERVATION.c.project_id, TRACE.c.id == OBSERVATION.c.trace_id
    )
    return (
        select(
            *groups,
            OBSERVATION.c.model,
            func.sum(OBSERVATION.c.input_usage).label("input_usage"),
            func.sum(OBSERVATION.c.output_usage).label("output_usage"),
            func.sum(OBSERVATION.c.total_usage).label("total_usage"),
            func.count().label("count_observations"),
            func.count(func.distinct(OBSERVATION.c.trace_id)).label("count_traces"),
            func.sum(OBSERVATION.c.total_cost).label("total_cost"),
        )
        .select_from(OBSERVATION.join(TRACE, on_trace))
        .where(*conditions)
        .group_by(*groups, OBSERVATION.c.model)
    )


def _model_line(row: Mapping[Any, Any]) -> Row:
    return {
        "model": row["model"],
        "input_usage": int(row["input_usage"] or 0),
        "output_usage": int(row["output_usage"] or 0),
        "total_usage": int(row["total_usage"] or 0),
        "count_observations": int(row["count_observations"]),
        "count_traces": int(row["count_traces"]),
        "total_cost": float(row["total_cost"] or 0),
        # None when no observation of the model had a price (GraphQL's nullable cost).
        "priced_cost": None if row["total_cost"] is None else float(row["total_cost"]),
    }


def _model_order(line: Row) -> tuple[bool, str]:
    """By model name; observations without a model last."""
    return (line["model"] is None, line["model"] or "")


# Totals over a filter (GraphQL's ``metrics``): the same numbers as the days above.


async def usage_by_model(
    *, session: AsyncSession, project_id: str, filter: TraceFilter
) -> list[Row]:
    """One line per model over the traces of ``filter``, as ``daily`` gives per day."""
    conditions = listing.trace_conditions(project_id, filter, sql.dialect_of(session))
    result = await session.execute(_model_lines(conditions))
    return sorted((_model_line(row) for row in result.mappings()), key=_model_order)


async def totals(*, session: AsyncSession, project_id: str, filter: TraceFilter) -> Row:
    """Traces, errors (traces at level ERROR), observations, costs and tokens over the
    traces of ``filter``, added up from
    the traces' own aggregates. A cost no observation had a price for stays ``None``."""
    result = await session.execute(
        select(
            func.count().label("count_traces"),
            func.sum(case((TRACE.c.level == "ERROR", 1), else_=0)).label("count_errors"),
            func.sum(TRACE.c.observation_count).label("count_observations"),
            func.sum(TRACE.c.input_cost).label("input_cost"),
            func.sum(TRACE.c.output_cost).label("output_cost"),
            func.sum(TRACE.c.total_cost).label("total_cost"),
            func.sum(TRACE.c.input_tokens).label("input_tokens"),
            func.sum(TRACE.c.output_tokens).label("output_tokens"),
            func.sum(TRACE.c.total_tokens).label("total_tokens"),
        ).where(*listing.trace_conditions(project_id, filter, sql.dialect_of(session)))
    )
    row = result.mappings().one()
    counts = ("count_traces", "count_errors", "count_observations", "input_tokens",
              "output_tokens", "total_tokens")  # fmt: skip
    return {key: int(value or 0) if key in counts else value for key, value in row.items()}


# Percentiles as whole percents, so the rank arithmetic stays exact in SQL and Python.
LATENCY_PERCENTILES = (50, 95, 99)


async def latency_percentiles(
    *, session: AsyncSession, project_id: str, filter: TraceFilter
) -> dict[int, float | None]:
    """Trace latency (seconds) at each of ``LATENCY_PERCENTILES``, by nearest rank: the
    smallest latency with at least that percent of the traces at or below it. One window
    query on both databases (SQLite has no percentile function); traces without a latency
    are left out, and with none at all every percentile is ``None``."""
    conditions = listing.trace_conditions(project_id, filter, sql.dialect_of(session))
    found = await grouped_latency_percentiles(session, conditions, literal(0))
    return found.get(0, dict.fromkeys(LATENCY_PERCENTILES))


async def grouped_latency_percentiles(
    session: AsyncSession, conditions: Sequence[ColumnElement[bool]], group: ColumnElement[Any]
) -> dict[Any, dict[int, float | None]]:
    """``latency_percentiles`` for each value of ``group`` (a bucket of time), in one
    statement: the ranks are numbered within each group."""
    latency = TRACE.c.latency
    numbered = (
        select(
            group.label("grp"),
            latency,
            func.row_number().over(partition_by=group, order_by=latency).label("rank"),
            func.count().over(partition_by=group).label("traces"),
        )
        .where(*conditions, latency.is_not(None))
        .subquery()
    )
    rank, traces = numbered.c.rank, numbered.c.traces
    result = await session.execute(
        select(numbered.c.grp, numbered.c.latency, rank, traces).where(
            or_(
                *(
                    and_(rank * 100 >= percent * traces, rank * 100 < percent * traces + 100)
                    for percent in LATENCY_PERCENTILES
                )
            )
        )
    )
    by_group: dict[Any, tuple[int, dict[int, float]]] = {}
    for grp, value, at, count in result.all():
        by_group.setdefault(grp, (int(count), {}))[1][int(at)] = float(value)
    return {
        grp: {
            percent: by_rank.get(max(1, -(-percent * count // 100)))
            for percent in LATENCY_PERCENTILES
        }
        for grp, (count, by_rank) in by_group.items()
    }
