"""Every run of a dataset, newest first: ``Dataset.runs``."""

from __future__ import annotations

from typing import Any, TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.datasets import related
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = list[dict[str, Any]]


def runs_by_dataset(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Any]:
        return await related.runs_of_datasets(
            session=session, project_id=project_id, dataset_ids=keys
        )

    return loader(database, fetch, [])
