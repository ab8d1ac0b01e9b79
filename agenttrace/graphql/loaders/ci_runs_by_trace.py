"""The CI runs a trace is attached to, with their totals: ``Trace.ciRuns``."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents import ci_run_reads
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = list[Row]


def ci_runs_by_trace(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        return await ci_run_reads.of_traces(session=session, project_id=project_id, trace_ids=keys)

    return loader(database, fetch, [])
