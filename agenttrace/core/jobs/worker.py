"""A worker: claims due jobs, runs each (several at once), records what came of it.

One runs inside ``agenttrace serve`` (the lifespan starts and stops it) and any number run
as ``agenttrace worker`` processes against the same database; the queue's claims keep them
from taking the same job. On stop a worker lets its running jobs finish for a grace period,
then gives back the ones still running, so they run again elsewhere at once instead of
after their lease.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import ids
from agenttrace.core.jobs import backoff, queue
from agenttrace.core.jobs.kinds import Done, Fail, JobContext, JobKind, Skip
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.db import faults
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.settings import Settings

logger = logging.getLogger("agenttrace.jobs")

# Seconds a stopping worker waits for its running jobs before releasing them.
STOP_GRACE_SECONDS = 5.0


def log_failure(what: str, error: Exception) -> None:
    """A database outage is one line (it is expected, and the next poll retries); anything
    else is a bug, with its traceback."""
    if faults.unavailable(error):
        logger.warning("%s: database unavailable: %s", what, faults.describe(error))
    else:
        logger.error("%s", what, exc_info=error)


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{ids.new_uuid()[:8]}"


class Worker:
    def __init__(
        self,
        *,
        database: Database,
        settings: Settings,
        prices: PriceBook,
        kinds: Mapping[str, JobKind],
        worker_id: str | None = None,
    ) -> None:
        self.id = worker_id or new_worker_id()
        self.context = JobContext(database, settings, prices, self.id)
        self.kinds = dict(kinds)
        self._settings = settings
        self._wake = asyncio.Event()
        self._stopping = False
        self._loop: asyncio.Task[None] | None = None
        self._running: dict[asyncio.Task[Row], Row] = {}

    @property
    def database(self) -> Database:
        return self.context.database

    def start(self) -> None:
        self._stopping = False
        self._loop = asyncio.create_task(self._poll(), name=f"agenttrace-worker-{self.id}")

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Claim nothing more; let running jobs finish for ``grace`` seconds, then release
        the rest (pending again, the attempt not counted)."""
        self._stopping = True
        self._wake.set()
        if self._loop is not None:
            await self._loop
            self._loop = None
        if not self._running:
            return
        _, unfinished = await asyncio.wait(list(self._running), timeout=grace)
        held = [self._running[task] for task in unfinished]
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)
        if held:
            try:
                async with self.database.write() as session:
                    await queue.release(session, held, worker_id=self.id)
            except Exception as exc:  # they run again once their lease runs out
                log_failure(f"worker {self.id} could not give back {len(held)} jobs", exc)
                return
            logger.info("worker %s released %d unfinished jobs", self.id, len(held))

    async def _poll(self) -> None:
        while not self._stopping:
            free = self._settings.worker_concurrency - len(self._running)
            claimed: list[Row] = []
            if free > 0:
                try:
                    claimed = await self._claim(limit=free)
                except Exception as exc:
                    log_failure("claiming jobs failed; trying again at the next poll", exc)
            for job in claimed:
                self._spawn(job)
            # Full, or nothing more due: wait until a job ends (room again), new work is
            # announced, the worker stops, or the poll interval passes.
            self._wake.clear()
            waiter = asyncio.ensure_future(self._wake.wait())
            await asyncio.wait(
                {waiter, *self._running},
                timeout=self._settings.worker_poll_seconds,
                return_when=asyncio.FIRST_COMPLETED,
            )
            waiter.cancel()

    def _spawn(self, job: Row) -> asyncio.Task[Row]:
        task = asyncio.create_task(self._execute(job))
        self._running[task] = job
        task.add_done_callback(lambda finished: self._running.pop(finished, None))
        return task

    async def _claim(self, *, limit: int) -> list[Row]:
        async with self.database.read() as session:
            if not await queue.any_due(session, kinds=self.kinds):
                return []
        async with self.database.write() as session:
            return await self.claim_in(session, limit=limit)

    async def claim_in(
        self, session: AsyncSession, *, limit: int, only: Sequence[queue.Key] | None = None
    ) -> list[Row]:
        """Claim due jobs (``only``: these) in the caller's write transaction; a job
        whose lease ran out on its last attempt is failed here, and its kind told."""
        claimed, expired = await queue.claim(
            session, worker_id=self.id, kinds=self.kinds, limit=limit,
            lease_seconds=self._settings.job_lease_seconds, only=only,
        )  # fmt: skip
        for job in expired:
            await self.kinds[job["kind"]].failed(
                session=session, job=job, error=job["last_error"] or "lease ran out"
            )
        return claimed

    async def run_claimed(self, jobs: Sequence[Row]) -> list[Row]:
        """Run jobs this worker claimed (``claim_in``) here and now; their rows as they
        ended (a job whose attempt failed with a retryable error is pending again)."""
        room = asyncio.Semaphore(self._settings.worker_concurrency)  # a run of 1,000 items

        async def bounded(job: Row) -> Row:
            async with room:
                return await self._execute(job)

        await asyncio.gather(*(bounded(job) for job in jobs))
        async with self.database.read() as session:
            return await queue.job_rows(session, [(j["project_id"], j["id"]) for j in jobs])

    async def _execute(self, job: Row) -> Row:
        """Run one claimed job and record its outcome; its row as recorded."""
        kind = self.kinds[job["kind"]]
        timeout = self._settings.job_lease_seconds * 0.9  # done before the lease runs out
        try:
            done = await asyncio.wait_for(kind.run(context=self.context, job=job), timeout)
        except Skip as skipped:
            return await self._record(job, partial(self._skipped, job=job, skip=skipped))
        except Fail as failure:
            return await self._failure(job, str(failure), final=True, usage=failure.usage)
        except asyncio.CancelledError:
            raise
        except TimeoutError:
            return await self._failure(job, f"timed out after {timeout:.0f}s", final=False)
        except Exception as exc:
            message = str(exc) or type(exc).__name__
            logger.info("job %s (%s) attempt %s failed: %s", job["id"], job["kind"],
                        job["attempts"], message)  # fmt: skip
            return await self._failure(job, message, final=False)
        return await self._record(job, partial(self._completed, job=job, done=done))

    async def _record(self, job: Row, write: Callable[[AsyncSession], Awaitable[Row]]) -> Row:
        try:
            async with self.database.write() as session:
                row: Row = await write(session)
                return row
        except queue.LeaseLost:
            logger.warning("job %s: lease lost before its outcome was recorded", job["id"])
            return job
        except Exception as exc:  # its lease runs out and it runs again
            log_failure(f"job {job['id']}: its outcome could not be recorded", exc)
            return job

    async def _completed(self, session: AsyncSession, *, job: Row, done: Done) -> Row:
        row = await queue.complete(
            session, job, worker_id=self.id, result=done.result, usage=done.usage, cost=done.cost
        )
        if done.finish is not None:
            await done.finish(session)
        return row

    async def _skipped(self, session: AsyncSession, *, job: Row, skip: Skip) -> Row:
        row = await queue.complete(
            session, job, worker_id=self.id, status="skipped", reason=skip.reason
        )
        if skip.finish is not None:
            await skip.finish(session)
        return row

    async def _failure(
        self, job: Row, error: str, *, final: bool, usage: dict[str, Any] | None = None
    ) -> Row:
        retry_in = backoff.delay(
            job["attempts"],
            base=self._settings.job_backoff_seconds,
            cap=self._settings.job_backoff_max_seconds,
        )

        async def write(session: AsyncSession) -> Row:
            row = await queue.fail_attempt(
                session, job, worker_id=self.id, error=error, final=final, retry_in=retry_in,
                usage=usage,
            )  # fmt: skip
            if row["status"] == "failed":
                await self.kinds[job["kind"]].failed(session=session, job=row, error=error)
            return row

        return await self._record(job, write)
