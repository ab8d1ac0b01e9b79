"""A trace's observations without a parent, in start order: ``Trace.rootObservations``.
Keyed by (trace id, whether input/output/metadata are selected)."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing import related
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.graphql.loaders._batch import by_arguments, loader

Key: TypeAlias = tuple[str, bool]
Result: TypeAlias = list[Row]


def root_observations_by_trace(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        for with_io, trace_ids in by_arguments(keys).items():
            roots = await related.root_observations(
                session=session, project_id=project_id, trace_ids=trace_ids, with_io=with_io
            )
            found.update(((trace_id, with_io), rows) for trace_id, rows in roots.items())
        return found

    return loader(database, fetch, [])
