"""How many observations of a trace pass a filter: ``Trace.observations { totalCount }``
when the field filters (unfiltered, the trace's own observation count answers)."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing import related
from agenttrace.core.tracing.filters import ObservationFilter
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import by_arguments, loader

Key: TypeAlias = tuple[str, ObservationFilter]
Result: TypeAlias = int


def observation_count_by_trace(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        for filter, trace_ids in by_arguments(keys).items():
            counts = await related.observation_counts(
                session=session, project_id=project_id, trace_ids=trace_ids, filter=filter
            )
            found.update(((trace_id, filter), count) for trace_id, count in counts.items())
        return found

    return loader(database, fetch, 0)
