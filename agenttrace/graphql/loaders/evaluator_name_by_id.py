"""An evaluator's name: ``Evaluation.evaluatorName`` (a trace's outcomes hold only the id)."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators.names import names_of
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = str | None


def evaluator_name_by_id(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        return dict(await names_of(session, project_id, keys))

    return loader(database, fetch, None)
