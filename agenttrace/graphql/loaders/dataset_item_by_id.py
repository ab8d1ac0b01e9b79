"""Dataset items by id: the item of a run item."""

from __future__ import annotations

from typing import Any, TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.datasets import related
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = Row | None


def dataset_item_by_id(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Any]:
        return await related.items_by_ids(session=session, project_id=project_id, item_ids=keys)

    return loader(database, fetch, None)
