"""Evaluations on demand: ``execute`` (run now, answer the scores and their jobs) and
``preview`` (a dry run over the project's last traces: which match, and what each
variable resolves to); and the reads of evaluation jobs.

``execute`` queues its jobs (so they are durable and listed like any other), then claims
and runs them at once in this process: an attempt that fails with a retryable error
stays ``pending`` and the workers retry it with backoff.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import ids, lists
from agenttrace.core.datasets.runs import run, run_items
from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.evaluators import outcomes
from agenttrace.core.evaluators.commands import get_evaluator
from agenttrace.core.evaluators.evaluation import inputs_of, load_subject
from agenttrace.core.evaluators.matching import Matcher
from agenttrace.core.evaluators.queueing import KIND
from agenttrace.core.evaluators.variables import Subject
from agenttrace.core.jobs import queue
from agenttrace.core.jobs.queue import STATUSES
from agenttrace.core.jobs.tables import JOB
from agenttrace.core.jobs.worker import Worker
from agenttrace.core.pages import Page
from agenttrace.core.tracing.tables import SCORE, TRACE
from agenttrace.db.types import Row

JOB_SORT = lists.sort_of(JOB, "created_at", True)
PREVIEW_DEFAULT = 10
PREVIEW_MAX = 100


def _job(
    project_id: str, evaluator: Row, payload: dict[str, Any], max_attempts: int
) -> queue.NewJob:
    return queue.NewJob(
        kind=KIND, project_id=project_id, id=ids.new_uuid(), max_attempts=max_attempts,
        payload={"evaluatorId": evaluator["id"], "manual": True, **payload},
        owner_id=evaluator["id"], subject_id=payload.get("traceId"),
    )  # fmt: skip


async def execute(
    *, worker: Worker, project_id: str, evaluator_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """``{traceId, observationId?}`` or ``{datasetRunId}``: ``{scores, jobs}``."""
    database = worker.database
    max_attempts = worker.context.settings.job_max_attempts
    async with database.write() as session:
        evaluator = await get_evaluator(
            session=session, project_id=project_id, evaluator_id=evaluator_id
        )
        jobs = await _jobs_for(session, project_id, evaluator, body, max_attempts)
        await queue.enqueue(session, jobs)
        keys = [(project_id, str(job.id)) for job in jobs]
        claimed = await worker.claim_in(session, limit=len(keys), only=keys)
    rows = await worker.run_claimed(claimed)
    score_ids = [r["result"]["scoreId"] for r in rows if r["status"] == "completed" and r["result"]]
    async with database.read() as session:
        scores = (
            (await session.execute(select(SCORE).where(
                SCORE.c.project_id == project_id, SCORE.c.id.in_(score_ids)
            ))).mappings().all()
        ) if score_ids else []  # fmt: skip
    return {"scores": list(scores), "jobs": rows}


async def _jobs_for(
    session: AsyncSession, project_id: str, evaluator: Row, body: dict[str, Any], attempts: int
) -> list[queue.NewJob]:
    run_id = body.get("datasetRunId")
    trace_id = body.get("traceId")
    if run_id is not None:
        if not isinstance(run_id, str):
            raise Invalid("datasetRunId must be a string", field="datasetRunId")
        found = await run(session=session, project_id=project_id, run_ref=run_id)
        items = (await run_items(session=session, project_id=project_id, run_ids=[found["id"]]))[
            found["id"]
        ]
        return [
            _job(project_id, evaluator, {
                "traceId": item["trace_id"], "observationId": item["observation_id"],
                "datasetRunId": found["id"], "runItemId": item["id"],
                "subject": outcomes.run_item_subject(item["id"]),
            }, attempts)
            for item in items if item["trace_id"] is not None
        ]  # fmt: skip
    if not isinstance(trace_id, str) or not trace_id:
        raise Invalid("traceId (or datasetRunId) is required", field="traceId")
    observation_id = body.get("observationId")
    if observation_id is not None and not isinstance(observation_id, str):
        raise Invalid("observationId must be a string", field="observationId")
    subject = await load_subject(
        session, project_id, trace_id=trace_id, observation_id=observation_id
    )
    if subject.trace is None:
        raise NotFound("trace", trace_id)
    if observation_id is not None and subject.observation is None:
        raise NotFound("observation", observation_id)
    if evaluator["target"] == "observation" and observation_id is None:
        raise Invalid(
            "this evaluator scores observations: give observationId", field="observationId"
        )
    key = (
        outcomes.observation_subject(observation_id) if observation_id
        else outcomes.trace_subject(trace_id)
    )  # fmt: skip
    return [
        _job(project_id, evaluator, {"traceId": trace_id, "observationId": observation_id,
                                     "subject": key}, attempts)
    ]  # fmt: skip


async def preview(
    *, session: AsyncSession, project_id: str, evaluator_id: str, limit: Any
) -> list[dict[str, Any]]:
    """The project's last ``limit`` traces (default 10, at most 100): whether each matches
    the evaluator's filter and sampling, and what its variables resolve to. Nothing is
    written and no judge is called."""
    if limit is None:
        count = PREVIEW_DEFAULT
    elif isinstance(limit, int) and not isinstance(limit, bool) and 1 <= limit <= PREVIEW_MAX:
        count = limit
    else:
        raise Invalid(f"limit must be an integer from 1 to {PREVIEW_MAX}", field="limit")
    evaluator = await get_evaluator(
        session=session, project_id=project_id, evaluator_id=evaluator_id
    )
    matcher = Matcher(evaluator["id"], evaluator["target"], float(evaluator["sampling"]),
                      evaluator["filter"] or {})  # fmt: skip
    traces = (
        await session.execute(
            select(TRACE).where(TRACE.c.project_id == project_id)
            .order_by(TRACE.c.timestamp.desc(), TRACE.c.id.desc()).limit(count)
        )
    ).mappings().all()  # fmt: skip
    entries = []
    for trace in traces:
        outcome, reason = matcher.check(trace, outcomes.trace_subject(trace["id"]))
        inputs = inputs_of(evaluator, Subject(trace=trace))
        entries.append({
            "trace_id": trace["id"], "trace_name": trace["name"],
            "matches": outcome == "queued", "outcome": outcome, "reason": reason,
            "variables": inputs.variables, "missing": inputs.missing, "prompt": inputs.prompt,
        })  # fmt: skip
    return entries


async def list_jobs(
    *,
    session: AsyncSession,
    project_id: str,
    limit: int,
    cursor: str | None,
    evaluator_id: str | None = None,
    status: str | None = None,
    trace_id: str | None = None,
) -> Page:
    conditions: list[ColumnElement[bool]] = [JOB.c.project_id == project_id, JOB.c.kind == KIND]
    if evaluator_id is not None:
        conditions.append(JOB.c.owner_id == evaluator_id)
    if status is not None:
        if status not in STATUSES:
            raise Invalid(f"status must be one of {', '.join(STATUSES)}", field="status")
        conditions.append(JOB.c.status == status)
    if trace_id is not None:
        conditions.append(JOB.c.subject_id == trace_id)
    return await lists.keyset_page(
        session=session, table=JOB, columns=list(JOB.columns), conditions=conditions,
        sort=JOB_SORT, limit=limit, cursor=cursor, count=True,
    )  # fmt: skip


async def get_job(*, session: AsyncSession, project_id: str, job_id: str) -> Row:
    statement = select(JOB).where(
        JOB.c.project_id == project_id, JOB.c.id == job_id, JOB.c.kind == KIND
    )
    found = (await session.execute(statement)).mappings().first()
    if found is None:
        raise NotFound("evaluation job", job_id)
    return found
