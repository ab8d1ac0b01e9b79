"""A trace's observation tree without payloads, in one statement and one columnar answer.

The web UI draws a 20,000-observation tree from this (one trace: one keyset statement; a
list of traces that asks for theirs: one windowed statement through a loader): ids, parents, types, names, times,
levels, tokens and costs, each as one array in start order, so the answer is a few arrays
rather than 20,000 objects (about 1 MB as JSON) and no payload is read. Times are epoch
milliseconds computed by the database, so no datetime is built per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing import listing
from agenttrace.core.tracing.tables import OBSERVATION
from agenttrace.db import sql

# Rows answered at once, by default and at most: the largest trace the UI draws whole.
MAX_SKELETON = 20_000

COLUMNS = ("ids", "parent_ids", "types", "names", "start_times", "end_times", "levels",
           "total_tokens", "total_costs")  # fmt: skip


@dataclass(frozen=True)
class Skeleton:
    """One list per column, all of the same length; ``truncated``: more rows exist."""

    truncated: bool
    ids: list[str]
    parent_ids: list[str | None]
    types: list[str]
    names: list[str | None]
    start_times: list[float]
    end_times: list[float | None]
    levels: list[str]
    total_tokens: list[int]
    total_costs: list[float | None]


def skeleton_limit(limit: int | None) -> int:
    if limit is None:
        return MAX_SKELETON
    if not 1 <= limit <= MAX_SKELETON:
        raise Invalid(f"limit must be from 1 to {MAX_SKELETON}", field="limit")
    return limit


def _columns(dialect: sql.Dialect) -> list[Any]:
    table = OBSERVATION
    return [
        table.c.id,
        table.c.parent_observation_id,
        table.c.type,
        table.c.name,
        sql.epoch_millis(table.c.start_time, dialect).label("start_ms"),
        sql.epoch_millis(table.c.end_time, dialect).label("end_ms"),
        table.c.level,
        table.c.total_usage,
        table.c.total_cost,
    ]


async def skeleton(
    *, session: AsyncSession, project_id: str, trace_id: str, limit: int = MAX_SKELETON
) -> Skeleton:
    """The first ``limit`` observations of the trace in start order (ties by id): the plain
    keyset statement, which stops reading at the limit."""
    table = OBSERVATION
    statement = (
        select(*_columns(sql.dialect_of(session)))
        .where(table.c.project_id == project_id, table.c.trace_id == trace_id)
        .order_by(*listing.observation_sort().order_by())
        .limit(limit + 1)
    )
    return _skeleton(list((await session.execute(statement)).all()), limit)


async def skeletons(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str], limit: int
) -> dict[str, Skeleton]:
    """Each trace's skeleton, for a list of traces that asks for it: one statement, the
    rows numbered within each trace (``ROW_NUMBER() OVER (PARTITION BY trace …)``)."""
    if len(trace_ids) == 1:
        (trace_id,) = trace_ids
        found = await skeleton(
            session=session, project_id=project_id, trace_id=trace_id, limit=limit
        )
        return {trace_id: found}
    table = OBSERVATION
    rank = func.row_number().over(
        partition_by=table.c.trace_id, order_by=listing.observation_sort().order_by()
    )
    numbered = (
        select(table.c.trace_id, *_columns(sql.dialect_of(session)), rank.label("rank"))
        .where(table.c.project_id == project_id, table.c.trace_id.in_(list(trace_ids)))
        .subquery()
    )
    result = await session.execute(
        select(*(c for c in numbered.c if c.name != "rank"))
        .where(numbered.c.rank <= limit + 1)
        .order_by(numbered.c.trace_id, numbered.c.rank)
    )
    by_trace: dict[str, list[Any]] = {trace_id: [] for trace_id in trace_ids}
    for trace_id, *row in result.all():
        by_trace[trace_id].append(row)
    return {trace_id: _skeleton(rows, limit) for trace_id, rows in by_trace.items()}


def _skeleton(rows: list[Any], limit: int) -> Skeleton:
    truncated = len(rows) > limit
    columns: list[list[Any]] = [list(c) for c in zip(*rows[:limit], strict=True)] or [
        [] for _ in COLUMNS
    ]
    # Each column as the driver answers it: floats for times and costs (computed or stored
    # as such), ints for tokens; no per-value conversion for 20,000 rows.
    ids, parents, types, names, starts, ends, levels, tokens, costs = columns
    return Skeleton(
        truncated=truncated,
        ids=ids,
        parent_ids=parents,
        types=types,
        names=names,
        start_times=starts,
        end_times=ends,
        levels=levels,
        total_tokens=tokens,
        total_costs=costs,
    )
