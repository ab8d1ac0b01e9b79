"""Runs of a dataset (experiments) and their run items: create a run (with its items in
the same call), link an item's trace to a run by the run's name (Langfuse's
``dataset-run-items``: the run is made on first use, the trace may not exist yet), list,
read and delete runs, and the read API the evaluators use (``run_items``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.datasets import ids, reads, store
from agenttrace.core.datasets.bodies import DatasetRunItemBody, RunBody, RunItemLink
from agenttrace.core.datasets.store import RunItemWrite, RunWrite
from agenttrace.core.datasets.tables import ITEM, RUN, RUN_ITEM
from agenttrace.core.errors import Conflict, Invalid, NotFound
from agenttrace.core.pages import Page
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import reads as tracing_reads
from agenttrace.core.tracing.ingest.bodies import parse
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.db.types import Row

RUN_SORT = lists.sort_of(RUN, "created_at", True)
RUN_ITEM_SORT = lists.sort_of(RUN_ITEM, "created_at", False)


async def run(
    *, session: AsyncSession, project_id: str, run_ref: str, dataset_id: str | None = None
) -> dict[str, Any]:
    """A run by id or, within ``dataset_id``, by name."""
    conditions: list[ColumnElement[bool]] = [RUN.c.project_id == project_id]
    if dataset_id is not None:
        conditions.append(RUN.c.dataset_id == dataset_id)
        conditions.append((RUN.c.id == run_ref) | (RUN.c.name == run_ref))
    else:
        conditions.append(RUN.c.id == run_ref)
    rows = (await session.execute(select(RUN).where(*conditions))).mappings().all()
    if not rows:
        raise NotFound("dataset run", run_ref)
    found = next((r for r in rows if r["id"] == run_ref), rows[0])
    return (await reads.named(session, project_id, [found]))[0]


async def _check_items(
    session: AsyncSession,
    project_id: str,
    dataset_id: str,
    links: Sequence[RunItemLink],
    field: str,
) -> None:
    wanted = sorted({link.dataset_item_id for link in links})
    if not wanted:
        return
    statement = select(ITEM.c.id).where(
        ITEM.c.project_id == project_id, ITEM.c.dataset_id == dataset_id, ITEM.c.id.in_(wanted)
    )
    found = set((await session.execute(statement)).scalars())
    for position, link in enumerate(links):
        if link.dataset_item_id not in found:
            raise NotFound("dataset item", link.dataset_item_id)
        if link.trace_id is None:
            raise Invalid("traceId is required", field=f"{field}[{position}].traceId")


async def create_run(
    *, session: AsyncSession, project_id: str, dataset_ref: str, body: Any
) -> dict[str, Any]:
    """A new run of the dataset, with the run items ``body.items`` names. A run name is
    unique per dataset (409); the run's id is the stable id of (dataset, name)."""
    parsed = parse(RunBody, body)
    dataset = await reads.dataset(session=session, project_id=project_id, ref=dataset_ref)
    run_id = ids.run_id(project_id, dataset["id"], parsed.name)
    taken = await session.execute(
        select(RUN.c.id).where(
            RUN.c.project_id == project_id,
            (RUN.c.id == run_id)
            | ((RUN.c.dataset_id == dataset["id"]) & (RUN.c.name == parsed.name)),
        )
    )
    if taken.first() is not None:
        raise Conflict(f"dataset {dataset['name']!r} has a run named {parsed.name!r}", field="name")
    links = parsed.items or []
    await _check_items(session, project_id, dataset["id"], links, "items")
    now = utcnow()
    new_run = RunWrite(
        project_id=project_id, id=run_id, name=parsed.name, dataset_id=dataset["id"], at=now,
        description=parsed.description, metadata=parsed.metadata,
    )  # fmt: skip
    await store.upsert(
        session,
        [new_run],
        [
            # A microsecond apart: the run lists its items in the order given.
            RunItemWrite(project_id=project_id, run_id=run_id, trace_id=link.trace_id or "",
                         at=now + timedelta(microseconds=position),
                         dataset_item_id=link.dataset_item_id, observation_id=link.observation_id)
            for position, link in enumerate(links)
        ],
    )  # fmt: skip
    return await run(session=session, project_id=project_id, run_ref=run_id)


