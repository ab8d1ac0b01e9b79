"""Every version of a prompt, newest first: ``Prompt.versions``."""

from __future__ import annotations

from typing import Any, TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.prompts import listing
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import loader

Key: TypeAlias = str
Result: TypeAlias = list[dict[str, Any]]


def prompt_versions_by_prompt(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Any]:
        return await listing.versions_of(session=session, project_id=project_id, prompt_ids=keys)

    return loader(database, fetch, [])
