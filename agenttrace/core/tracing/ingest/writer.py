"""Group commit: concurrent write requests share one transaction, and each waits for it.

A writer task takes every pending request from the queue, applies them together with
``core.ingest.apply_writes`` in one transaction, commits, then wakes each request with its
outcome. While it commits, new requests queue up and form the next group. A request's
future resolves only after the commit, so a 2xx always means stored.

If a group fails, its requests are retried one by one, and a failing request's writes one
by one, so one bad write never costs the others theirs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace import instruments
from agenttrace.core.errors import NotStored, Unavailable
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.tracing.ingest.records import BatchHook, RecordStore, Write
from agenttrace.core.tracing.ingest.store import apply_writes
from agenttrace.core.tracing.notifications import Notifier
from agenttrace.db import faults
from agenttrace.db.engine import Database

logger = logging.getLogger("agenttrace.writer")
T = TypeVar("T")

# Writes per transaction: large enough to amortise a commit, small enough to keep one
# transaction (and the wait of the requests in it) short.
MAX_GROUP_WRITES = 5000
# Transactions in flight at once. SQLite has one writer. On Postgres a second one lets the
# Python merge of one group run while the server executes the other's statements;
# advisory locks (``core/ingest.py``) keep writers of the same trace in turn.
WRITERS = {"sqlite": 1, "postgresql": 2}


def _unavailable() -> Unavailable:
    return Unavailable(
        "The database cannot take writes now; nothing of this was stored, send it again",
        retry_after=faults.RETRY_AFTER_SECONDS,
    )


def raise_if_unavailable(outcomes: Sequence[Exception | None]) -> None:
    """A request with a write the database could not take answers 503 as a whole (its
    other writes may be stored: sending it again is safe, writes merge)."""
    for outcome in outcomes:
        if isinstance(outcome, Unavailable):
            raise outcome


@dataclass
class _Job(Generic[T]):
    work: Callable[[AsyncSession], Awaitable[T]]
    done: asyncio.Future[T] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    async def run(self, database: Database) -> None:
        try:
            async with database.write() as session:
                result = await self.work(session)
        except Exception as exc:
            if not self.done.done():
                self.done.set_exception(exc)
            return
        if not self.done.done():
            self.done.set_result(result)


@dataclass
class _Pending:
    writes: Sequence[Write]
    done: asyncio.Future[list[Exception | None]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class IngestWriter:
    """``stores`` and ``hooks``: what other capabilities add to each transaction
    (``records.py``); the app registers them."""

    def __init__(
        self,
        database: Database,
        prices: PriceBook,
        notifier: Notifier | None = None,
        *,
        stores: Mapping[str, RecordStore] | None = None,
        hooks: Sequence[BatchHook] = (),
    ) -> None:
        self.database = database
        self._prices = prices
        self._notifier = notifier
        self._stores = dict(stores or {})
        self._hooks = tuple(hooks)
        self._queue: asyncio.Queue[_Pending | _Job[Any] | None] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._run(), name=f"agenttrace-ingest-writer-{number}")
            for number in range(WRITERS[self.database.dialect])
        ]

    async def stop(self) -> None:
        """Write what is queued, then stop."""
        for _ in self._tasks:
            await self._queue.put(None)
        await asyncio.gather(*self._tasks)
        self._tasks = []

    async def write(self, writes: Sequence[Write]) -> list[Exception | None]:
        """Store ``writes``; one outcome per write (None: committed), once committed."""
        if not writes:
            return []
        if not self._tasks:
            raise RuntimeError("the ingest writer is not running")
        pending = _Pending(writes)
        await self._queue.put(pending)
        instruments.WRITER_QUEUE_DEPTH.inc()
        return await asyncio.shield(pending.done)

    async def write_all(self, writes: Sequence[Write]) -> None:
        """Store ``writes`` or raise: single-object endpoints. The failure itself is logged
        where it happened; the caller learns only that nothing was stored."""
        outcomes = await self.write(writes)
        raise_if_unavailable(outcomes)
        for outcome in outcomes:
            if outcome is not None:
                raise NotStored("the write could not be stored; it is safe to send again")
        instruments.count_ingested("rest", (write.kind for write in writes))

    async def run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``work`` in a transaction of its own, in turn with the ingest groups: what
        was queued before it commits first, what comes after waits for it. Background
        maintenance (the retention sweep) goes through here so that, on SQLite's single
        writer, it takes its place in the queue instead of competing for the connection."""
        if not self._tasks:
            async with self.database.write() as session:
                return await work(session)
        job: _Job[T] = _Job(work)
        await self._queue.put(job)
        return await asyncio.shield(job.done)

    async def _run(self) -> None:
        held: _Pending | _Job[Any] | None = None
        while True:
            first = held if held is not None else await self._queue.get()
            held = None
            if first is None:
                break
            if isinstance(first, _Job):
                await first.run(self.database)
                continue
            instruments.WRITER_QUEUE_DEPTH.dec()
            group, size = [first], len(first.writes)
            while size < MAX_GROUP_WRITES and not self._queue.empty():
                following = self._queue.get_nowait()
                if following is None or isinstance(following, _Job):
                    held = following  # after this group
                    break
                instruments.WRITER_QUEUE_DEPTH.dec()
                group.append(following)
                size += len(following.writes)
            await self._commit_group(group)

    async def _commit_group(self, group: list[_Pending]) -> None:
        try:
            await self._transaction([w for pending in group for w in pending.writes])
        except Exception as exc:
            if faults.unavailable(exc):
                # Down, restarting or full: no write of the group can succeed now, so
                # none is retried alone; each request answers 503 and may be re-sent.
                logger.warning(
                    "database unavailable, %d writes not stored: %s",
                    sum(len(p.writes) for p in group),
                    faults.describe(exc),
                )
                instruments.INGEST_FAILED_WRITES.inc(sum(len(p.writes) for p in group))
                for pending in group:
                    if not pending.done.done():
                        pending.done.set_result([_unavailable()] * len(pending.writes))
                return
            if len(group) == 1:
                await self._commit_one_by_one(group[0])
            else:
                for pending in group:
                    await self._commit_group([pending])
            return
        for pending in group:
            if not pending.done.done():
                pending.done.set_result([None] * len(pending.writes))

    async def _commit_one_by_one(self, pending: _Pending) -> None:
        outcomes: list[Exception | None] = []
        for write in pending.writes:
            try:
                await self._transaction([write])
                outcomes.append(None)
            except Exception as exc:
                if faults.unavailable(exc):
                    outcomes.append(_unavailable())
                else:
                    logger.exception("a write failed on its own and was not stored")
                    outcomes.append(exc)
                instruments.INGEST_FAILED_WRITES.inc()
        if not pending.done.done():
            pending.done.set_result(outcomes)

    async def _transaction(self, writes: Sequence[Write]) -> None:
        started = time.perf_counter()
        async with self.database.write() as session:
            await apply_writes(
                session=session,
                writes=writes,
                prices=self._prices,
                stores=self._stores,
                hooks=self._hooks,
            )
        instruments.INGEST_COMMIT_SECONDS.observe(time.perf_counter() - started)
        instruments.INGEST_BATCH_WRITES.observe(len(writes))
        if self._notifier is not None:  # committed: live views may read it now
            self._notifier.publish(writes)
