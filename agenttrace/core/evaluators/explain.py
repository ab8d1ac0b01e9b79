"""What every evaluator made of some traces, for each trace: the final outcome its job
left (scored, failed, mapping missing, skipped), ``queued`` while a job waits, and, for
each enabled trace evaluator that queued nothing, why not — filtered out or sampled out,
derived now from the same rules ingestion applied (``matching.py``), or ``unchecked`` when
the trace was last written before the evaluator was enabled. Four statements for any
number of traces (GraphQL's ``Trace.evaluations`` asks for a page at once)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators.matching import Matcher
from agenttrace.core.evaluators.outcomes import trace_subject
from agenttrace.core.evaluators.queueing import KIND
from agenttrace.core.evaluators.tables import EVALUATOR, OUTCOME
from agenttrace.core.jobs.tables import JOB
from agenttrace.core.tracing.tables import TRACE

_EMPTY = {"observation_id": None, "reason": None, "job_id": None, "score_id": None,
          "score_value": None, "updated_at": None}  # fmt: skip


async def evaluations_of_traces(
    session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {trace_id: [] for trace_id in trace_ids}
    if not trace_ids:
        return found
    wanted = list(trace_ids)
    seen: set[tuple[str, str]] = set()
    finals = select(OUTCOME).where(
        OUTCOME.c.project_id == project_id, OUTCOME.c.trace_id.in_(wanted)
    )
    for row in (await session.execute(finals)).mappings():
        found[row["trace_id"]].append(dict(row))
        seen.add((row["evaluator_id"], row["subject"]))
    waiting = select(JOB.c.id, JOB.c.owner_id, JOB.c.subject_id, JOB.c.payload, JOB.c.updated_at).where(
        JOB.c.project_id == project_id, JOB.c.kind == KIND, JOB.c.subject_id.in_(wanted),
        JOB.c.status.in_(("pending", "running")),
    )  # fmt: skip
    for job in (await session.execute(waiting)).mappings():
        subject = job["payload"]["subject"]
        if (job["owner_id"], subject) in seen:
            continue
        seen.add((job["owner_id"], subject))
        found[job["subject_id"]].append({
            **_EMPTY, "evaluator_id": job["owner_id"], "subject": subject, "outcome": "queued",
            "observation_id": job["payload"].get("observationId"), "job_id": job["id"],
            "updated_at": job["updated_at"],
        })  # fmt: skip
    evaluators = (await session.execute(
        select(EVALUATOR.c.id, EVALUATOR.c.sampling, EVALUATOR.c.filter, EVALUATOR.c.updated_at)
        .where(EVALUATOR.c.project_id == project_id, EVALUATOR.c.enabled.is_(True),
               EVALUATOR.c.status == "active", EVALUATOR.c.target == "trace")
    )).mappings().all()  # fmt: skip
    if evaluators:
        traces = (await session.execute(
            select(TRACE.c.id, TRACE.c.project_id, TRACE.c.name, TRACE.c.tags,
                   TRACE.c.environment, TRACE.c["metadata"], TRACE.c.updated_at)
            .where(TRACE.c.project_id == project_id, TRACE.c.id.in_(wanted))
        )).mappings().all()  # fmt: skip
        for trace in traces:
            subject = trace_subject(trace["id"])
            for evaluator in evaluators:
                if (evaluator["id"], subject) in seen:
                    continue
                matcher = Matcher(evaluator["id"], "trace", float(evaluator["sampling"]),
                                  evaluator["filter"] or {})  # fmt: skip
                outcome, reason = matcher.check(trace, subject)
                if outcome == "queued":  # it matches, yet no job: written before it existed
                    outcome = "unchecked"
                    reason = "the trace was last written before this evaluator was enabled"
                found[trace["id"]].append({
                    **_EMPTY, "evaluator_id": evaluator["id"], "subject": subject,
                    "outcome": outcome, "reason": reason,
                })  # fmt: skip
    for entries in found.values():
        entries.sort(key=lambda e: (e["evaluator_id"], e["subject"]))
    return found
