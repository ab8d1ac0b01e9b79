"""Every evaluator's outcome on a trace: ``Trace.evaluations``."""

from __future__ import annotations

from typing import Any, TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators.explain import evaluations_of_traces
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = list[dict[str, Any]]


def evaluations_by_trace(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        return await evaluations_of_traces(session, project_id, keys)

    return loader(database, fetch, [])
