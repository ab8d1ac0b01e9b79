"""The ``BatchHook`` that queues automatic evaluations in the ingest transaction: every
committed trace and observation is checked against its project's enabled evaluators
(in memory, ``matching.py``); a match that passes sampling queues a job that starts once
the subject has been quiet for ``AGENTTRACE_EVAL_QUIET_SECONDS`` (each later write pushes
it back), and every check leaves its outcome. No trace is stored without its job, and no
job without its trace: they commit together.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators import outcomes
from agenttrace.core.evaluators.matching import EvaluatorCache, Matcher
from agenttrace.core.jobs import queue
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.records import StoredBatch
from agenttrace.db.types import Row
from agenttrace.settings import Settings

KIND = "evaluation"


class EvaluationHook:
    def __init__(self, cache: EvaluatorCache, settings: Settings) -> None:
        self.cache = cache
        self.settings = settings

    async def __call__(self, *, session: AsyncSession, batch: StoredBatch) -> None:
        projects = {key[0] for key in batch.traces} | {key[0] for key in batch.observations}
        matchers: dict[str, list[Matcher]] = {}
        for project_id in projects:
            found = await self.cache.matchers(session, project_id)
            if found:
                matchers[project_id] = found
        if not matchers:
            return
        run_after = utcnow() + timedelta(seconds=self.settings.eval_quiet_seconds)
        jobs: list[queue.NewJob] = []
        checked: list[dict[str, Any]] = []

        def check(matcher: Matcher, row: Row, subject: str, trace_id: str, obs: str | None) -> None:
            outcome, reason = matcher.check(row, subject)
            job_id = None
            if outcome == "queued":
                job_id = outcomes.automatic_job_id(row["project_id"], matcher.id, subject)
                jobs.append(queue.NewJob(
                    kind=KIND, project_id=row["project_id"], id=job_id,
                    payload={"evaluatorId": matcher.id, "traceId": trace_id,
                             "observationId": obs, "subject": subject},
                    max_attempts=self.settings.job_max_attempts, run_after=run_after,
                    dedupe_key=f"{KIND}:{matcher.id}:{subject}", owner_id=matcher.id,
                    subject_id=trace_id,
                ))  # fmt: skip
            checked.append({
                "project_id": row["project_id"], "evaluator_id": matcher.id, "subject": subject,
                "trace_id": trace_id, "observation_id": obs, "outcome": outcome,
                "reason": reason, "job_id": job_id,
            })  # fmt: skip

        for (project_id, trace_id), row in batch.traces.items():
            for matcher in matchers.get(project_id, ()):
                if matcher.target == "trace":
                    check(matcher, row, outcomes.trace_subject(trace_id), trace_id, None)
        for (project_id, observation_id), row in batch.observations.items():
            for matcher in matchers.get(project_id, ()):
                if matcher.target == "observation":
                    subject = outcomes.observation_subject(observation_id)
                    check(matcher, row, subject, row["trace_id"], observation_id)
        await queue.enqueue(session, jobs)
        await outcomes.record(session, checked, final=False)
