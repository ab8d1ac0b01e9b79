"""The core's job runtime on both databases, with kinds of its own (the app's workers run
only the kinds they know, so these are left to the workers made here): queueing with
de-duplication, claims that never overlap, a lease that runs out, bounded retries with
every attempt's error, a worker that gives back its jobs when it stops."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any, ClassVar

from sqlalchemy import select, update

from agenttrace.core.jobs import queue
from agenttrace.core.jobs.kinds import Done, Fail, JobContext, JobKind, Retry
from agenttrace.core.jobs.tables import JOB
from agenttrace.core.jobs.worker import Worker
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.time import utcnow
from agenttrace.db import Database
from agenttrace.db.types import Row
from agenttrace.settings import Settings
from tests.conftest import ProjectKeys

FAST = {"job_backoff_seconds": 0.01, "job_backoff_max_seconds": 0.05, "worker_poll_seconds": 0.02,
        "job_max_attempts": 3}  # fmt: skip


class Flaky(JobKind):
    """Fails its first ``payload.failures`` attempts (retryably), then completes."""

    name: ClassVar[str] = "test-flaky"
    runs: ClassVar[list[str]] = []

    async def run(self, *, context: JobContext, job: Row) -> Done:
        self.runs.append(job["id"])
        if job["attempts"] <= job["payload"].get("failures", 0):
            raise Retry(f"attempt {job['attempts']} failed")
        if job["payload"].get("fatal"):
            raise Fail("cannot be done")
        return Done(result={"ran": job["attempts"]}, usage={"tokens": 3}, cost=0.5)


class Sleepy(JobKind):
    name: ClassVar[str] = "test-sleepy"

    async def run(self, *, context: JobContext, job: Row) -> Done:
        await asyncio.sleep(30)
        return Done()


def _settings(database_url: str, **more: Any) -> Settings:
    return Settings(database_url=database_url, **{**FAST, **more})


async def _enqueue(database: Database, project: ProjectKeys, kind: str, count: int,
                   **payload: Any) -> list[str]:  # fmt: skip
    async with database.write() as session:
        return await queue.enqueue(session, [
            queue.NewJob(kind=kind, project_id=project.project_id, payload=dict(payload),
                         max_attempts=3)
            for _ in range(count)
        ])  # fmt: skip


async def _rows(database: Database, ids: list[str]) -> list[Row]:
    async with database.read() as session:
        statement = select(JOB).where(JOB.c.id.in_(ids)).order_by(JOB.c.id)
        return list((await session.execute(statement)).mappings().all())


async def _until(database: Database, ids: list[str], statuses: set[str]) -> list[Row]:
    for _ in range(400):
        rows = await _rows(database, ids)
        if rows and all(r["status"] in statuses for r in rows):
            return rows
        await asyncio.sleep(0.02)
    raise AssertionError(f"jobs never reached {statuses}: {await _rows(database, ids)}")


async def test_retries_keep_every_error_and_only_the_last_failure_is_final(
    database: Database, settings: Settings, project: ProjectKeys
) -> None:
    recovers = await _enqueue(database, project, Flaky.name, 3, failures=2)
    gives_up = await _enqueue(database, project, Flaky.name, 1, failures=5)
    fatal = await _enqueue(database, project, Flaky.name, 1, fatal=True)
    worker = Worker(database=database, settings=_settings(settings.database_url),
                    prices=PriceBook(), kinds={Flaky.name: Flaky()})  # fmt: skip
    worker.start()
    try:
        done = await _until(database, recovers + gives_up + fatal, {"completed", "failed"})
    finally:
        await worker.stop()
    by_id = {r["id"]: r for r in done}
    for job_id in recovers:
        job = by_id[job_id]
        assert (job["status"], job["attempts"], job["result"]) == ("completed", 3, {"ran": 3})
        assert [e["error"] for e in job["errors"]] == ["attempt 1 failed", "attempt 2 failed"]
        assert (job["usage"], job["cost"], job["worker_id"]) == ({"tokens": 3}, 0.5, worker.id)
        assert job["finished_at"] >= job["started_at"]
    [lost] = [by_id[i] for i in gives_up]
    assert (lost["status"], lost["attempts"], lost["last_error"]) == (
        "failed",
        3,
        "attempt 3 failed",
    )
    assert [e["attempt"] for e in lost["errors"]] == [1, 2, 3]
    [final] = [by_id[i] for i in fatal]
    assert (final["status"], final["attempts"], final["last_error"]) == (
        "failed",
        1,
        "cannot be done",
    )


async def test_an_expired_lease_puts_the_job_back_and_on_its_last_attempt_fails_it(
    database: Database, settings: Settings, project: ProjectKeys
) -> None:
    again, last = await _enqueue(database, project, Flaky.name, 2)
    past = utcnow() - timedelta(seconds=5)
    async with database.write() as session:
        await session.execute(
            update(JOB)
            .where(JOB.c.id == again)
            .values(status="running", attempts=1, worker_id="dead-worker", locked_until=past)
        )
        await session.execute(update(JOB).where(JOB.c.id == last).values(
            status="running", attempts=3, worker_id="dead-worker", locked_until=past))  # fmt: skip
    worker = Worker(database=database, settings=_settings(settings.database_url),
                    prices=PriceBook(), kinds={Flaky.name: Flaky()})  # fmt: skip
    worker.start()
    try:
        rows = {r["id"]: r for r in await _until(database, [again, last], {"completed", "failed"})}
    finally:
        await worker.stop()
    assert (rows[again]["status"], rows[again]["attempts"]) == ("completed", 2)
    assert rows[again]["errors"][0]["error"] == "the lease of worker dead-worker ran out"
    assert rows[last]["status"] == "failed"
    assert "ran out on the last attempt" in rows[last]["last_error"]


async def test_claims_never_overlap_and_a_stopping_worker_gives_its_jobs_back(
    database: Database, settings: Settings, project: ProjectKeys
) -> None:
    ids = await _enqueue(database, project, Sleepy.name, 6)
    config = _settings(settings.database_url, worker_concurrency=3)
    first, second = (
        Worker(database=database, settings=config, prices=PriceBook(), kinds={Sleepy.name: Sleepy()})
        for _ in range(2)
    )  # fmt: skip

    async def claim(worker: Worker) -> list[Row]:
        async with database.write() as session:
            return await worker.claim_in(
                session, limit=6, only=[(project.project_id, i) for i in ids]
            )

    taken = await asyncio.gather(claim(first), claim(second))
    claimed = [r["id"] for rows in taken for r in rows]
    assert sorted(claimed) == sorted(ids)  # every job once, none twice
    async with database.write() as session:  # give them back unrun
        for worker, rows in zip((first, second), taken, strict=True):
            await queue.release(session, rows, worker_id=worker.id)
    first.start()
    running = await _until(database, ids, {"running", "pending"})
    await asyncio.sleep(0.2)
    await first.stop(grace=0.1)
    rows = await _rows(database, ids)
    assert {r["status"] for r in rows} == {"pending"}
    assert {r["attempts"] for r in rows} == {0}  # a given-back attempt does not count
    assert {r["worker_id"] for r in rows} == {None}
    assert len(running) == 6


async def test_one_statement_queues_many_jobs_and_a_pending_one_is_pushed_back(
    database: Database, project: ProjectKeys
) -> None:
    """Batches hold many subjects: the queue's upsert takes them all in one statement,
    once per id, and queueing a pending job again moves its start rather than adding one;
    a job that already ran is left as it is."""
    soon = utcnow() + timedelta(hours=1)
    jobs = [
        queue.NewJob(kind=Flaky.name, project_id=project.project_id, payload={"n": n},
                     max_attempts=3, id=f"{project.project_id}-k{n % 50}", run_after=soon)
        for n in range(120)
    ]  # fmt: skip
    async with database.write() as session:
        assert len(await queue.enqueue(session, jobs)) == 50
        await session.execute(update(JOB).where(JOB.c.id == f"{project.project_id}-k8").values(
            status="completed"))  # fmt: skip
    later = utcnow() + timedelta(hours=2)
    async with database.write() as session:
        await queue.enqueue(session, [
            queue.NewJob(kind=Flaky.name, project_id=project.project_id, payload={"n": "again"},
                         max_attempts=3, id=f"{project.project_id}-k{n}", run_after=later)
            for n in (7, 8)
        ])  # fmt: skip
    async with database.read() as session:
        stored = {r["id"].rsplit("-", 1)[1]: r for r in (await session.execute(
            select(JOB).where(JOB.c.project_id == project.project_id)
        )).mappings()}  # fmt: skip
    assert len(stored) == 50
    assert stored["k7"]["run_after"] >= later - timedelta(seconds=1)
    assert stored["k7"]["payload"] == {"n": "again"}
    assert (stored["k8"]["status"], stored["k8"]["payload"]) == ("completed", {"n": 108})
