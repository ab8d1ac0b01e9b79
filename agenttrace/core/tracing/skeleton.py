"""A trace's observation tree without payloads, in one statement and one columnar answer.

The web UI draws a 20,000-observation tree from this: ids, parents, types, names, times,
levels, tokens and costs, each as one array in start order, so the answer is a few arrays
rather than 20,000 objects (about 1 MB as JSON) and no payload is read. Times are epoch
milliseconds computed by the database, so no datetime is built per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
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


async def skeleton(
    *, session: AsyncSession, project_id: str, trace_id: str, limit: int = MAX_SKELETON
) -> Skeleton:
    """The first ``limit`` observations of the trace in start order (ties by id)."""
    dialect = sql.dialect_of(session)
    table = OBSERVATION
    statement = (
        select(
            table.c.id,
            table.c.parent_observation_id,
            table.c.type,
            table.c.name,
            sql.epoch_millis(table.c.start_time, dialect),
            sql.epoch_millis(table.c.end_time, dialect),
            table.c.level,
            table.c.total_usage,
            table.c.total_cost,
        )
        .where(table.c.project_id == project_id, table.c.trace_id == trace_id)
        .order_by(*listing.observation_sort().order_by())
        .limit(limit + 1)
    )
    rows: list[Any] = list((await session.execute(statement)).all())
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
