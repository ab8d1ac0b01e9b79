"""The scores given to a trace itself, not to its observations: ``Trace.scores(ownOnly:
true)``, the list's score chips."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing import related
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = list[Row]


def own_scores_by_trace(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        return await related.own_scores_of_traces(
            session=session, project_id=project_id, trace_ids=keys
        )

    return loader(database, fetch, [])
