"""A trace's tree as columns: ``Trace.skeleton``. Keyed by (trace id, limit); the traces of
one tick share one statement per limit (one trace: the plain keyset statement)."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing import skeleton
from agenttrace.core.tracing.skeleton import Skeleton
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import by_arguments, loader

Key: TypeAlias = tuple[str, int]
Result: TypeAlias = Skeleton | None


def skeleton_by_trace(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        for limit, trace_ids in by_arguments(keys).items():
            skeletons = await skeleton.skeletons(
                session=session, project_id=project_id, trace_ids=trace_ids, limit=limit
            )
            found.update(((trace_id, limit), tree) for trace_id, tree in skeletons.items())
        return found

    return loader(database, fetch, None)
