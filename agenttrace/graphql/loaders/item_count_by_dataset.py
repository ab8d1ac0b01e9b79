"""How many items each dataset holds: ``Dataset.itemCount`` and its items' ``totalCount``."""

from __future__ import annotations

from typing import Any, TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.datasets import related
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = int


def item_count_by_dataset(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Any]:
        return await related.item_counts(session=session, project_id=project_id, dataset_ids=keys)

    return loader(database, fetch, 0)
