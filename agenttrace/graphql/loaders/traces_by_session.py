"""A page of a session's traces, oldest first: ``Session.traces``. Keyed by (session id,
the field's arguments), one statement per set of arguments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.pages import Page
from agenttrace.core.tracing import related
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import EMPTY_PAGE, by_arguments, loader


@dataclass(frozen=True)
class Arguments:
    first: int
    after: str | None
    with_io: bool


Key: TypeAlias = tuple[str, Arguments]
Result: TypeAlias = Page


def traces_by_session(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        for arguments, session_ids in by_arguments(keys).items():
            pages = await related.trace_pages_of_sessions(
                session=session,
                project_id=project_id,
                session_ids=session_ids,
                limit=arguments.first,
                cursor=arguments.after,
                with_io=arguments.with_io,
            )
            found.update(((session_id, arguments), page) for session_id, page in pages.items())
        return found

    return loader(database, fetch, EMPTY_PAGE)