async def link_run_item(*, writer: IngestWriter, project_id: str, body: Any) -> dict[str, Any]:
    """Langfuse's ``dataset-run-items``: the run of ``runName`` on the item's dataset is
    created on first use (its description and metadata updated when given), and the item
    is linked to the trace (or the observation's trace), which may not exist yet."""
    parsed = parse(DatasetRunItemBody, body)
    async with writer.database.read() as session:
        item = await reads.item(
            session=session, project_id=project_id, item_id=parsed.dataset_item_id
        )
        if item["status"] == "ARCHIVED":
            raise NotFound("dataset item", parsed.dataset_item_id, hint="it is archived")
        trace_id = parsed.trace_id
        if trace_id is None:
            if parsed.observation_id is None:
                raise Invalid("traceId or observationId is required", field="traceId")
            try:
                observation = await tracing_reads.observation(
                    session=session, project_id=project_id, observation_id=parsed.observation_id
                )
            except NotFound:
                raise Invalid(
                    "traceId is required while the observation is not stored yet", field="traceId"
                ) from None
            trace_id = observation["trace_id"]
    now = utcnow()
    run_id = ids.run_id(project_id, item["dataset_id"], parsed.run_name)
    new_run = RunWrite(
        project_id=project_id, id=run_id, name=parsed.run_name, dataset_id=item["dataset_id"],
        at=now, description=parsed.run_description, metadata=parsed.metadata,
    )  # fmt: skip
    link = RunItemWrite(
        project_id=project_id, run_id=run_id, trace_id=trace_id, at=now,
        dataset_item_id=item["id"], observation_id=parsed.observation_id,
        dataset_item_version=parsed.dataset_version,
    )  # fmt: skip
    await writer.write_all([store.record(new_run, link)])
    async with writer.database.read() as session:
        rows = await run_item_rows(session=session, project_id=project_id, ids_=[link.id])
    return rows[0]


async def run_of_dataset(
    *, session: AsyncSession, project_id: str, dataset_ref: str, run_ref: str, by: str = "either"
) -> dict[str, Any]:
    """A run (by id or name) of the dataset (by id or name; ``by="name"``: by name only)."""
    found = await reads.dataset(session=session, project_id=project_id, ref=dataset_ref, by=by)
    return await run(
        session=session, project_id=project_id, run_ref=run_ref, dataset_id=found["id"]
    )


async def run_with_items(
    *, session: AsyncSession, project_id: str, dataset_ref: str, run_ref: str, by: str = "either"
) -> dict[str, Any]:
    """``run_of_dataset`` with its run items (``items``), oldest first."""
    found = await run_of_dataset(
        session=session, project_id=project_id, dataset_ref=dataset_ref, run_ref=run_ref, by=by
    )
    items = await run_items(session=session, project_id=project_id, run_ids=[found["id"]])
    return {**found, "items": items[found["id"]]}


async def runs(
    *, session: AsyncSession, project_id: str, dataset_ref: str, limit: int, cursor: str | None
) -> Page:
    """The runs of the dataset (by id or name), newest first."""
    dataset = await reads.dataset(session=session, project_id=project_id, ref=dataset_ref)
    page = await lists.keyset_page(
        session=session,
        table=RUN,
        columns=list(RUN.columns),
        conditions=[RUN.c.project_id == project_id, RUN.c.dataset_id == dataset["id"]],
        sort=RUN_SORT,
        limit=limit,
        cursor=cursor,
        count=True,
    )
    rows = [{**r, "dataset_name": dataset["name"]} for r in page.rows]
    return Page(rows=rows, has_more=page.has_more, next_cursor=page.next_cursor, total=page.total)


