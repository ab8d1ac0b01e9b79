"""The write use cases of datasets and their items, each once for every face: create (or
upsert by name, Langfuse's rule), update, delete a dataset with everything in it; create
items one at a time, in a batch or from a trace; update and delete them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import ids
from agenttrace.core.datasets import reads
from agenttrace.core.datasets.bodies import (
    DatasetBody,
    DatasetUpdate,
    FromTrace,
    ItemBody,
    ItemUpdate,
)
from agenttrace.core.datasets.tables import DATASET, ITEM, RUN, RUN_ITEM
from agenttrace.core.errors import Conflict, Invalid, NotFound
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import reads as tracing_reads
from agenttrace.core.tracing.ingest.bodies import parse
from agenttrace.db.types import Row

_DATASET_FIELDS = ("description", "input_schema", "expected_output_schema")


def _dataset_values(body: DatasetBody | DatasetUpdate) -> dict[str, Any]:
    given = {f: getattr(body, f) for f in _DATASET_FIELDS if getattr(body, f) is not None}
    if body.metadata is not None:
        given["metadata"] = body.metadata
    return given


async def create_dataset(*, session: AsyncSession, project_id: str, body: Any, upsert: bool) -> Row:
    """A new dataset; a name in use is a 409, unless ``upsert`` (Langfuse: the given fields
    update the dataset of that name)."""
    parsed = parse(DatasetBody, body)
    found = (
        (
            await session.execute(
                select(DATASET).where(
                    DATASET.c.project_id == project_id, DATASET.c.name == parsed.name
                )
            )
        )
        .mappings()
        .first()
    )
    now = utcnow()
    if found is not None:
        if not upsert:
            raise Conflict(f"a dataset named {parsed.name!r} exists", field="name")
        await session.execute(
            update(DATASET)
            .where(DATASET.c.project_id == project_id, DATASET.c.id == found["id"])
            .values(**_dataset_values(parsed), updated_at=now)
        )
        return await reads.dataset(session=session, project_id=project_id, ref=found["id"], by="id")
    dataset_id = ids.new_uuid()
    await session.execute(
        insert(DATASET).values(
            project_id=project_id, id=dataset_id, name=parsed.name, created_at=now,
            updated_at=now, **_dataset_values(parsed),
        )
    )  # fmt: skip
    return await reads.dataset(session=session, project_id=project_id, ref=dataset_id, by="id")


async def update_dataset(*, session: AsyncSession, project_id: str, ref: str, body: Any) -> Row:
    parsed = parse(DatasetUpdate, body)
    found = await reads.dataset(session=session, project_id=project_id, ref=ref)
    values = _dataset_values(parsed)
    if parsed.name is not None and parsed.name != found["name"]:
        taken = await session.execute(
            select(DATASET.c.id).where(
                DATASET.c.project_id == project_id, DATASET.c.name == parsed.name
            )
        )
        if taken.first() is not None:
            raise Conflict(f"a dataset named {parsed.name!r} exists", field="name")
        values["name"] = parsed.name
    await session.execute(
        update(DATASET)
        .where(DATASET.c.project_id == project_id, DATASET.c.id == found["id"])
        .values(**values, updated_at=utcnow())
    )
    return await reads.dataset(session=session, project_id=project_id, ref=found["id"], by="id")


async def delete_dataset(*, session: AsyncSession, project_id: str, ref: str) -> None:
    """The dataset, its items, its runs and their run items."""
    found = await reads.dataset(session=session, project_id=project_id, ref=ref)
    runs = select(RUN.c.id).where(RUN.c.project_id == project_id, RUN.c.dataset_id == found["id"])
    await session.execute(
        delete(RUN_ITEM).where(RUN_ITEM.c.project_id == project_id, RUN_ITEM.c.run_id.in_(runs))
    )
    for table in (RUN, ITEM):
        await session.execute(
            delete(table).where(table.c.project_id == project_id, table.c.dataset_id == found["id"])
        )
    await session.execute(
        delete(DATASET).where(DATASET.c.project_id == project_id, DATASET.c.id == found["id"])
    )


def _item_values(body: ItemBody | ItemUpdate) -> dict[str, Any]:
    names = ("input", "expected_output", "source_trace_id", "source_observation_id", "status")
    given = {n: getattr(body, n) for n in names if getattr(body, n) is not None}
    if body.metadata is not None:
        given["metadata"] = body.metadata
    return given


async def _store_items(
    session: AsyncSession, project_id: str, dataset: Row, bodies: Sequence[ItemBody]
) -> list[str]:
    """Insert the items, or update the given fields of those whose id exists in this
    dataset; an id that belongs to another dataset is a 409 (items do not move). Items of
    one call are a microsecond apart, so a dataset lists them in the order given."""
    now = utcnow()
    given = [b.id for b in bodies if b.id is not None]
    existing: dict[str, str] = {}
    if given:
        statement = select(ITEM.c.id, ITEM.c.dataset_id).where(
            ITEM.c.project_id == project_id, ITEM.c.id.in_(given)
        )
        existing = {item_id: dataset_id for item_id, dataset_id in await session.execute(statement)}
    new_rows, item_ids = [], []
    for position, body in enumerate(bodies):
        item_id = body.id or ids.new_uuid()
        item_ids.append(item_id)
        owner = existing.get(item_id)
        if owner is not None and owner != dataset["id"]:
            raise Conflict(
                f"dataset item {item_id!r} belongs to another dataset; items cannot move",
                field="id" if len(bodies) == 1 else f"items[{position}].id",
            )
        if owner is not None:
            await session.execute(
                update(ITEM)
                .where(ITEM.c.project_id == project_id, ITEM.c.id == item_id)
                .values(**_item_values(body), updated_at=now)
            )
            continue
        new_rows.append(
            {"project_id": project_id, "id": item_id, "dataset_id": dataset["id"], "status": "ACTIVE",
             "input": None, "expected_output": None, "metadata": None, "source_trace_id": None,
             "source_observation_id": None, "created_at": now + timedelta(microseconds=position),
             "updated_at": now, **_item_values(body)}
        )  # fmt: skip
        existing[item_id] = dataset["id"]
    if new_rows:
        try:
            await session.execute(insert(ITEM), new_rows)
        except IntegrityError:
            raise Conflict(
                "a dataset item with this id was created meanwhile", field="id"
            ) from None
    return item_ids


async def create_item(
    *, session: AsyncSession, project_id: str, body: Any, dataset_ref: str | None = None
) -> dict[str, Any]:
    """An item of the dataset ``dataset_ref`` (or of ``body.datasetName``); with an ``id``
    that exists, an update of it. An unknown dataset is a 404."""
    parsed = parse(ItemBody, body)
    ref = dataset_ref or parsed.dataset_name
    if ref is None:
        raise Invalid("datasetName is required", field="datasetName")
    dataset = await reads.dataset(
        session=session, project_id=project_id, ref=ref, by="either" if dataset_ref else "name"
    )
    (item_id,) = await _store_items(session, project_id, dataset, [parsed])
    return await reads.item(session=session, project_id=project_id, item_id=item_id)


async def create_items(
    *, session: AsyncSession, project_id: str, dataset_ref: str, bodies: Any, field: str = "items"
) -> list[str]:
    """Many items at once, all or none: the first bad one is a 400 naming its position."""
    if not isinstance(bodies, list):
        raise Invalid(f"{field} must be a list of items", field=field)
    parsed = [parse(ItemBody, body, prefix=f"{field}[{i}]") for i, body in enumerate(bodies)]
    dataset = await reads.dataset(session=session, project_id=project_id, ref=dataset_ref)
    return await _store_items(session, project_id, dataset, parsed)


async def create_item_from_trace(
    *, session: AsyncSession, project_id: str, dataset_ref: str, body: Any
) -> dict[str, Any]:
    """An item whose input and expected output are a trace's (or an observation's) input
    and output, linked to it as its source."""
    parsed = parse(FromTrace, body)
    dataset = await reads.dataset(session=session, project_id=project_id, ref=dataset_ref)
    if parsed.observation_id is not None:
        source = await tracing_reads.observation(
            session=session, project_id=project_id, observation_id=parsed.observation_id
        )
        if source["trace_id"] != parsed.trace_id:
            raise Invalid("the observation belongs to another trace", field="observationId")
    else:
        source = await tracing_reads.trace(
            session=session, project_id=project_id, trace_id=parsed.trace_id
        )
    item = ItemBody(
        id=parsed.id,
        input=source["input"],
        expected_output=source["output"],
        source_trace_id=parsed.trace_id,
        source_observation_id=parsed.observation_id,
    )
    (item_id,) = await _store_items(session, project_id, dataset, [item])
    return await reads.item(session=session, project_id=project_id, item_id=item_id)


async def _item_of(
    session: AsyncSession, project_id: str, item_id: str, dataset_ref: str | None
) -> dict[str, Any]:
    found = await reads.item(session=session, project_id=project_id, item_id=item_id)
    if dataset_ref is not None and dataset_ref not in (found["dataset_id"], found["dataset_name"]):
        raise NotFound("dataset item", item_id)
    return found


async def update_item(
    *,
    session: AsyncSession,
    project_id: str,
    item_id: str,
    body: Any,
    dataset_ref: str | None = None,
) -> dict[str, Any]:
    parsed = parse(ItemUpdate, body)
    await _item_of(session, project_id, item_id, dataset_ref)
    await session.execute(
        update(ITEM)
        .where(ITEM.c.project_id == project_id, ITEM.c.id == item_id)
        .values(**_item_values(parsed), updated_at=utcnow())
    )
    return await reads.item(session=session, project_id=project_id, item_id=item_id)


async def delete_item(
    *, session: AsyncSession, project_id: str, item_id: str, dataset_ref: str | None = None
) -> None:
    """The item; the run items that ran it stay (they record what happened)."""
    await _item_of(session, project_id, item_id, dataset_ref)
    await session.execute(delete(ITEM).where(ITEM.c.project_id == project_id, ITEM.c.id == item_id))
