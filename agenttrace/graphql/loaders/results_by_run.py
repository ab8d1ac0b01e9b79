"""What each run did (its items with outputs, latency, cost and scores; its own scores; its summary): ``DatasetRun.items``, ``.scores``, ``.summary``."""

from __future__ import annotations

from typing import Any, TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.datasets import results
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = dict[str, Any]


def results_by_run(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Any]:
        return await results.results(session=session, project_id=project_id, run_ids=keys)

    return loader(database, fetch, {"items": [], "scores": [], "summary": None})
