"""A trace's agent records of one kind, oldest first: ``Trace.checkpoints``,
``Trace.gitLinks``, ``Trace.fileOperations``, ``Trace.terminalCommands``. Keyed by (kind,
trace id); the traces of one tick share one statement per kind."""

from __future__ import annotations

from collections import defaultdict
from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents import (
    checkpoints,
    file_operations,
    git_links,
    listing,
    terminal_commands,
)
from agenttrace.core.agents.listing import RecordKind
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.graphql.loaders._batch import loader

KINDS: dict[str, RecordKind] = {
    kind.resource: kind
    for kind in (checkpoints.KIND, git_links.KIND, file_operations.KIND, terminal_commands.KIND)
}

Key: TypeAlias = tuple[str, str]  # (kind's resource name, trace id)
Result: TypeAlias = list[Row]


def records_by_trace(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        by_kind: dict[str, list[str]] = defaultdict(list)
        for resource, trace_id in keys:
            by_kind[resource].append(trace_id)
        found: dict[Key, Result] = {}
        for resource, trace_ids in by_kind.items():
            rows = await listing.of_traces(
                session=session, kind=KINDS[resource], project_id=project_id, trace_ids=trace_ids
            )
            found.update(((resource, trace_id), rows[trace_id]) for trace_id in rows)
        return found

    return loader(database, fetch, [])
