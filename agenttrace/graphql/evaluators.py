"""The evaluator roots: ``evaluators`` (a keyset connection, newest first), ``evaluator``,
``evaluatorTemplates``, ``evaluationJobs`` and ``evaluationJob`` — the core reads REST
calls. (``Trace.evaluations`` sits on the trace type, through a loader.)"""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.evaluators import commands, execute
from agenttrace.graphql.connections import DEFAULT_FIRST, Connection, connection, known, page_size
from agenttrace.graphql.context import Context
from agenttrace.graphql.types.evaluator import EvaluationJob, Evaluator

Info = strawberry.Info[Context, None]


@strawberry.input
class EvaluationJobFilter:
    evaluator_id: str | None = None
    status: str | None = None
    trace_id: str | None = None


@strawberry.type
class EvaluatorsQuery:
    @strawberry.field(description="Newest first, each with its run counts.")
    async def evaluators(
        self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None,
        enabled: bool | None = None,
    ) -> Connection[Evaluator]:  # fmt: skip
        principal = info.context.principal("evaluators:read")
        async with info.context.database.read() as session:
            page = await commands.list_evaluators(
                session=session, project_id=principal.project_id, limit=page_size(first),
                cursor=after, enabled=enabled,
            )  # fmt: skip
        return connection(
            page, Evaluator.from_row, sort=commands.NAME_SORT, after=after,
            count=known(page.total or 0),
        )  # fmt: skip

    @strawberry.field
    async def evaluator(self, info: Info, id: strawberry.ID) -> Evaluator:
        principal = info.context.principal("evaluators:read")
        async with info.context.database.read() as session:
            row = await commands.get_evaluator(
                session=session, project_id=principal.project_id, evaluator_id=str(id)
            )
        return Evaluator.from_row(row)

    @strawberry.field(description="The built-in judge templates, then the project's own.")
    async def evaluator_templates(self, info: Info) -> JSON:
        principal = info.context.principal("evaluators:read")
        async with info.context.database.read() as session:
            rows = await commands.list_templates(session=session, project_id=principal.project_id)
        found: list[dict[str, Any]] = [
            {k: v for k, v in row.items() if k not in ("project_id", "created_at", "updated_at")}
            for row in rows
        ]
        return cast(JSON, found)

    @strawberry.field(description="Newest first.")
    async def evaluation_jobs(
        self, info: Info, filter: EvaluationJobFilter | None = None,
        first: int = DEFAULT_FIRST, after: str | None = None,
    ) -> Connection[EvaluationJob]:  # fmt: skip
        principal = info.context.principal("evaluators:read")
        given = filter or EvaluationJobFilter()
        async with info.context.database.read() as session:
            page = await execute.list_jobs(
                session=session, project_id=principal.project_id, limit=page_size(first),
                cursor=after, evaluator_id=given.evaluator_id, status=given.status,
                trace_id=given.trace_id,
            )  # fmt: skip
        return connection(
            page, EvaluationJob.from_row, sort=execute.JOB_SORT, after=after,
            count=known(page.total or 0),
        )  # fmt: skip

    @strawberry.field
    async def evaluation_job(self, info: Info, id: strawberry.ID) -> EvaluationJob:
        principal = info.context.principal("evaluators:read")
        async with info.context.database.read() as session:
            row = await execute.get_job(
                session=session, project_id=principal.project_id, job_id=str(id)
            )
        return EvaluationJob.from_row(row)
