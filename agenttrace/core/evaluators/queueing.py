"""The ``BatchHook`` that queues automatic evaluations in the ingest transaction: every
committed trace and observation is checked against its project's enabled evaluators
(in memory, ``matching.py``); a match that passes sampling queues a job that starts once
the subject has been quiet for ``AGENTTRACE_EVAL_QUIET_SECONDS`` (each later write pushes
it back), and the subjects not queued are counted by why. No trace is stored without its
job, and no job without its trace: they commit together.

Per batch this is one statement for the jobs (and one read per project per cache TTL),
whatever the number of traces. The counts of subjects not queued are not worth a statement
per batch (a tenth of a batch's cost on SQLite): they are added up in memory once their
batch commits and written every ``COUNT_FLUSH_SECONDS`` by a task of their own, and at
shutdown, so a process that is killed loses at most that much of them, never a job.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators import outcomes
from agenttrace.core.evaluators.matching import EvaluatorCache, Matcher
from agenttrace.core.jobs import queue
from agenttrace.core.jobs.worker import log_failure
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.records import StoredBatch
from agenttrace.db.engine import Database
from agenttrace.settings import Settings

KIND = "evaluation"
COUNT_FLUSH_SECONDS = 1.0


class EvaluationHook:
    def __init__(self, cache: EvaluatorCache, settings: Settings) -> None:
        self.cache = cache
        self.settings = settings
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._flusher: asyncio.Task[None] | None = None
        self._database: Database | None = None

    def start(self, database: Database) -> None:
        self._database = database
        self._flusher = asyncio.create_task(self._flush_every(), name="agenttrace-eval-counts")

    async def stop(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            await asyncio.gather(self._flusher, return_exceptions=True)
            self._flusher = None
        await self.flush()

    async def flush(self) -> None:
        """Write the counts added up since the last flush (given back if it fails)."""
        if not self._counts or self._database is None:
            return
        taken, self._counts = self._counts, Counter()
        try:
            async with self._database.write() as session:
                await outcomes.count_checks(session, taken)
        except Exception as exc:
            self._counts.update(taken)
            log_failure("writing the evaluators' check counts failed; kept for the next try", exc)

    async def _flush_every(self) -> None:
        while True:
            await asyncio.sleep(COUNT_FLUSH_SECONDS)
            await self.flush()

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
        attempts = self.settings.job_max_attempts
        jobs: list[queue.NewJob] = []
        skipped: Counter[tuple[str, str, str]] = Counter()
        subjects = [
            (project_id, "trace", outcomes.trace_subject(trace_id), trace_id, None, row)
            for (project_id, trace_id), row in batch.traces.items()
            if project_id in matchers
        ] + [
            (project_id, "observation", outcomes.observation_subject(observation_id),
             row["trace_id"], observation_id, row)
            for (project_id, observation_id), row in batch.observations.items()
            if project_id in matchers
        ]  # fmt: skip
        for project_id, target, subject, trace_id, observation_id, row in subjects:
            for matcher in matchers[project_id]:
                if matcher.target != target:
                    continue
                outcome, _ = matcher.check(row, subject)
                if outcome != "queued":
                    skipped[(project_id, matcher.id, outcome)] += 1
                    continue
                jobs.append(queue.NewJob(
                    kind=KIND, project_id=project_id,
                    id=outcomes.automatic_job_id(matcher.id, subject),
                    payload={"evaluatorId": matcher.id, "traceId": trace_id,
                             "observationId": observation_id, "subject": subject},
                    max_attempts=attempts, run_after=run_after, owner_id=matcher.id,
                    subject_id=trace_id,
                ))  # fmt: skip
        await queue.enqueue(session, jobs)
        if skipped:  # counted once the batch is stored: a rolled-back batch counts nothing

            def committed(_session: Any) -> None:
                self._counts.update(skipped)

            event.listen(session.sync_session, "after_commit", committed, once=True)
