"""Reading datasets and their items, always scoped to one project. A dataset is named in
paths by its id or by its name (``/v1/datasets/:id`` takes either: ids are tried first)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.datasets.tables import DATASET, ITEM, RUN
from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.pages import Page
from agenttrace.db.types import Row

DATASET_SORT = lists.sort_of(DATASET, "created_at", True)
# Items in the order they were added: an experiment walks a dataset front to back.
ITEM_SORT = lists.sort_of(ITEM, "created_at", False)
ITEM_STATUSES = ("ACTIVE", "ARCHIVED")


async def dataset(*, session: AsyncSession, project_id: str, ref: str, by: str = "either") -> Row:
    """The dataset with id ``ref`` or, failing that, named ``ref`` (``by``: "id", "name")."""
    keys = {"id": [DATASET.c.id], "name": [DATASET.c.name]}.get(by, [DATASET.c.id, DATASET.c.name])
    rows = (
        (
            await session.execute(
                select(DATASET).where(
                    DATASET.c.project_id == project_id, or_(*(key == ref for key in keys))
                )
            )
        )
        .mappings()
        .all()
    )
    if not rows:
        raise NotFound("dataset", ref)
    return next((r for r in rows if r["id"] == ref), rows[0])


async def datasets(
    *, session: AsyncSession, project_id: str, limit: int, cursor: str | None
) -> Page:
    """Newest first."""
    return await lists.keyset_page(
        session=session,
        table=DATASET,
        columns=list(DATASET.columns),
        conditions=[DATASET.c.project_id == project_id],
        sort=DATASET_SORT,
        limit=limit,
        cursor=cursor,
        count=True,
    )


async def datasets_by_page(
    *, session: AsyncSession, project_id: str, page: int, limit: int
) -> tuple[list[Row], int]:
    return await lists.offset_page(
        session=session,
        table=DATASET,
        columns=list(DATASET.columns),
        conditions=[DATASET.c.project_id == project_id],
        order_by=DATASET_SORT.order_by(),
        page=page,
        limit=limit,
    )


def with_dataset_name(rows: Sequence[Row], name: str) -> list[dict[str, Any]]:
    return [{**row, "dataset_name": name} for row in rows]


def item_conditions(
    project_id: str,
    dataset_id: str | None,
    *,
    status: str | None = None,
    source_trace_id: str | None = None,
    source_observation_id: str | None = None,
) -> list[ColumnElement[bool]]:
    found = [ITEM.c.project_id == project_id]
    if dataset_id is not None:
        found.append(ITEM.c.dataset_id == dataset_id)
    if status is not None:
        if status.upper() not in ITEM_STATUSES:
            raise Invalid(f"status must be ACTIVE or ARCHIVED, got {status!r}", field="status")
        found.append(ITEM.c.status == status.upper())
    if source_trace_id is not None:
        found.append(ITEM.c.source_trace_id == source_trace_id)
    if source_observation_id is not None:
        found.append(ITEM.c.source_observation_id == source_observation_id)
    return found


async def items(
    *,
    session: AsyncSession,
    project_id: str,
    dataset_ref: str,
    limit: int,
    cursor: str | None,
    status: str | None = None,
) -> Page:
    """The items of the dataset (by id or name), oldest first."""
    found = await dataset(session=session, project_id=project_id, ref=dataset_ref)
    page = await lists.keyset_page(
        session=session,
        table=ITEM,
        columns=list(ITEM.columns),
        conditions=item_conditions(project_id, found["id"], status=status),
        sort=ITEM_SORT,
        limit=limit,
        cursor=cursor,
        count=True,
    )
    rows = with_dataset_name(page.rows, found["name"])
    return Page(rows=rows, has_more=page.has_more, next_cursor=page.next_cursor, total=page.total)


async def items_by_page(
    *,
    session: AsyncSession,
    project_id: str,
    page: int,
    limit: int,
    dataset_name: str | None = None,
    source_trace_id: str | None = None,
    source_observation_id: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Langfuse's page/limit over items (of one dataset, by name, or of all), each with
    its dataset's name."""
    dataset_id = None
    if dataset_name is not None:
        dataset_id = (
            await dataset(session=session, project_id=project_id, ref=dataset_name, by="name")
        )["id"]
    rows, total = await lists.offset_page(
        session=session,
        table=ITEM,
        columns=list(ITEM.columns),
        conditions=item_conditions(
            project_id,
            dataset_id,
            source_trace_id=source_trace_id,
            source_observation_id=source_observation_id,
        ),
        order_by=ITEM_SORT.order_by(),
        page=page,
        limit=limit,
    )
    return await named(session, project_id, rows), total


async def named(
    session: AsyncSession, project_id: str, rows: Sequence[Row]
) -> list[dict[str, Any]]:
    """Items or runs with their dataset's name (one statement for all; a run of a
    local-data experiment has no dataset, and no name)."""
    ids = sorted({row["dataset_id"] for row in rows if row["dataset_id"] is not None})
    names: dict[str, str] = {}
    if ids:
        statement = select(DATASET.c.id, DATASET.c.name).where(
            DATASET.c.project_id == project_id, DATASET.c.id.in_(ids)
        )
        names = {dataset_id: name for dataset_id, name in await session.execute(statement)}
    return [{**row, "dataset_name": names.get(row["dataset_id"])} for row in rows]


async def item(*, session: AsyncSession, project_id: str, item_id: str) -> dict[str, Any]:
    row = (
        (
            await session.execute(
                select(ITEM).where(ITEM.c.project_id == project_id, ITEM.c.id == item_id)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound("dataset item", item_id)
    return (await named(session, project_id, [row]))[0]


async def contents(
    *, session: AsyncSession, project_id: str, dataset_ids: Sequence[str]
) -> dict[str, tuple[list[str], list[str]]]:
    """Item ids and run names of each dataset (Langfuse's legacy list embeds them)."""
    found: dict[str, tuple[list[str], list[str]]] = {i: ([], []) for i in dataset_ids}
    if not dataset_ids:
        return found
    listed = list(dataset_ids)
    item_rows = (
        select(ITEM.c.dataset_id, ITEM.c.id)
        .where(ITEM.c.project_id == project_id, ITEM.c.dataset_id.in_(listed))
        .order_by(ITEM.c.created_at, ITEM.c.id)
    )
    for dataset_id, item_id in await session.execute(item_rows):
        found[dataset_id][0].append(item_id)
    run_rows = (
        select(RUN.c.dataset_id, RUN.c.name)
        .where(RUN.c.project_id == project_id, RUN.c.dataset_id.in_(listed))
        .order_by(RUN.c.created_at, RUN.c.id)
    )
    for dataset_id, name in await session.execute(run_rows):
        found[dataset_id][1].append(name)
    return found
