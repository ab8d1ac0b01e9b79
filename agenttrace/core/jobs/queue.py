"""The statements of the job queue: queue, claim under a lease, complete, fail an attempt
(retry with backoff, or fail for good), release.

Claiming differs by database. PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED``, so any
number of workers in any number of processes take disjoint jobs without waiting on each
other. SQLite: the claim runs in a write transaction (``BEGIN IMMEDIATE``), which already
excludes every other writer of the file, in this process or another.

A claim is a lease: ``locked_until``. A job still ``running`` after its lease ran out had a
worker that died or hung; the next claim takes it again (or fails it, when that was its
last attempt). Every update of a claimed job names its worker, so a worker that lost its
lease can never complete a job another worker holds now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import ids
from agenttrace.core.jobs.tables import JOB
from agenttrace.core.time import iso, utcnow
from agenttrace.db import bulk, sql
from agenttrace.db.types import Row

Key = tuple[str, str]  # (project_id, id)
# Every status a job can have (completed, failed and skipped are final).
STATUSES = ("pending", "running", "completed", "failed", "skipped")


class LeaseLost(Exception):
    """The job is no longer this worker's: its lease ran out and another took it."""


@dataclass(frozen=True)
class NewJob:
    kind: str
    project_id: str
    payload: dict[str, Any]
    max_attempts: int
    run_after: datetime | None = None
    # What the job is about, for filters (an evaluation: its evaluator and trace).
    owner_id: str | None = None
    subject_id: str | None = None
    # A stable id makes the job unique: queued again while still pending, it starts
    # later instead of twice (``enqueue``). None: a new id.
    id: str | None = None


def _row(job: NewJob, now: datetime) -> dict[str, Any]:
    return {
        "project_id": job.project_id, "id": job.id or ids.new_uuid(), "kind": job.kind,
        "payload": job.payload, "status": "pending", "attempts": 0,
        "max_attempts": job.max_attempts, "run_after": job.run_after or now,
        "locked_until": None, "worker_id": None, "last_error": None, "errors": [],
        "owner_id": job.owner_id, "subject_id": job.subject_id, "result": None,
        "usage": None, "cost": None, "created_at": now, "started_at": None,
        "finished_at": None, "updated_at": now,
    }  # fmt: skip


# Queued again while still pending, a job starts later (and with the new payload); a job
# that started is left as it is.
_PUSH_BACK = (
    ("run_after", "excluded.run_after"),
    ("payload", "excluded.payload"),
    ("updated_at", "excluded.updated_at"),
)


async def enqueue(session: AsyncSession, jobs: Sequence[NewJob]) -> list[str]:
    """Queue ``jobs`` in the caller's transaction, in one statement; their ids.

    A job whose id is already queued and still pending is not queued twice: the pending
    one starts later instead (``run_after`` moves to the new one's), which is how a trace
    that keeps changing is evaluated once it has settled. Ingestion queues jobs in its own
    transaction, so this goes through the bulk path of the ingest core (``db/bulk.py``).
    """
    if not jobs:
        return []
    now = utcnow()
    rows = {row["id"]: row for row in (_row(job, now) for job in jobs)}  # once per statement
    await bulk.upsert(
        session, JOB, list(rows.values()), assign=_PUSH_BACK, where="job.status = 'pending'"
    )
    return list(rows)


def _claimable(now: datetime, kinds: Iterable[str]) -> Any:
    return and_(
        JOB.c.kind.in_(list(kinds)),
        or_(
            and_(JOB.c.status == "pending", JOB.c.run_after <= now),
            and_(JOB.c.status == "running", JOB.c.locked_until < now),
        ),
    )


async def any_due(session: AsyncSession, *, kinds: Iterable[str]) -> bool:
    """Whether a claim would find anything: read first, so an idle worker polls without
    taking the write lock (SQLite's one writer is the ingest's too)."""
    statement = select(JOB.c.id).where(_claimable(utcnow(), kinds)).limit(1)
    return (await session.execute(statement)).first() is not None


async def claim(
    session: AsyncSession,
    *,
    worker_id: str,
    kinds: Iterable[str],
    limit: int,
    lease_seconds: float,
    only: Sequence[Key] | None = None,
) -> tuple[list[Row], list[Row]]:
    """Take up to ``limit`` due jobs (``only``: these ones, if due) for ``worker_id``.

    Answers (claimed, expired): the jobs now running under this worker's lease, and the
    jobs whose lease ran out on their last attempt, now ``failed`` (their kind records it).
    """
    now = utcnow()
    statement = select(JOB).where(_claimable(now, kinds))
    if only is not None:
        if not only:
            return [], []
        statement = statement.where(
            or_(*(and_(JOB.c.project_id == p, JOB.c.id == i) for p, i in only))
        )
    statement = statement.order_by(JOB.c.run_after, JOB.c.id).limit(limit)
    if sql.dialect_of(session) == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    found = (await session.execute(statement)).mappings().all()
    claimed: list[Row] = []
    expired: list[Row] = []
    for job in found:
        if job["status"] == "running" and job["attempts"] >= job["max_attempts"]:
            error = f"the lease of worker {job['worker_id']} ran out on the last attempt"
            expired.append(await _set(session, job, status="failed", error=error, finished_at=now))
            continue
        changes: dict[str, Any] = {
            "status": "running", "worker_id": worker_id, "attempts": job["attempts"] + 1,
            "locked_until": now + timedelta(seconds=lease_seconds),
            "started_at": job["started_at"] or now, "updated_at": now,
        }  # fmt: skip
        if job["status"] == "running":  # its worker died: say so in its history
            changes |= _error_changes(job, f"the lease of worker {job['worker_id']} ran out")
        claimed.append(await _update(session, job, changes))
    return claimed, expired


