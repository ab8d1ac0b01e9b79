"""Storing runs and run items, one way for every path that makes them: ``/v1`` runs,
Langfuse's ``dataset-run-items`` and the spans of the SDKs' experiments (as records of the
ingest pipeline, ``RunItemStore``).

Runs and run items are upserts keyed by their stable ids (``ids.py``): a value given
fills or replaces what is stored, a value not given keeps it, so the REST call of SDK 3.x
and the spans it exports after, in either order, make one run and one run item each.
One statement per table for a whole batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.datasets import ids
from agenttrace.core.datasets.tables import RUN, RUN_ITEM
from agenttrace.core.tracing.ingest.records import RecordWrite
from agenttrace.db import sql

STORE = "dataset_run_item"
# Columns that only fill or replace when a write gives them (never cleared by one that does not).
_RUN_GIVEN = ("description", "metadata")
_ITEM_GIVEN = ("observation_id", "dataset_item_version", "expected_output", "dataset_item_id")


@dataclass
class RunWrite:
    project_id: str
    id: str
    name: str
    dataset_id: str | None
    at: datetime
    description: str | None = None
    metadata: Any = None


@dataclass
class RunItemWrite:
    project_id: str
    run_id: str
    trace_id: str
    at: datetime
    dataset_item_id: str | None = None
    observation_id: str | None = None
    dataset_item_version: datetime | None = None
    expected_output: Any = None
    id: str = field(init=False)

    def __post_init__(self) -> None:
        self.id = ids.run_item_id(self.run_id, self.dataset_item_id, self.trace_id)


def _merged(rows: Sequence[dict[str, Any]], given: tuple[str, ...]) -> list[dict[str, Any]]:
    """One row per key (a statement may not touch a row twice): later values that are
    given win, the earliest creation time stays."""
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["project_id"], row["id"])
        kept = by_key.get(key)
        if kept is None:
            by_key[key] = dict(row)
            continue
        kept.update({k: v for k, v in row.items() if k in given and v is not None})
        kept["updated_at"] = max(kept["updated_at"], row["updated_at"])
        kept["created_at"] = min(kept["created_at"], row["created_at"])
    return [by_key[key] for key in sorted(by_key)]


async def _upsert(
    session: AsyncSession, table: Table, rows: list[dict[str, Any]], given: tuple[str, ...]
) -> None:
    if not rows:
        return
    dialect = sql.dialect_of(session)
    statement = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)
    updates: dict[str, Any] = {
        name: func.coalesce(statement.excluded[name], table.c[name]) for name in given
    }
    updates["updated_at"] = statement.excluded["updated_at"]
    await session.execute(
        statement.on_conflict_do_update(index_elements=["project_id", "id"], set_=updates), rows
    )


async def upsert(
    session: AsyncSession, runs: Sequence[RunWrite], items: Sequence[RunItemWrite]
) -> None:
    """Write runs, then run items, in the caller's transaction (never commit)."""
    run_rows = [
        {"project_id": r.project_id, "id": r.id, "dataset_id": r.dataset_id, "name": r.name,
         "description": r.description, "metadata": r.metadata, "created_at": r.at, "updated_at": r.at}
        for r in runs
    ]  # fmt: skip
    item_rows = [
        {"project_id": i.project_id, "id": i.id, "run_id": i.run_id, "trace_id": i.trace_id,
         "dataset_item_id": i.dataset_item_id, "observation_id": i.observation_id,
         "dataset_item_version": i.dataset_item_version, "expected_output": i.expected_output,
         "created_at": i.at, "updated_at": i.at}
        for i in items
    ]  # fmt: skip
    await _upsert(session, RUN, _merged(run_rows, _RUN_GIVEN), _RUN_GIVEN)
    await _upsert(session, RUN_ITEM, _merged(item_rows, _ITEM_GIVEN), _ITEM_GIVEN)


def record(run: RunWrite, item: RunItemWrite) -> RecordWrite:
    """A run item (and its run) as a record of the ingest pipeline."""
    return RecordWrite(
        store=STORE, project_id=item.project_id, id=item.id, event_at=item.at,
        trace_id=item.trace_id, values={"run": run, "item": item},
    )  # fmt: skip


class RunItemStore:
    """The ``RecordStore`` of run items (registered in ``core/ingestion.py``)."""

    async def store(self, *, session: AsyncSession, writes: Sequence[RecordWrite]) -> None:
        await upsert(session, [w.values["run"] for w in writes], [w.values["item"] for w in writes])
