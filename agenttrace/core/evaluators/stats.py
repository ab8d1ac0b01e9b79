"""How an evaluator has run, so one with no scores explains itself: subjects checked by
outcome (queued, filtered out, sampled out, mapping missing, scored, failed, skipped), its
jobs by status, the average score and the last run. Three statements for any number of
evaluators (lists ask for all of a page at once)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators.outcomes import OUTCOMES
from agenttrace.core.evaluators.queueing import KIND
from agenttrace.core.evaluators.tables import OUTCOME
from agenttrace.core.jobs.tables import JOB
from agenttrace.core.time import iso

JOB_STATUSES = ("pending", "running", "completed", "failed", "skipped")


async def stats_of(
    session: AsyncSession, project_id: str, evaluator_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {
        i: {"outcomes": dict.fromkeys(OUTCOMES, 0), "jobs": dict.fromkeys(JOB_STATUSES, 0),
            "failures": 0, "averageScore": None, "lastRunAt": None}
        for i in evaluator_ids
    }  # fmt: skip
    if not evaluator_ids:
        return found
    ids = list(evaluator_ids)
    outcome_counts = (
        select(OUTCOME.c.evaluator_id, OUTCOME.c.outcome, func.count(), func.avg(OUTCOME.c.score_value))
        .where(OUTCOME.c.project_id == project_id, OUTCOME.c.evaluator_id.in_(ids))
        .group_by(OUTCOME.c.evaluator_id, OUTCOME.c.outcome)
    )  # fmt: skip
    for evaluator_id, outcome, count, average in await session.execute(outcome_counts):
        found[evaluator_id]["outcomes"][outcome] = int(count)
        if outcome == "scored" and average is not None:
            found[evaluator_id]["averageScore"] = float(average)
    job_counts = (
        select(JOB.c.owner_id, JOB.c.status, func.count(), func.max(JOB.c.finished_at))
        .where(JOB.c.project_id == project_id, JOB.c.kind == KIND, JOB.c.owner_id.in_(ids))
        .group_by(JOB.c.owner_id, JOB.c.status)
    )
    for evaluator_id, status, count, last in await session.execute(job_counts):
        entry = found[evaluator_id]
        entry["jobs"][status] = int(count)
        if status == "failed":
            entry["failures"] = int(count)
        if last is not None and (entry["lastRunAt"] is None or last > entry["lastRunAt"]):
            entry["lastRunAt"] = last
    for entry in found.values():
        entry["lastRunAt"] = iso(entry["lastRunAt"])
    return found


async def outcomes_of_traces(
    session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> dict[str, list[Any]]:
    """Every evaluator's outcome on these traces (and their observations), by trace: one
    statement for all of them (GraphQL's ``Trace.evaluations``)."""
    found: dict[str, list[Any]] = {trace_id: [] for trace_id in trace_ids}
    if not trace_ids:
        return found
    statement = (
        select(OUTCOME)
        .where(OUTCOME.c.project_id == project_id, OUTCOME.c.trace_id.in_(list(trace_ids)))
        .order_by(OUTCOME.c.trace_id, OUTCOME.c.evaluator_id, OUTCOME.c.subject)
    )
    for row in (await session.execute(statement)).mappings():
        found[row["trace_id"]].append(row)
    return found