def _error_changes(job: Row, error: str) -> dict[str, Any]:
    entry = {"attempt": job["attempts"], "error": error, "at": iso(utcnow())}
    return {"last_error": error, "errors": [*(job["errors"] or []), entry]}


async def _update(
    session: AsyncSession, job: Row, changes: Mapping[str, Any], *, worker_id: str | None = None
) -> Row:
    conditions = [JOB.c.project_id == job["project_id"], JOB.c.id == job["id"]]
    if worker_id is not None:
        conditions += [JOB.c.worker_id == worker_id, JOB.c.status == "running"]
    statement = update(JOB).where(*conditions).values(**changes).returning(*JOB.c)
    row = (await session.execute(statement)).mappings().first()
    if row is None:
        raise LeaseLost(f"job {job['id']} is no longer held by {worker_id}")
    return dict(row)


async def _set(
    session: AsyncSession,
    job: Row,
    *,
    status: str,
    error: str | None = None,
    finished_at: datetime | None = None,
    worker_id: str | None = None,
    **more: Any,
) -> Row:
    changes: dict[str, Any] = {"status": status, "updated_at": utcnow(), **more}
    if error is not None:
        changes |= _error_changes(job, error)
    if finished_at is not None:
        changes |= {"finished_at": finished_at, "locked_until": None}
    return await _update(session, job, changes, worker_id=worker_id)


async def complete(
    session: AsyncSession,
    job: Row,
    *,
    worker_id: str,
    status: str = "completed",
    result: Any = None,
    usage: dict[str, Any] | None = None,
    cost: float | None = None,
    reason: str | None = None,
) -> Row:
    """Mark a claimed job done (``completed``, or ``skipped`` with its reason)."""
    return await _set(
        session, job, status=status, finished_at=utcnow(), worker_id=worker_id,
        result=result, usage=usage, cost=cost,
        **({"last_error": reason} if reason is not None else {}),
    )  # fmt: skip


async def fail_attempt(
    session: AsyncSession,
    job: Row,
    *,
    worker_id: str,
    error: str,
    final: bool,
    retry_in: float,
    usage: dict[str, Any] | None = None,
) -> Row:
    """Record a failed attempt: back to ``pending`` after ``retry_in`` seconds, or
    ``failed`` when ``final`` or when it was the last attempt."""
    now = utcnow()
    if final or job["attempts"] >= job["max_attempts"]:
        return await _set(
            session, job, status="failed", error=error, finished_at=now, worker_id=worker_id,
            usage=usage,
        )  # fmt: skip
    return await _set(
        session, job, status="pending", error=error, worker_id=worker_id,
        run_after=now + timedelta(seconds=retry_in), locked_until=None,
    )  # fmt: skip


async def release(session: AsyncSession, jobs: Sequence[Row], *, worker_id: str) -> None:
    """Give claimed jobs back, unrun (a worker stopping): pending at once, the attempt
    not counted."""
    for job in jobs:
        try:
            changes = {
                "status": "pending", "worker_id": None, "locked_until": None,
                "attempts": max(job["attempts"] - 1, 0), "run_after": utcnow(),
                "updated_at": utcnow(),
            }  # fmt: skip
            await _update(session, job, changes, worker_id=worker_id)
        except LeaseLost:
            continue


async def job_rows(session: AsyncSession, keys: Sequence[Key]) -> list[Row]:
    if not keys:
        return []
    statement = select(JOB).where(
        or_(*(and_(JOB.c.project_id == p, JOB.c.id == i) for p, i in keys))
    )
    by_key = {(r["project_id"], r["id"]): r for r in (await session.execute(statement)).mappings()}
    return [by_key[k] for k in keys if k in by_key]


async def counts_by_status(session: AsyncSession, *, kind: str) -> dict[str, int]:
    """How many jobs of ``kind`` each status holds, across projects (the ``/metrics`` gauge;
    an index-only count over ``ix_job_status_run_after``)."""
    result = await session.execute(
        select(JOB.c.status, func.count()).where(JOB.c.kind == kind).group_by(JOB.c.status)
    )
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: int(count) for status, count in result.all()})
    return counts
