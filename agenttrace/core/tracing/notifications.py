"""In-process notices that traces changed, for live views (GraphQL's ``traceUpdated``).

The ingest writer publishes the writes of each transaction once it has committed. Each
subscriber keeps the ids touched since it last looked, without repeats, so a burst of
writes to one trace becomes one notice, and a subscriber that stops reading holds at most
``MAX_PENDING`` ids (later ones are dropped and counted).

Across processes: with a ``Relay`` (``relay.py``: PostgreSQL LISTEN/NOTIFY, or Redis
pub/sub), each process also sends its committed writes to the others, and what they send
reaches this process's subscribers through ``deliver``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from agenttrace.core.tracing.ingest.records import Write
from agenttrace.core.tracing.relay import Notice, Relay

# Ids one subscriber may hold unread: enough for a burst of a few thousand traces, bounded
# memory for a subscriber that stopped reading.
MAX_PENDING = 10_000


@dataclass(frozen=True)
class Touched:
    """What changed since the last notice, oldest first."""

    trace_ids: tuple[str, ...]
    # Observations written without their trace id (updates): their trace is in the database.
    observation_ids: tuple[str, ...]


class Feed:
    """One subscriber's notices, for one project."""

    def __init__(self, project_id: str) -> None:
        self.project_id = project_id
        self.dropped = 0
        self._traces: dict[str, None] = {}
        self._observations: dict[str, None] = {}
        self._ready = asyncio.Event()

    def _add(self, pending: dict[str, None], row_id: str) -> None:
        if row_id in pending:
            return
        if len(self._traces) + len(self._observations) >= MAX_PENDING:
            self.dropped += 1
            return
        pending[row_id] = None
        self._ready.set()

    def offer_ids(self, trace_ids: Iterable[str], observation_ids: Iterable[str]) -> None:
        for trace_id in trace_ids:
            self._add(self._traces, trace_id)
        for observation_id in observation_ids:
            self._add(self._observations, observation_id)

    def offer(self, write: Write) -> None:
        trace_id = write.trace_id
        if trace_id is not None:
            self._add(self._traces, trace_id)
        elif write.kind == "observation":
            self._add(self._observations, write.id)

    async def next(self) -> Touched:
        """Wait for a change; then everything touched since the last call."""
        await self._ready.wait()
        touched = Touched(tuple(self._traces), tuple(self._observations))
        self._traces, self._observations = {}, {}
        self._ready.clear()
        return touched


class Notifier:
    def __init__(self, relay: Relay | None = None) -> None:
        self._feeds: dict[str, set[Feed]] = {}
        self._relay = relay

    def publish(self, writes: Sequence[Write]) -> None:
        """Tell the subscribers of each write's project, here and (through the relay) in
        the other processes; free when nobody listens and there is no relay."""
        if self._feeds:
            for write in writes:
                for feed in self._feeds.get(write.project_id, ()):
                    feed.offer(write)
        if self._relay is not None:
            self._relay.send(notices(writes))

    def deliver(self, notice: Notice) -> None:
        """What another process committed, to this process's subscribers."""
        for feed in self._feeds.get(notice.project_id, ()):
            feed.offer_ids(notice.trace_ids, notice.observation_ids)

    @contextmanager
    def subscribe(self, project_id: str) -> Iterator[Feed]:
        feed = Feed(project_id)
        self._feeds.setdefault(project_id, set()).add(feed)
        try:
            yield feed
        finally:
            feeds = self._feeds[project_id]
            feeds.discard(feed)
            if not feeds:
                del self._feeds[project_id]


def notices(writes: Sequence[Write]) -> list[Notice]:
    """The writes of one transaction as one notice per project (ids once each)."""
    traces: dict[str, dict[str, None]] = {}
    observations: dict[str, dict[str, None]] = {}
    for write in writes:
        if write.trace_id is not None:
            traces.setdefault(write.project_id, {})[write.trace_id] = None
        elif write.kind == "observation":
            observations.setdefault(write.project_id, {})[write.id] = None
    return [
        Notice(project, tuple(traces.get(project, ())), tuple(observations.get(project, ())))
        for project in {**traces, **observations}
    ]
