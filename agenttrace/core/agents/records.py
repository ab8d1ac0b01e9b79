"""What every agent record shares on its way in: its id, its full row, the shell of its
trace, the check that its trace exists, and the plain store that upserts a batch of rows.

Writes go through the ingest writer (``core/tracing/ingest/records.py``), from ``/v1`` as
from batch ingestion, so a record and its trace's shell commit together, and a 2xx means
committed. Telemetry mappers (Claude Code, Codex) build the same ``RecordWrite`` values
through each kind's ``*_write`` function and hand them to the writer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import ids
from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.tracing.ingest.records import RecordWrite, Write, trace_shell
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.core.tracing.tables import TRACE
from agenttrace.db import bulk

# Ids of records that ingestion events make without one: the same event sent again names
# the same record (so it changes nothing), and another event another record.
_EVENT_IDS = uuid.UUID("5d0c4b8e-7a11-4f7e-9a43-1f3c0a2e6b90")


def record_id(given: str | None, *, event_at: datetime | None, body: Mapping[str, Any]) -> str:
    """``given``; else, for an ingestion event (``event_at``), an id derived from the
    event; else (``/v1``) a new UUID."""
    if given:
        return given
    if event_at is None:
        return ids.new_uuid()
    canonical = orjson.dumps([event_at.isoformat(), body], option=orjson.OPT_SORT_KEYS)
    return str(uuid.uuid5(_EVENT_IDS, canonical.decode()))


def full_row(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every column of ``table``: the given values, the model's defaults for the rest."""
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.name in values:
            row[column.name] = values[column.name]
            continue
        default = column.default
        arg = getattr(default, "arg", None)
        row[column.name] = arg(None) if callable(arg) else arg
    return row


def record_write(
    *, store: str, table: Table, values: Mapping[str, Any], trace_id: str | None, event_at: datetime
) -> RecordWrite:
    """The write of one record whose ``values`` (its columns, ``project_id`` and ``id``
    among them) are its whole row; columns not given take their defaults."""
    row = full_row(table, values)
    return RecordWrite(
        store=store, project_id=row["project_id"], id=row["id"], event_at=event_at,
        trace_id=trace_id, values=row,
    )  # fmt: skip


def with_shells(writes: Sequence[RecordWrite]) -> list[Write]:
    """``writes`` preceded by a shell for each trace they name (creates nothing that exists)."""
    shells: dict[tuple[str, str], Write] = {}
    for write in writes:
        if write.trace_id is not None and (write.project_id, write.trace_id) not in shells:
            shells[(write.project_id, write.trace_id)] = trace_shell(
                project_id=write.project_id, trace_id=write.trace_id, event_at=write.event_at
            )
    return [*shells.values(), *writes]


async def require_traces(
    *, session: AsyncSession, project_id: str, trace_ids: Iterable[str]
) -> None:
    """Raise ``NotFound`` for the first of ``trace_ids`` the project does not hold."""
    wanted = sorted(set(trace_ids))
    if not wanted:
        return
    result = await session.execute(
        select(TRACE.c.id).where(TRACE.c.project_id == project_id, TRACE.c.id.in_(wanted))
    )
    found = set(result.scalars())
    missing = [trace_id for trace_id in wanted if trace_id not in found]
    if missing:
        raise NotFound("trace", missing[0])


async def save(
    *, writer: IngestWriter, project_id: str, writes: Sequence[RecordWrite], create_trace: bool
) -> None:
    """Store ``/v1`` records: their traces must exist unless ``create_trace`` (then their
    shells are written with them); returns once committed."""
    if create_trace:
        await writer.write_all(with_shells(writes))
        return
    async with writer.database.read() as session:
        await require_traces(
            session=session,
            project_id=project_id,
            trace_ids=[w.trace_id for w in writes if w.trace_id is not None],
        )
    await writer.write_all(writes)


@dataclass(frozen=True)
class TableStore:
    """The ``RecordStore`` of a kind whose write is its whole row: one upsert per batch
    (the same record sent again overwrites itself with the same values)."""

    table: Table

    async def store(self, *, session: AsyncSession, writes: Sequence[RecordWrite]) -> None:
        latest = {w.key: w.values for w in writes}  # a batch may name a record twice
        await bulk.upsert(session, self.table, list(latest.values()))


# Items of one batch create (``/v1/file-operations/batch``, ``/v1/terminal-commands/batch``).
MAX_BATCH = 100


def batch_items(items: Any, *, field: str) -> list[Any]:
    if not isinstance(items, list) or not items:
        raise Invalid(f"{field} must be a non-empty array", field=field)
    if len(items) > MAX_BATCH:
        raise Invalid(
            f"{field} holds {len(items)} items; at most {MAX_BATCH} per call", field=field
        )
    return items


def at(prefix: str, name: str) -> str:
    """A field's name as the caller wrote it, under the prefix of where the body sat."""
    return f"{prefix}.{name}" if prefix else name


def span(
    started: datetime | None, completed: datetime | None, duration_ms: int | None, now: datetime
) -> tuple[datetime, datetime, int]:
    """Start, end and milliseconds between of a timed record: a missing start is the end
    less the duration (or now), a missing end the start plus it; the duration is always
    recomputed from the two, so the three never disagree."""
    given = timedelta(milliseconds=duration_ms or 0)
    if started is None:
        started = completed - given if completed is not None else now
    if completed is None:
        completed = started + given
    return started, completed, max(0, int((completed - started) / timedelta(milliseconds=1)))


# Builds one record's write from its body (``*_write`` of a kind).
Build = Callable[..., RecordWrite]


async def create_one(
    *, writer: IngestWriter, project_id: str, body: Mapping[str, Any], build: Build
) -> str:
    """One record from ``/v1``; its id, once committed."""
    write = build(body, project_id=project_id)
    await save(
        writer=writer, project_id=project_id, writes=[write],
        create_trace=bool(body.get("createTrace")),
    )  # fmt: skip
    return str(write.id)


async def create_many(
    *, writer: IngestWriter, project_id: str, body: Mapping[str, Any], build: Build, field: str
) -> list[str]:
    """``{<field>: [...], createTrace?}``: all of them or none (a bad one is a 400 naming
    it, ``operations[3].operation``); their ids, in order, once committed."""
    items = batch_items(body.get(field), field=field)
    writes = [
        build(item, project_id=project_id, field_prefix=f"{field}[{index}]")
        for index, item in enumerate(items)
    ]
    create_trace = bool(body.get("createTrace")) or all(
        isinstance(item, dict) and item.get("createTrace") for item in items
    )
    await save(writer=writer, project_id=project_id, writes=writes, create_trace=create_trace)
    return [write.id for write in writes]
