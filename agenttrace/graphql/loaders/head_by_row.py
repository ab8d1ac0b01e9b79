"""The first bytes of a payload field of traces or observations: ``Observation.inputHead``
and the like. Keyed by (row id, (kind, field, max bytes)); one statement per group."""

from __future__ import annotations

from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing import payloads
from agenttrace.core.tracing.tables import Kind
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import by_arguments, loader

Arguments: TypeAlias = tuple[Kind, str, int]
Key: TypeAlias = tuple[str, Arguments]
Result: TypeAlias = str | None


def head_by_row(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        for arguments, ids in by_arguments(keys).items():
            kind, field, max_bytes = arguments
            heads = await payloads.heads(
                session=session,
                project_id=project_id,
                kind=kind,
                ids=ids,
                field=field,
                max_bytes=max_bytes,
            )
            found.update(((row_id, arguments), head) for row_id, head in heads.items())
        return found

    return loader(database, fetch, None)
