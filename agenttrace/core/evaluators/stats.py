"""How an evaluator has run, so one with no scores explains itself: subjects by outcome
(queued: its jobs waiting or running; filtered out and sampled out: the counters of
ingestion; scored, failed, mapping missing, skipped: its jobs' final outcomes), its jobs by
status, the average score and the last run. Three statements for any number of
evaluators (a list asks for all of a page at once)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators.outcomes import OUTCOMES
from agenttrace.core.evaluators.queueing import KIND
from agenttrace.core.evaluators.tables import CHECKS, OUTCOME
from agenttrace.core.jobs.queue import STATUSES
from agenttrace.core.jobs.tables import JOB
from agenttrace.core.time import iso


async def stats_of(
    session: AsyncSession, project_id: str, evaluator_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {
        i: {"outcomes": dict.fromkeys(OUTCOMES, 0), "jobs": dict.fromkeys(STATUSES, 0),
            "failures": 0, "averageScore": None, "lastRunAt": None}
        for i in evaluator_ids
    }  # fmt: skip
    if not evaluator_ids:
        return found
    ids = list(evaluator_ids)
    finals = (
        select(OUTCOME.c.evaluator_id, OUTCOME.c.outcome, func.count(), func.avg(OUTCOME.c.score_value))
        .where(OUTCOME.c.project_id == project_id, OUTCOME.c.evaluator_id.in_(ids))
        .group_by(OUTCOME.c.evaluator_id, OUTCOME.c.outcome)
    )  # fmt: skip
    for evaluator_id, outcome, count, average in await session.execute(finals):
        found[evaluator_id]["outcomes"][outcome] = int(count)
        if outcome == "scored" and average is not None:
            found[evaluator_id]["averageScore"] = float(average)
    counted = select(CHECKS.c.evaluator_id, CHECKS.c.outcome, CHECKS.c.count).where(
        CHECKS.c.project_id == project_id, CHECKS.c.evaluator_id.in_(ids)
    )
    for evaluator_id, outcome, count in await session.execute(counted):
        found[evaluator_id]["outcomes"][outcome] = int(count)
    jobs = (
        select(JOB.c.owner_id, JOB.c.status, func.count(), func.max(JOB.c.finished_at))
        .where(JOB.c.project_id == project_id, JOB.c.kind == KIND, JOB.c.owner_id.in_(ids))
        .group_by(JOB.c.owner_id, JOB.c.status)
    )
    for evaluator_id, status, count, last in await session.execute(jobs):
        entry = found[evaluator_id]
        entry["jobs"][status] = int(count)
        if status in ("pending", "running"):
            entry["outcomes"]["queued"] += int(count)
        if status == "failed":
            entry["failures"] = int(count)
        if last is not None and (entry["lastRunAt"] is None or last > entry["lastRunAt"]):
            entry["lastRunAt"] = last
    for entry in found.values():
        entry["lastRunAt"] = iso(entry["lastRunAt"])
    return found
