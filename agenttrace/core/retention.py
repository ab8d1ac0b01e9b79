"""Retention: each project may keep its data for ``retention_days``; the sweeper deletes
what is older, in bounded batches, and records what it did on the project row.

What a sweep deletes is a list of ``Deleter``s, one per kind of row with an age of its
own. Traces go through ``core/tracing/deletion.py`` (the one rule for deleting a trace:
its observations, scores, agent records, emptied sessions, the trace counter and the
search documents go with it); OTLP metric points by their ``end_time``, jobs by their
``created_at``. A capability with
rows that age on their own adds one deleter to ``DELETERS``.

Never blocking ingestion: each batch is its own short transaction of at most ``BATCH``
rows, run by the ingest writer itself (``IngestWriter.run``), so it joins the writer's
queue: ingest groups queued before a batch commit first, those queued during it right
after. On SQLite (one writer connection) that is what keeps a long sweep from starving
ingestion; on PostgreSQL it costs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace import instruments
from agenttrace.background import BackgroundTask
from agenttrace.core.jobs.tables import JOB
from agenttrace.core.metrics.tables import METRIC_POINT
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.deletion import delete_traces
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.core.tracing.tables import TRACE
from agenttrace.db.engine import Database
from agenttrace.models import Project

logger = logging.getLogger("agenttrace.retention")

# Rows per transaction: short enough that ingestion waits at most one small batch.
BATCH = 500
# The smallest and largest policies accepted (a day; about a hundred years).
MIN_DAYS, MAX_DAYS = 1, 36_500

PROJECT = Project.__table__  # type: ignore[attr-defined]


class Deleter(Protocol):
    """Delete at most ``limit`` of a project's rows older than ``cutoff``, in the caller's
    transaction; the number deleted (fewer than ``limit``: nothing older is left)."""

    @property
    def name(self) -> str: ...

    async def __call__(
        self, *, session: AsyncSession, project_id: str, cutoff: datetime, limit: int
    ) -> int: ...


@dataclass(frozen=True)
class TraceDeleter:
    """Traces by their timestamp, with everything the deletion rule takes along."""

    name: str = "trace"

    async def __call__(
        self, *, session: AsyncSession, project_id: str, cutoff: datetime, limit: int
    ) -> int:
        found = await session.execute(
            select(TRACE.c.id)
            .where(TRACE.c.project_id == project_id, TRACE.c.timestamp < cutoff)
            .order_by(TRACE.c.timestamp)
            .limit(limit)
        )
        ids = list(found.scalars().all())
        if not ids:
            return 0
        return await delete_traces(session=session, project_id=project_id, trace_ids=ids)


@dataclass(frozen=True)
class RowsOlderThan:
    """Rows of a table that age on their own, by one time column; keyed ``(project_id, id)``."""

    name: str
    table: Table
    time_column: str

    async def __call__(
        self, *, session: AsyncSession, project_id: str, cutoff: datetime, limit: int
    ) -> int:
        table, at = self.table, self.table.c[self.time_column]
        oldest = (
            select(table.c.id)
            .where(table.c.project_id == project_id, at < cutoff)
            .order_by(at)
            .limit(limit)
        )
        result = await session.execute(
            delete(table).where(table.c.project_id == project_id, table.c.id.in_(oldest))
        )
        return int(getattr(result, "rowcount", 0) or 0)


# Every kind of row the sweep ages out; a new one is one more entry.
DELETERS: tuple[Deleter, ...] = (
    TraceDeleter(),
    RowsOlderThan("metric_point", METRIC_POINT, "end_time"),
    # Evaluation jobs (and other jobs) of the same age: their traces are gone with them.
    RowsOlderThan("job", JOB, "created_at"),
)


@dataclass(frozen=True)
class SweepResult:
    project_id: str
    deleted: dict[str, int]
    finished_at: datetime


async def sweep_project(
    database: Database,
    *,
    project_id: str,
    retention_days: int,
    deleters: Sequence[Deleter] = DELETERS,
    batch: int = BATCH,
    writer: IngestWriter | None = None,
) -> SweepResult:
    """Delete the project's rows older than its policy, batch by batch, then note the sweep.

    ``writer``: the running ingest writer, whose queue each batch joins (the server); without
    one (the CLI) each batch is a transaction of its own."""
    cutoff = utcnow() - timedelta(days=retention_days)
    deleted: dict[str, int] = {}
    for deleter in deleters:
        total = 0
        while True:

            async def one_batch(session: AsyncSession, deleter: Deleter = deleter) -> int:
                return await deleter(
                    session=session, project_id=project_id, cutoff=cutoff, limit=batch
                )

            if writer is not None:
                count = await writer.run(one_batch)
            else:
                async with database.write() as session:
                    count = await one_batch(session)
            total += count
            instruments.RETENTION_DELETED.labels(table=deleter.name).inc(count)
            if count < batch:
                break
            await asyncio.sleep(0)  # let queued ingest groups have the writer
        deleted[deleter.name] = total
    finished = utcnow()
    async with database.write() as session:
        await session.execute(
            update(PROJECT)
            .where(PROJECT.c.id == project_id)
            .values(last_sweep_at=finished, last_sweep_deleted=deleted.get("trace", 0))
        )
    return SweepResult(project_id, deleted, finished)


async def sweep_all(
    database: Database,
    *,
    deleters: Sequence[Deleter] = DELETERS,
    writer: IngestWriter | None = None,
) -> int:
    """Sweep every project with a policy; the projects swept. A failing project is logged
    and the others still swept."""
    async with database.read() as session:
        found = await session.execute(
            select(PROJECT.c.id, PROJECT.c.retention_days).where(
                PROJECT.c.retention_days.is_not(None)
            )
        )
        policies = [(row[0], int(row[1])) for row in found.all()]
    for project_id, days in policies:
        try:
            await sweep_project(
                database,
                project_id=project_id,
                retention_days=days,
                deleters=deleters,
                writer=writer,
            )
            instruments.RETENTION_SWEEPS.labels(outcome="ok").inc()
        except Exception:
            instruments.RETENTION_SWEEPS.labels(outcome="failed").inc()
            logger.exception("the retention sweep of project %s failed", project_id)
    return len(policies)


class Sweeper(BackgroundTask):
    """The background task: a sweep at start, then every ``interval`` seconds, and at once
    when ``request()`` is called (a policy changed)."""

    task_name = "agenttrace-retention-sweeper"

    def __init__(
        self,
        database: Database,
        *,
        interval: float,
        deleters: Sequence[Deleter] = DELETERS,
        writer: IngestWriter | None = None,
    ) -> None:
        self._database = database
        self._writer = writer
        self._interval = interval
        self._deleters = tuple(deleters)
        self._wake = asyncio.Event()

    def request(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await sweep_all(self._database, deleters=self._deleters, writer=self._writer)
            except Exception:  # the database is down, say: try again next time
                logger.exception("the retention sweep failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._interval)
