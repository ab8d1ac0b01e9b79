"""How other capabilities ride the ingest pipeline, in the same transaction as the tracing
rows of a batch (so a 2xx covers them too, and nothing half-lands):

- a ``RecordWrite`` is a row of another capability's table (an agent's checkpoint, a
  dataset run item…), stored by that capability's ``RecordStore``, registered by name
  with the ``IngestWriter``. A record names its trace; a batch that makes the record
  also carries a trace write when the trace may not exist yet (``trace_shell``), as an
  observation's trace is created for it;
- a ``BatchHook`` runs after every batch's rows are written and before the commit, with the
  merged traces and observations in hand (the evaluators queue their jobs there, so no
  trace is stored without its job).

Stores and hooks must be set-based like the rest of the pipeline: one statement per table
for the whole batch, never one per record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing.ingest.merge import RowWrite
from agenttrace.db.types import Row


@dataclass(slots=True)
class RecordWrite:
    store: str  # the name its RecordStore is registered under
    project_id: str
    id: str
    event_at: datetime
    trace_id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    kind = "record"  # not a tracing row: the notifier reads its trace only

    @property
    def key(self) -> tuple[str, str]:
        return (self.project_id, self.id)


Write = RowWrite | RecordWrite


class RecordStore(Protocol):
    async def store(self, *, session: AsyncSession, writes: Sequence[RecordWrite]) -> None:
        """Write the records of one batch, in the caller's transaction (never commit)."""
        ...


@dataclass(frozen=True)
class StoredBatch:
    """What a batch left in the database, as merged rows keyed by (project, id)."""

    traces: Mapping[tuple[str, str], Row]
    observations: Mapping[tuple[str, str], Row]
    scores: Mapping[tuple[str, str], Row]
    records: Sequence[RecordWrite]


class BatchHook(Protocol):
    async def __call__(self, *, session: AsyncSession, batch: StoredBatch) -> None:
        """React to a batch inside its transaction (never commit)."""
        ...


def trace_shell(*, project_id: str, trace_id: str, event_at: datetime) -> RowWrite:
    """A write that creates the trace if no write made it yet, and changes nothing of a
    trace that exists: it only fills the timestamp of a new one."""
    return RowWrite(
        kind="trace", project_id=project_id, id=trace_id, event_at=event_at,
        fill={"timestamp": event_at},
    )  # fmt: skip
