"""Evaluators, their jobs, and the outcome an evaluator left on a trace."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.evaluators import views
from agenttrace.graphql.context import Context

Info = strawberry.Info[Context, None]


@strawberry.type(description="An evaluator; `status` is what runs, `enabled` what was asked.")
class Evaluator:
    id: strawberry.ID
    project_id: strawberry.ID
    name: str
    description: str | None
    type: str = strawberry.field(description="`llm_as_judge` or `rule`.")
    config: JSON
    template_id: str | None
    prompt: str | None
    variable_mapping: JSON
    target: str
    filter: JSON
    sampling: float
    score_name: str
    score_data_type: str
    score_categories: list[str] | None
    enabled: bool
    status: str = strawberry.field(description="`active`, or `paused` (see `statusReason`).")
    status_reason: str | None
    stats: JSON = strawberry.field(
        description="Outcomes by kind, jobs by status, failures, averageScore, lastRunAt."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Evaluator:
        return cls(**views.EVALUATOR.values(row))


@strawberry.type(description="A job of the job runtime that runs one evaluation.")
class EvaluationJob:
    id: strawberry.ID
    project_id: strawberry.ID
    kind: str
    payload: JSON
    status: str
    attempts: int
    max_attempts: int
    evaluator_id: str | None
    trace_id: str | None
    worker_id: str | None
    last_error: str | None
    errors: JSON = strawberry.field(description="Every failed attempt's error.")
    result: JSON | None
    usage: JSON | None = strawberry.field(description="The judge's own tokens.")
    cost: float | None
    run_after: datetime
    locked_until: datetime | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> EvaluationJob:
        return cls(**views.JOB.values(row))


@strawberry.type(description="What an evaluator made of a trace or one of its observations.")
class Evaluation:
    evaluator_id: strawberry.ID
    subject: str
    observation_id: str | None
    outcome: str = strawberry.field(
        description="scored, failed, mapping_missing, skipped (what its job made of it), "
        "queued (a job waits), filtered_out, sampled_out or unchecked (why no job)."
    )
    reason: str | None
    job_id: str | None
    score_id: str | None
    score_value: float | None
    updated_at: datetime | None

    @strawberry.field(description="The evaluator's name (a loader: one statement per request).")
    async def evaluator_name(self, info: Info) -> str | None:
        return await info.context.loaders.evaluator_name_by_id.load(str(self.evaluator_id))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Evaluation:
        return cls(**views.OUTCOME.values(row))
