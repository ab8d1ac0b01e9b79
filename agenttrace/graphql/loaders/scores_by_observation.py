"""The scores of an observation, oldest first: ``Observation.scores``. Keyed by (trace id,
observation id), so the statement finds them through the scores' trace index."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing import related
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = tuple[str, str]
Result: TypeAlias = list[Row]


def scores_by_observation(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        return await related.scores_of_observations(
            session=session, project_id=project_id, observations=keys
        )

    return loader(database, fetch, [])
