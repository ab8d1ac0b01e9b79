"""CI runs, with totals computed from their traces, and their stats."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.agents import ci_runs
from agenttrace.graphql.types.agent_enums import CiProvider, CiRunStatus


@strawberry.type(description="A CI run and the traces it collected (totals from them, now).")
class CiRun:
    id: strawberry.ID
    project_id: strawberry.ID
    provider: CiProvider  # type: ignore[valid-type]
    provider_run_id: str
    provider_run_url: str | None
    pipeline_name: str | None
    workflow_name: str | None
    job_name: str | None
    git_commit_sha: str | None
    git_branch: str | None
    git_tag: str | None
    git_repo_url: str | None
    git_ref: str | None
    pr_number: int | None
    pr_title: str | None
    pr_source_branch: str | None
    pr_target_branch: str | None
    status: CiRunStatus  # type: ignore[valid-type]
    conclusion: str | None
    error_message: str | None
    runner_name: str | None
    runner_os: str | None
    runner_arch: str | None
    triggered_by: str | None
    trigger_event: str | None
    started_at: datetime
    completed_at: datetime | None
    duration_ms: float | None = strawberry.field(
        description="Milliseconds (a float: may pass 2^31)."
    )
    metadata: JSON
    trace_ids: list[str]
    trace_count: int
    total_observations: int
    total_tokens: int
    total_cost: float | None
    error_count: int = strawberry.field(description="Observations at level ERROR.")
    failed_trace_count: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CiRun:
        return cls(**ci_runs.VIEW.values(row))


@strawberry.type
class CiRunStats:
    total_runs: int
    pending_count: int
    running_count: int
    success_count: int
    failure_count: int
    cancelled_count: int
    skipped_count: int
    avg_duration_ms: float | None
    total_traces: int
    total_cost: float | None
    total_tokens: int
