"""A page of a trace's observations, in start order: ``Trace.observations``. Keyed by
(trace id, the field's arguments); the traces of one tick share one statement per set of
arguments (a page per trace from a window function)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.pages import Page
from agenttrace.core.tracing import related
from agenttrace.core.tracing.filters import ObservationFilter
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import EMPTY_PAGE, by_arguments, loader


@dataclass(frozen=True)
class Arguments:
    filter: ObservationFilter
    first: int
    after: str | None
    with_io: bool


Key: TypeAlias = tuple[str, Arguments]
Result: TypeAlias = Page


def observations_by_trace(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        for arguments, trace_ids in by_arguments(keys).items():
            pages = await related.observation_pages(
                session=session,
                project_id=project_id,
                trace_ids=trace_ids,
                filter=arguments.filter,
                limit=arguments.first,
                cursor=arguments.after,
                with_io=arguments.with_io,
            )
            found.update(((trace_id, arguments), page) for trace_id, page in pages.items())
        return found

    return loader(database, fetch, EMPTY_PAGE)
