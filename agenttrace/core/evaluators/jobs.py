"""The ``evaluation`` job kind: read the evaluator and its subject, compute the score
(rule or judge), and write it (source ``EVAL``, through the tracing core's score rule) in
the transaction that completes the job, with the subject's outcome.

A job queued automatically does nothing once its evaluator is disabled, paused or
deleted (``skipped``, with the reason); one run on demand runs whatever the status. A
judge that refuses the credentials or the model pauses the evaluator, with the reason.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.datasets.runs import run_items
from agenttrace.core.evaluators import judge, outcomes
from agenttrace.core.evaluators.evaluation import MappingMissing, evaluate, load_subject
from agenttrace.core.evaluators.queueing import KIND
from agenttrace.core.evaluators.tables import EVALUATOR
from agenttrace.core.jobs.kinds import Done, Fail, JobContext, JobKind, Skip
from agenttrace.core.pricing.costs import cost_of
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.commands import score_row_write
from agenttrace.core.tracing.ingest.store import apply_writes
from agenttrace.db.engine import Database
from agenttrace.db.types import Row


async def evaluator_row(session: AsyncSession, project_id: str, evaluator_id: str) -> Row | None:
    statement = select(EVALUATOR).where(
        EVALUATOR.c.project_id == project_id, EVALUATOR.c.id == evaluator_id
    )
    return (await session.execute(statement)).mappings().first()


async def pause(database: Database, project_id: str, evaluator_id: str, reason: str) -> None:
    async with database.write() as session:
        await session.execute(
            update(EVALUATOR)
            .where(EVALUATOR.c.project_id == project_id, EVALUATOR.c.id == evaluator_id)
            .values(status="paused", status_reason=reason, updated_at=utcnow())
        )


def _outcome(job: Row, outcome: str, reason: str | None, **more: Any) -> dict[str, Any]:
    payload = job["payload"]
    return {
        "project_id": job["project_id"], "evaluator_id": payload["evaluatorId"],
        "subject": payload["subject"], "trace_id": payload.get("traceId"),
        "observation_id": payload.get("observationId"), "outcome": outcome, "reason": reason,
        "job_id": job["id"], **more,
    }  # fmt: skip


class EvaluationKind(JobKind):
    name: ClassVar[str] = KIND

    async def run(self, *, context: JobContext, job: Row) -> Done:
        payload = job["payload"]
        project_id = job["project_id"]
        async with context.database.read() as session:
            evaluator = await evaluator_row(session, project_id, payload["evaluatorId"])
            if evaluator is None:
                raise Skip("the evaluator was deleted")
            if not payload.get("manual"):
                if not evaluator["enabled"]:
                    raise self._skip(job, "skipped", "the evaluator was disabled")
                if evaluator["status"] != "active":
                    reason = f"the evaluator is paused: {evaluator['status_reason']}"
                    raise self._skip(job, "skipped", reason)
            item = None
            if payload.get("runItemId"):
                items = await run_items(
                    session=session, project_id=project_id, run_ids=[payload["datasetRunId"]]
                )
                item = next(
                    (i for i in items[payload["datasetRunId"]] if i["id"] == payload["runItemId"]),
                    None,
                )
                if item is None:
                    raise Skip("the dataset run item was deleted")
            subject = await load_subject(
                session, project_id, trace_id=payload.get("traceId"),
                observation_id=payload.get("observationId"), dataset_item=item,
            )  # fmt: skip
        if subject.trace is None:
            raise self._skip(job, "skipped", f"trace {payload.get('traceId')!r} not found")
        if payload.get("observationId") and subject.observation is None:
            reason = f"observation {payload['observationId']!r} not found"
            raise self._skip(job, "skipped", reason)
        try:
            scored = await evaluate(context.settings, evaluator, subject)
        except MappingMissing as exc:
            raise self._skip(job, "mapping_missing", str(exc)) from None
        except judge.Unrecoverable as exc:
            await pause(context.database, project_id, evaluator["id"], str(exc))
            raise Fail(f"{exc}; the evaluator is paused") from None
        score_id = outcomes.score_id_of(job["id"])
        body = {
            "id": score_id, "name": evaluator["score_name"], "value": scored.value,
            "dataType": evaluator["score_data_type"], "source": "EVAL",
            "traceId": payload.get("traceId"), "observationId": payload.get("observationId"),
            "comment": scored.comment,
            "metadata": {"evaluatorId": evaluator["id"], "jobId": job["id"],
                         **({"datasetRunId": payload["datasetRunId"]}
                            if payload.get("datasetRunId") else {})},
        }  # fmt: skip
        write = score_row_write(body, project_id)
        number = write.fields.get("value")

        async def finish(session: AsyncSession) -> None:
            await apply_writes(session=session, writes=[write], prices=context.prices)
            row = _outcome(job, "scored", scored.comment[:500], score_id=score_id,
                           score_value=number)  # fmt: skip
            await outcomes.record(session, [row])

        cost = None
        if scored.usage and scored.usage.get("model"):
            cost = await self._cost(context, project_id, scored.usage)
        return Done(
            result={"scoreId": score_id, "value": scored.value, "comment": scored.comment},
            usage=scored.usage, cost=cost, finish=finish,
        )  # fmt: skip

    @staticmethod
    def _skip(job: Row, outcome: str, reason: str) -> Skip:
        async def finish(session: AsyncSession) -> None:
            await outcomes.record(session, [_outcome(job, outcome, reason)])

        return Skip(reason, finish=finish)

    @staticmethod
    async def _cost(context: JobContext, project_id: str, usage: dict[str, Any]) -> float | None:
        async with context.database.read() as session:
            await context.prices.load(session=session, project_ids=[project_id])
        entry = context.prices.match(project_id, usage["model"])
        if entry is None:
            return None
        counts = {"input": int(usage.get("input", 0)), "output": int(usage.get("output", 0))}
        return cost_of(counts, entry)["total"]

    async def failed(self, *, session: AsyncSession, job: Row, error: str) -> None:
        await outcomes.record(session, [_outcome(job, "failed", error[:500])])
