"""How many agent records of each kind a trace has: ``Trace.agentRecords``."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents import trace_counts
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = dict[str, int]


def agent_counts_by_trace(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        return await trace_counts.record_counts(
            session=session, project_id=project_id, trace_ids=keys
        )

    return loader(database, fetch, dict(trace_counts.EMPTY))
