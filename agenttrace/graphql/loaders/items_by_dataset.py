"""A page of a dataset's items, oldest first: ``Dataset.items``. Keyed by (dataset id, the
field's arguments); the datasets of one tick share one statement per set of arguments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.datasets import related
from agenttrace.core.pages import Page
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders._batch import EMPTY_PAGE, by_arguments, loader


@dataclass(frozen=True)
class Arguments:
    first: int
    after: str | None


Key: TypeAlias = tuple[str, Arguments]
Result: TypeAlias = Page


def items_by_dataset(database: Database, project_id: str) -> DataLoader[Key, Result]:
    async def fetch(session: AsyncSession, keys: list[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        for arguments, dataset_ids in by_arguments(keys).items():
            pages = await related.item_pages(
                session=session, project_id=project_id, dataset_ids=dataset_ids,
                limit=arguments.first, cursor=arguments.after,
            )  # fmt: skip
            found.update(((dataset_id, arguments), page) for dataset_id, page in pages.items())
        return found

    return loader(database, fetch, EMPTY_PAGE)
