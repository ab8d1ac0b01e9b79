"""A trace's replay: one timeline of observations and agent records, with its summary."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON


@strawberry.type(description="One step of a run.")
class ReplayEvent:
    id: strawberry.ID
    source: str = strawberry.field(
        description="observation, file_operation, terminal_command, checkpoint or git_link."
    )
    type: str = strawberry.field(
        description="llm_call, tool_call, agent_thought, error, file_operation, "
        "terminal_command, checkpoint or git_operation."
    )
    timestamp: datetime
    end_time: datetime | None
    duration_ms: float | None = strawberry.field(
        description="Milliseconds (a float: an observation may stay open past 2^31 ms)."
    )
    title: str
    status: str
    data: JSON


@strawberry.type
class ReplaySummary:
    start_time: datetime | None
    end_time: datetime | None
    duration_ms: float | None = strawberry.field(
        description="Milliseconds from the first step to the last (a float: a run whose "
        "records span more than 24.8 days passes 2^31)."
    )
    total_cost: float | None
    total_tokens: int
    event_count: int
    events_by_type: JSON
    llm_calls: int
    tool_calls: int
    errors: int
    files_touched: list[str]
    file_operations: int
    commands_run: int
    commands_failed: int
    checkpoints: int
    commits: list[str]
    scores: JSON


@strawberry.type
class Replay:
    trace_id: strawberry.ID
    trace_name: str | None
    session_id: str | None
    latency: float | None
    summary: ReplaySummary
    git_context: JSON
    events: list[ReplayEvent]

    @classmethod
    def from_document(cls, found: Mapping[str, Any]) -> Replay:
        return cls(
            **{k: found[k] for k in ("trace_id", "trace_name", "session_id", "latency")},
            summary=ReplaySummary(**found["summary"]),
            git_context=found["git_context"],
            events=[ReplayEvent(**event) for event in found["events"]],
        )


@strawberry.type(description="Two runs side by side.")
class ReplayComparison:
    trace_id1: strawberry.ID
    trace_id2: strawberry.ID
    summary1: ReplaySummary
    summary2: ReplaySummary
    differences: JSON = strawberry.field(
        description="[{type: added|removed, eventType, description, count}]"
    )
    files: JSON = strawberry.field(description="{onlyIn1, onlyIn2, inBoth}")
    deltas: JSON = strawberry.field(description="Run 2 less run 1: cost, duration, tokens, scores.")

    @classmethod
    def from_document(cls, found: Mapping[str, Any]) -> ReplayComparison:
        return cls(
            trace_id1=found["trace_id1"], trace_id2=found["trace_id2"],
            summary1=ReplaySummary(**found["summary1"]), summary2=ReplaySummary(**found["summary2"]),
            differences=found["differences"], files=found["files"], deltas=found["deltas"],
        )  # fmt: skip
