"""Observations by id: ``Query.observation``, ``Observation.parent`` and a score's observation."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing import related
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = Row | None


def observation_by_id(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Row]:
        return await related.observations_by_ids(
            session=session, project_id=project_id, observation_ids=keys
        )

    return loader(database, fetch, None)
