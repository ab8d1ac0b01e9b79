"""Dataset rows related to many parents at once, for GraphQL's loaders: one statement per
call, whatever the number of parents, always within one project."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.datasets import reads
from agenttrace.core.datasets.tables import DATASET, ITEM, RUN
from agenttrace.core.pages import Page
from agenttrace.db.types import Row


async def datasets_by_ids(
    *, session: AsyncSession, project_id: str, dataset_ids: Sequence[str]
) -> dict[str, Row]:
    statement = select(DATASET).where(
        DATASET.c.project_id == project_id, DATASET.c.id.in_(list(dataset_ids))
    )
    return {row["id"]: row for row in (await session.execute(statement)).mappings()}


async def items_by_ids(
    *, session: AsyncSession, project_id: str, item_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    statement = select(ITEM).where(ITEM.c.project_id == project_id, ITEM.c.id.in_(list(item_ids)))
    rows = list((await session.execute(statement)).mappings())
    return {row["id"]: row for row in await reads.named(session, project_id, rows)}


async def item_pages(
    *,
    session: AsyncSession,
    project_id: str,
    dataset_ids: Sequence[str],
    limit: int,
    cursor: str | None,
) -> dict[str, Page]:
    """A page of each dataset's items, oldest first, with their dataset's name."""
    pages = await lists.pages_per_parent(
        session,
        table=ITEM,
        columns=list(ITEM.columns),
        conditions=[ITEM.c.project_id == project_id],
        parent="dataset_id",
        parent_ids=dataset_ids,
        sort=reads.ITEM_SORT,
        limit=limit,
        cursor=cursor,
    )
    datasets = await datasets_by_ids(
        session=session, project_id=project_id, dataset_ids=dataset_ids
    )
    return {
        dataset_id: Page(
            rows=reads.with_dataset_name(page.rows, datasets[dataset_id]["name"])
            if page.rows
            else [],
            has_more=page.has_more,
            next_cursor=page.next_cursor,
        )
        for dataset_id, page in pages.items()
    }


async def item_counts(
    *, session: AsyncSession, project_id: str, dataset_ids: Sequence[str]
) -> dict[str, int]:
    statement = (
        select(ITEM.c.dataset_id, func.count())
        .where(ITEM.c.project_id == project_id, ITEM.c.dataset_id.in_(list(dataset_ids)))
        .group_by(ITEM.c.dataset_id)
    )
    return {dataset_id: int(count) for dataset_id, count in await session.execute(statement)}


async def runs_of_datasets(
    *, session: AsyncSession, project_id: str, dataset_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Every run of each dataset, newest first, with the dataset's name."""
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in dataset_ids}
    statement = (
        select(RUN)
        .where(RUN.c.project_id == project_id, RUN.c.dataset_id.in_(list(dataset_ids)))
        .order_by(RUN.c.created_at.desc(), RUN.c.id.desc())
    )
    rows = list((await session.execute(statement)).mappings())
    for row in await reads.named(session, project_id, rows):
        found[row["dataset_id"]].append(row)
    return found


async def runs_by_ids(
    *, session: AsyncSession, project_id: str, run_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    statement = select(RUN).where(RUN.c.project_id == project_id, RUN.c.id.in_(list(run_ids)))
    rows = list((await session.execute(statement)).mappings())
    return {row["id"]: row for row in await reads.named(session, project_id, rows)}
