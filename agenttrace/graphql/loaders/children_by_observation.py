"""An observation's children, in start order: ``Observation.children``. Keyed by ((trace id,
observation id), whether input/output/metadata are selected); the trace ids let the
statement use the (project, trace) index."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing import related
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.graphql.loaders._batch import by_arguments, loader

Parent: TypeAlias = tuple[str, str]
Key: TypeAlias = tuple[Parent, bool]
Result: TypeAlias = list[Row]


def children_by_observation(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        for with_io, parents in by_arguments(keys).items():
            children = await related.child_observations(
                session=session, project_id=project_id, parents=parents, with_io=with_io
            )
            found.update(((parent, with_io), rows) for parent, rows in children.items())
        return found

    return loader(database, fetch, [])
