"""Other capabilities ride the ingest pipeline: records stored by their capability's store
and hooks that see each batch, both inside the batch's transaction, on both databases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import commands, reads
from agenttrace.core.tracing.ingest.records import RecordWrite, StoredBatch, trace_shell
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.db import Database
from tests.conftest import ProjectKeys


@dataclass
class Kept:
    """A record store that keeps what it was given, and fails on request."""

    seen: list[str] = field(default_factory=list)
    fail_on: str | None = None

    async def store(self, *, session: AsyncSession, writes: Sequence[RecordWrite]) -> None:
        if any(w.id == self.fail_on for w in writes):
            raise RuntimeError("this record cannot be stored")
        self.seen.extend(w.id for w in writes)


@dataclass
class Watch:
    batches: list[StoredBatch] = field(default_factory=list)

    async def __call__(self, *, session: AsyncSession, batch: StoredBatch) -> None:
        self.batches.append(batch)


def _record(project: ProjectKeys, record_id: str, trace_id: str) -> RecordWrite:
    return RecordWrite(
        store="kept", project_id=project.project_id, id=record_id, trace_id=trace_id,
        event_at=utcnow(),
    )  # fmt: skip


async def _trace_exists(database: Database, project: ProjectKeys, trace_id: str) -> bool:
    async with database.read() as session:
        return await reads.exists(
            session=session, kind="trace", project_id=project.project_id, row_id=trace_id
        )


# Tests for records and hooks


async def test_a_record_and_its_trace_shell_are_stored_together_and_hooks_see_the_batch(
    database: Database, project: ProjectKeys
) -> None:
    kept, watch = Kept(), Watch()
    writer = IngestWriter(database, PriceBook(), stores={"kept": kept}, hooks=[watch])
    writer.start()
    try:
        shell = trace_shell(project_id=project.project_id, trace_id="t-rec", event_at=utcnow())
        outcomes = await writer.write([shell, _record(project, "r-1", "t-rec")])
    finally:
        await writer.stop()
    assert outcomes == [None, None]
    assert kept.seen == ["r-1"]
    assert await _trace_exists(database, project, "t-rec")
    (batch,) = watch.batches
    assert list(batch.traces) == [(project.project_id, "t-rec")]
    assert [r.id for r in batch.records] == ["r-1"]


async def test_a_trace_shell_changes_nothing_of_a_stored_trace(
    database: Database, project: ProjectKeys
) -> None:
    writer = IngestWriter(database, PriceBook(), stores={"kept": Kept()})
    writer.start()
    try:
        await commands.create_trace(
            writer=writer,
            project_id=project.project_id,
            body={"id": "t-named", "name": "kept", "timestamp": "2026-01-01T00:00:00Z"},
        )
        shell = trace_shell(project_id=project.project_id, trace_id="t-named", event_at=utcnow())
        assert await writer.write([shell]) == [None]
    finally:
        await writer.stop()
    async with database.read() as session:
        row = await reads.trace(session=session, project_id=project.project_id, trace_id="t-named")
    assert (row["name"], row["timestamp"].isoformat()) == ("kept", "2026-01-01T00:00:00+00:00")


async def test_a_failing_record_loses_only_its_own_write(
    database: Database, project: ProjectKeys
) -> None:
    kept = Kept(fail_on="r-bad")
    writer = IngestWriter(database, PriceBook(), stores={"kept": kept})
    writer.start()
    try:
        outcomes = await writer.write(
            [_record(project, "r-good", "t-a"), _record(project, "r-bad", "t-b")]
        )
    finally:
        await writer.stop()
    assert outcomes[0] is None
    assert isinstance(outcomes[1], RuntimeError)
    assert kept.seen == ["r-good"]


async def test_a_record_for_a_store_nobody_registered_is_not_stored(
    database: Database, project: ProjectKeys
) -> None:
    writer = IngestWriter(database, PriceBook())
    writer.start()
    try:
        (outcome,) = await writer.write([_record(project, "r-1", "t-none")])
    finally:
        await writer.stop()
    assert isinstance(outcome, LookupError)


@pytest.fixture(autouse=True)
def _quiet_writer_log(caplog: pytest.LogCaptureFixture) -> None:
    """The writer logs each failed write with its traceback; these tests fail on purpose."""
    caplog.set_level("CRITICAL", logger="agenttrace.writer")
