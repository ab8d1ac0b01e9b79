"""A trace's replay: its observations and agent records (file operations, terminal
commands, checkpoints, git links) merged into one timeline ordered by time, with a
summary (duration, cost, tokens, files touched, commands run and failed, commits).

Observations map as the reference's replay did: GENERATION → ``llm_call``; TOOL, and a
span named ``tool-``/``tool_``/``call_``/``function_``… → ``tool_call``; an observation at
level ERROR → ``error``; anything else → ``agent_thought``. Every source is read with one
statement, so a trace of thousands of observations and records replays in a few queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents import checkpoints, file_operations, git_links, terminal_commands
from agenttrace.core.agents.listing import RecordKind, of_traces
from agenttrace.core.time import seconds_between
from agenttrace.core.tracing import listing, reads
from agenttrace.core.tracing.tables import OBSERVATION
from agenttrace.db.types import Row

TOOL_PREFIXES = ("tool-", "tool_", "call_", "function_")
# Ties in time keep this order: what the agent thought, then what it did.
_ORDER = {"observation": 0, "file_operation": 1, "terminal_command": 2, "checkpoint": 3,
          "git_link": 4}  # fmt: skip


def _ms(start: datetime | None, end: datetime | None) -> int | None:
    seconds = seconds_between(start, end)
    return None if seconds is None else round(seconds * 1000)


def _observation_type(row: Row) -> str:
    if row["level"] == "ERROR":
        return "error"
    if row["type"] == "GENERATION":
        return "llm_call"
    if row["type"] == "TOOL" or (row["name"] or "").lower().startswith(TOOL_PREFIXES):
        return "tool_call"
    return "agent_thought"


def _observation(row: Row, with_io: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "observation_type": row["type"], "model": row["model"],
        "input_tokens": row["input_usage"], "output_tokens": row["output_usage"],
        "total_tokens": row["total_usage"], "cost": row["total_cost"],
        "level": row["level"], "status_message": row["status_message"],
        "parent_observation_id": row["parent_observation_id"],
    }  # fmt: skip
    if with_io:
        data.update(input=row["input"], output=row["output"])
    return {
        "id": row["id"], "source": "observation", "type": _observation_type(row),
        "timestamp": row["start_time"], "end_time": row["end_time"],
        "duration_ms": _ms(row["start_time"], row["end_time"]),
        "title": row["name"] or row["model"] or row["type"].lower(),
        "status": "error" if row["level"] == "ERROR" else (
            "success" if row["end_time"] is not None else "running"
        ),
        "data": data,
    }  # fmt: skip


def _file_operation(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"], "source": "file_operation", "type": "file_operation",
        "timestamp": row["started_at"], "end_time": row["completed_at"],
        "duration_ms": row["duration_ms"], "title": f"{row['operation']} {row['file_path']}",
        "status": "success" if row["success"] else "error",
        "data": {name: row[name] for name in (
            "operation", "file_path", "new_path", "lines_added", "lines_removed",
            "diff_preview", "tool_name", "error_message", "observation_id",
        )},
    }  # fmt: skip


def _terminal_command(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"], "source": "terminal_command", "type": "terminal_command",
        "timestamp": row["started_at"], "end_time": row["completed_at"],
        "duration_ms": row["duration_ms"],
        "title": " ".join([row["command"], *row["args"]]),
        "status": "success" if row["success"] else "error",
        "data": {name: row[name] for name in (
            "command", "args", "working_directory", "exit_code", "stdout", "stderr",
            "timed_out", "tool_name", "observation_id",
        )},
    }  # fmt: skip


def _checkpoint(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"], "source": "checkpoint", "type": "checkpoint",
        "timestamp": row["created_at"], "end_time": None, "duration_ms": None,
        "title": row["name"], "status": "success",
        "data": {"checkpoint_id": row["id"], "checkpoint_type": row["type"],
                 "git_commit": row["git_commit_sha"], "total_files": row["total_files"],
                 "restored_from": row["restored_from"]},
    }  # fmt: skip


def _git_link(row: Row) -> dict[str, Any]:
    message = row["commit_message"] or ""
    return {
        "id": row["id"], "source": "git_link", "type": "git_operation",
        "timestamp": row["commit_timestamp"], "end_time": None, "duration_ms": None,
        "title": f"{row['link_type']} {row['commit_sha'][:12]} {message}".strip(),
        "status": "success",
        "data": {"git_commit": row["commit_sha"], "git_branch": row["branch"],
                 "git_message": row["commit_message"], "link_type": row["link_type"],
                 "changed_files": [*row["files_added"], *row["files_modified"],
                                   *row["files_deleted"]]},
    }  # fmt: skip


# Each source with what its events show of it (a checkpoint's manifest stays out).
_RECORDS: tuple[tuple[RecordKind, Callable[[Row], dict[str, Any]], tuple[str, ...]], ...] = (
    (file_operations.KIND, _file_operation, (
        "id", "started_at", "completed_at", "duration_ms", "operation", "file_path", "new_path",
        "lines_added", "lines_removed", "diff_preview", "tool_name", "error_message",
        "observation_id", "success")),
    (terminal_commands.KIND, _terminal_command, (
        "id", "started_at", "completed_at", "duration_ms", "command", "args",
        "working_directory", "exit_code", "stdout", "stderr", "timed_out", "tool_name",
        "observation_id", "success")),
    (checkpoints.KIND, _checkpoint, (
        "id", "created_at", "name", "type", "git_commit_sha", "total_files", "restored_from")),
    (git_links.KIND, _git_link, (
        "id", "commit_timestamp", "link_type", "commit_sha", "commit_message", "branch",
        "files_added", "files_modified", "files_deleted")),
)  # fmt: skip
# What events show of an observation (its payloads only when asked for).
_OBSERVATION_COLUMNS = (
    "id", "type", "name", "start_time", "end_time", "level", "status_message", "model",
    "input_usage", "output_usage", "total_usage", "total_cost", "parent_observation_id",
)  # fmt: skip


async def _sources(
    session: AsyncSession, project_id: str, trace_id: str, with_io: bool
) -> tuple[list[Row], dict[str, list[Row]]]:
    names = (*_OBSERVATION_COLUMNS, *(("input", "output") if with_io else ()))
    observations = await session.execute(
        select(*(OBSERVATION.c[name] for name in names))
        .where(OBSERVATION.c.project_id == project_id, OBSERVATION.c.trace_id == trace_id)
        .order_by(OBSERVATION.c.start_time, OBSERVATION.c.id)
    )
    records = {
        kind.resource: (
            await of_traces(
                session=session,
                kind=kind,
                project_id=project_id,
                trace_ids=[trace_id],
                columns=columns,
            )
        ).get(trace_id, [])
        for kind, _, columns in _RECORDS
    }
    return list(observations.mappings()), records


def _summary(trace: Row, events: list[dict[str, Any]], records: dict[str, list[Row]],
             scores: dict[str, float]) -> dict[str, Any]:  # fmt: skip
    kinds = Counter(event["type"] for event in events)
    commands = records[terminal_commands.KIND.resource]
    operations = records[file_operations.KIND.resource]
    links = records[git_links.KIND.resource]
    touched = sorted(
        {row["file_path"] for row in operations}
        | {row["new_path"] for row in operations if row["new_path"]}
    )
    commits = sorted(
        {row["commit_sha"] for row in links}
        | ({trace["git_commit_sha"]} if trace["git_commit_sha"] else set())
    )
    starts = [event["timestamp"] for event in events if event["timestamp"] is not None]
    ends = [event["end_time"] or event["timestamp"] for event in events]
    start, end = (min(starts), max(e for e in ends if e is not None)) if starts else (None, None)
    return {
        "start_time": start, "end_time": end, "duration_ms": _ms(start, end),
        "total_cost": trace["total_cost"], "total_tokens": trace["total_tokens"],
        "event_count": len(events), "events_by_type": dict(sorted(kinds.items())),
        "llm_calls": kinds["llm_call"], "tool_calls": kinds["tool_call"],
        "errors": sum(1 for event in events if event["status"] == "error"),
        "files_touched": touched, "file_operations": len(operations),
        "commands_run": len(commands),
        "commands_failed": sum(1 for row in commands if not row["success"]),
        "checkpoints": len(records[checkpoints.KIND.resource]),
        "commits": commits, "scores": scores,
    }  # fmt: skip


async def replay(
    *, session: AsyncSession, project_id: str, trace_id: str, with_io: bool = False
) -> dict[str, Any]:
    """The timeline of one trace (``with_io``: observations carry their input and output)."""
    trace = await reads.trace(session=session, project_id=project_id, trace_id=trace_id)
    observations, records = await _sources(session, project_id, trace_id, with_io)
    events = [_observation(row, with_io) for row in observations]
    for kind, make, _ in _RECORDS:
        events += [make(row) for row in records[kind.resource]]
    events.sort(key=lambda e: (e["timestamp"], _ORDER[e["source"]], e["id"]))
    scored = await listing.scores_of_traces(
        session=session, project_id=project_id, trace_ids=[trace_id]
    )
    by_name: dict[str, list[float]] = {}
    for score in scored:
        if score["value"] is not None and score["data_type"] != "CATEGORICAL":
            by_name.setdefault(score["name"], []).append(float(score["value"]))
    scores = {name: sum(values) / len(values) for name, values in sorted(by_name.items())}
    return {
        "trace_id": trace["id"], "trace_name": trace["name"], "session_id": trace["session_id"],
        "latency": trace["latency"],
        "summary": _summary(trace, events, records, scores),
        "git_context": {
            "repository": trace["git_repo_url"], "branch": trace["git_branch"],
            "commit": trace["git_commit_sha"],
        },
        "events": events,
    }  # fmt: skip
