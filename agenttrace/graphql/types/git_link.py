"""Git links, and the commits of the timeline with their figures and deltas."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.agents import git_links
from agenttrace.graphql.types.agent_enums import GitLinkType


@strawberry.type(description="A trace tied to a commit.")
class GitLink:
    id: strawberry.ID
    project_id: strawberry.ID
    trace_id: str
    observation_id: str | None
    commit_sha: str
    parent_sha: str | None
    branch: str | None
    tag: str | None
    repo_url: str | None
    commit_message: str | None
    commit_author: str | None
    commit_author_email: str | None
    commit_timestamp: datetime
    files_added: list[str]
    files_modified: list[str]
    files_deleted: list[str]
    files_changed_count: int
    additions: int
    deletions: int
    link_type: GitLinkType  # type: ignore[valid-type]
    ci_run_id: str | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> GitLink:
        return cls(**git_links.VIEW.values(row))


@strawberry.type(description="One trace of a commit, with its figures.")
class CommitTrace:
    id: strawberry.ID
    name: str | None
    timestamp: datetime
    total_cost: float | None
    total_tokens: int
    latency: float | None
    level: str


@strawberry.type(description="The change from the previous commit (this one less that one).")
class CommitDelta:
    trace_count: int
    total_cost: float | None
    cost_per_trace: float | None
    total_tokens: int
    avg_latency: float | None
    error_count: int
    scores: JSON = strawberry.field(description="Score name → change of its mean.")


@strawberry.type(description="A commit of the timeline: its traces' figures and deltas.")
class TimelineCommit:
    commit_sha: str
    commit_time: datetime
    commit_message: str | None
    commit_author: str | None
    parent_sha: str | None
    previous_commit_sha: str | None
    branch: str | None
    repo_url: str | None
    trace_count: int
    observation_count: int
    total_cost: float | None
    total_tokens: int
    avg_latency: float | None
    error_count: int = strawberry.field(description="Observations at level ERROR.")
    failed_trace_count: int
    scores: JSON = strawberry.field(description="Score name → mean of its numeric values.")
    delta: CommitDelta | None
    regressions: list[str] = strawberry.field(
        description="What moved the wrong way: cost, latency, errors, score:<name>."
    )
    traces: list[CommitTrace]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TimelineCommit:
        fields = {name: row[name] for name in cls.__annotations__ if name in row}
        delta = row["delta"]
        fields["delta"] = None if delta is None else CommitDelta(**delta)
        fields["traces"] = [CommitTrace(**trace) for trace in row.get("traces", [])]
        return cls(**fields)
