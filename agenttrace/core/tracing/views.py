"""What a reader sees of traces, observations, scores and sessions: their public fields
and every derived value (latency, time to first token, ``htmlPath``, token totals), in one
place for ``/v1``, the Langfuse API and GraphQL.

Trace aggregates (cost sides, token totals, latency) are computed at write time by the
ingest core (``ingest/aggregates.py``) so lists can sort on them; they use the same
``seconds_between`` rule as the observation latency derived here at read time.
"""

from __future__ import annotations

from typing import Any

from agenttrace.core.time import seconds_between
from agenttrace.core.views import Totals, View, column, derived, large, totals
from agenttrace.db.types import Row


def html_path(project_id: str, trace_id: str) -> str:
    """Where a trace opens in the web UI (Langfuse's field; the SDKs build links from it)."""
    return f"/project/{project_id}/traces/{trace_id}"


def observation_latency(row: Row) -> float | None:
    return seconds_between(row["start_time"], row["end_time"])


def time_to_first_token(row: Row) -> float | None:
    return seconds_between(row["start_time"], row["completion_start_time"])


def trace_usage(row: Row) -> Totals:
    return totals(row, "input_tokens", "output_tokens", "total_tokens")


def observation_usage(row: Row) -> Totals:
    return totals(row, "input_usage", "output_usage", "total_usage")


def recorded_trace_usage(row: Row) -> Totals | None:
    """A trace's tokens, or None when none of its observations reported any: "no usage
    recorded" and "0 tokens" read apart wherever a reader can tell."""
    found = trace_usage(row)
    return None if found == Totals(0, 0, 0) else found


def recorded_observation_usage(row: Row) -> Totals | None:
    """An observation's tokens, or None when it reported no usage at all."""
    return observation_usage(row) if row["usage_details"] else None


def _trace_link(row: Row) -> str:
    return html_path(row["project_id"], row["id"])


def _names(*names: str) -> tuple[Any, ...]:
    return tuple(column(name) for name in names)


TRACE = View(
    "trace",
    (
        *_names("id", "project_id", "name"),
        column("timestamp", kind="time"),
        *_names("user_id", "session_id", "release", "version", "environment"),
        large("input"),
        large("output"),
        large("metadata"),
        *_names("input_preview", "output_preview", "input_bytes", "output_bytes"),
        column("metadata_bytes"),
        *_names("tags", "public", "bookmarked", "level", "status_message"),
        *_names("git_commit_sha", "git_branch", "git_repo_url"),
        column("start_time", kind="time"),
        column("end_time", kind="time"),
        *_names("latency", "input_cost", "output_cost", "total_cost"),
        derived("usage", recorded_trace_usage, kind="totals"),
        column("observation_count"),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
        derived("html_path", _trace_link),
    ),
)

OBSERVATION = View(
    "observation",
    (
        *_names("id", "trace_id", "project_id", "parent_observation_id", "type", "name"),
        column("start_time", kind="time"),
        column("end_time", kind="time"),
        column("completion_start_time", kind="time"),
        *_names("level", "status_message", "version", "environment"),
        large("input"),
        large("output"),
        large("metadata"),
        *_names("input_bytes", "output_bytes", "metadata_bytes"),
        column("model"),
        column("model_id", "internal_model"),
        column("model_parameters"),
        derived("usage", recorded_observation_usage, kind="totals"),
        *_names("usage_details", "cost_details", "input_cost", "output_cost", "total_cost"),
        derived("latency", observation_latency),
        derived("time_to_first_token", time_to_first_token),
        *_names("prompt_id", "prompt_name", "prompt_version"),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

SCORE = View(
    "score",
    (
        *_names("id", "project_id", "name", "value", "string_value", "data_type", "source"),
        *_names("trace_id", "observation_id", "session_id", "dataset_run_id"),
        *_names("comment", "metadata", "config_id", "queue_id", "author_user_id"),
        column("environment"),
        column("timestamp", kind="time"),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

SESSION = View(
    "session",
    (
        *_names("id", "project_id", "environment"),
        column("created_at", kind="time"),
        column("trace_count"),
        column("first_trace_time", kind="time"),
        column("last_trace_time", kind="time"),
        *_names("user_ids", "total_cost"),
        derived("usage", trace_usage, kind="totals"),
    ),
)