async def runs_by_page(
    *, session: AsyncSession, project_id: str, dataset_name: str, page: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Langfuse's page/limit over the runs of the dataset of that name."""
    dataset = await reads.dataset(
        session=session, project_id=project_id, ref=dataset_name, by="name"
    )
    rows, total = await lists.offset_page(
        session=session,
        table=RUN,
        columns=list(RUN.columns),
        conditions=[RUN.c.project_id == project_id, RUN.c.dataset_id == dataset["id"]],
        order_by=RUN_SORT.order_by(),
        page=page,
        limit=limit,
    )
    return [{**r, "dataset_name": dataset["name"]} for r in rows], total


async def delete_run(
    *, session: AsyncSession, project_id: str, dataset_ref: str, run_ref: str, by: str = "either"
) -> None:
    """The run and its run items (the traces and scores stay)."""
    found = await run_of_dataset(
        session=session, project_id=project_id, dataset_ref=dataset_ref, run_ref=run_ref, by=by
    )
    await session.execute(
        delete(RUN_ITEM).where(
            RUN_ITEM.c.project_id == project_id, RUN_ITEM.c.run_id == found["id"]
        )
    )
    await session.execute(
        delete(RUN).where(RUN.c.project_id == project_id, RUN.c.id == found["id"])
    )


def _run_item_statement(project_id: str) -> Any:
    return (
        select(
            *RUN_ITEM.columns,
            RUN.c.name.label("run_name"),
            ITEM.c.input.label("input"),
            ITEM.c.expected_output.label("item_expected_output"),
        )
        .join(RUN, (RUN.c.project_id == RUN_ITEM.c.project_id) & (RUN.c.id == RUN_ITEM.c.run_id))
        .outerjoin(
            ITEM,
            (ITEM.c.project_id == RUN_ITEM.c.project_id)
            & (ITEM.c.id == RUN_ITEM.c.dataset_item_id),
        )
        .where(RUN_ITEM.c.project_id == project_id)
    )


def _with_expected(row: Row) -> dict[str, Any]:
    """The expected output a run item was run against: the span's statement, else the item's."""
    expected = row["expected_output"]
    return {
        **row,
        "expected_output": expected if expected is not None else row["item_expected_output"],
    }


async def run_item_rows(
    *, session: AsyncSession, project_id: str, ids_: Sequence[str]
) -> list[dict[str, Any]]:
    statement = _run_item_statement(project_id).where(RUN_ITEM.c.id.in_(list(ids_)))
    return [_with_expected(r) for r in (await session.execute(statement)).mappings()]


async def run_items(
    *, session: AsyncSession, project_id: str, run_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """The run items of these runs, oldest first, by run: each with its ``trace_id``,
    ``observation_id``, ``dataset_item_id``, the item's ``input`` and the
    ``expected_output`` it ran against, and ``run_name``. One statement for all runs
    (what evaluators read to score a run)."""
    found: dict[str, list[dict[str, Any]]] = {run_id: [] for run_id in run_ids}
    if not run_ids:
        return found
    statement = (
        _run_item_statement(project_id)
        .where(RUN_ITEM.c.run_id.in_(list(run_ids)))
        .order_by(RUN_ITEM.c.created_at, RUN_ITEM.c.id)
    )
    for row in (await session.execute(statement)).mappings():
        found[row["run_id"]].append(_with_expected(row))
    return found


async def run_items_by_page(
    *, session: AsyncSession, project_id: str, dataset_id: str, run_name: str, page: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Langfuse's page/limit over the items of the run of that name in that dataset."""
    found = await run(
        session=session, project_id=project_id, run_ref=run_name, dataset_id=dataset_id
    )
    conditions = [RUN_ITEM.c.project_id == project_id, RUN_ITEM.c.run_id == found["id"]]
    rows, total = await lists.offset_page(
        session=session, table=RUN_ITEM, columns=[RUN_ITEM.c.id], conditions=conditions,
        order_by=RUN_ITEM_SORT.order_by(), page=page, limit=limit,
    )  # fmt: skip
    found_rows = await run_item_rows(
        session=session, project_id=project_id, ids_=[r["id"] for r in rows]
    )
    by_id = {r["id"]: r for r in found_rows}
    return [by_id[r["id"]] for r in rows], total
