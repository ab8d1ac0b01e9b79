"""What a session's coding agent did, over its traces' records: ``Session.agent``."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents import sessions
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = dict[str, int]


def agent_totals_by_session(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        return await sessions.agent_totals(session=session, project_id=project_id, session_ids=keys)

    return loader(database, fetch, dict(sessions.EMPTY))
