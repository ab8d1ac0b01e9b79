"""Decoded OTLP log records as the row writes of the ingest core, so coding agents'
events (``agent_events.py``) become traces through the same merge rules as spans.

- **With trace context** (the agent also exports spans), an event attaches to the span it
  names and never makes a trace of its own: a model call's usage and client cost, and a
  tool result's details, are merged into that span's observation (the same keys the span
  gives, so nothing counts twice); any other event is an EVENT observation under it.
- **Without**, each user prompt is one trace in the agent's session: Claude Code's and
  Gemini CLI's events name their prompt (``prompt.id`` / ``prompt_id``); Codex's do not,
  so a Codex event belongs to the latest ``codex.user_prompt`` of its conversation at or
  before it (stored ones are looked up). Model calls are GENERATION observations (model,
  usage, ``cost_usd`` as the client's cost; no cost given: the price table's, or null),
  tool results TOOL observations, and every other event an EVENT observation (errors at
  level ERROR); events with no prompt go to their session's own trace.
- **Agent records**: a Bash (or Codex shell, Gemini ``run_shell_command``) tool result
  with its command becomes a terminal command (redacted), ``file_path`` on Read / Edit /
  Write a file operation, and ``git_commit_id`` a git link of the event's trace, so the
  per-commit timeline shows what the agent spent on each commit.

Ids derive from the event (its agent, session, sequence or time, name and attributes), so
a re-sent export writes the same rows again and changes nothing.
"""

from __future__ import annotations

import asyncio
import bisect
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson

from agenttrace.core import time
from agenttrace.core.agents.file_operations import file_operation_write
from agenttrace.core.agents.git_links import git_link_write
from agenttrace.core.agents.records import with_shells
from agenttrace.core.agents.terminal_commands import terminal_command_write
from agenttrace.core.errors import Invalid
from agenttrace.core.numbers import number
from agenttrace.core.telemetry import agent_events as agents
from agenttrace.core.telemetry.agent_events import Agent
from agenttrace.core.telemetry.logs_decode import LogExport, LogRecord
from agenttrace.core.time import from_unix_nanos
from agenttrace.core.tracing.ingest.bodies import ObservationBody, TraceBody, parse
from agenttrace.core.tracing.ingest.records import RecordWrite, Write
from agenttrace.core.tracing.ingest.writes import observation_write, trace_write

_IDS = uuid.UUID("0b8f4a52-3c1e-4d57-9a6e-2f71c0d94e13")
CODEX_TURN = "Codex turn"
_TRACE_NAMES = {"claude_code": "Claude Code prompt", "gemini_cli": "Gemini CLI prompt"}
_SESSION_NAMES = {"claude_code": "Claude Code session", "codex": "Codex conversation",
                  "gemini_cli": "Gemini CLI session", "otel": "OTLP logs"}  # fmt: skip
_REDACTED = frozenset({"[REDACTED]", "<REDACTED>", "REDACTED"})
_SHELL_TOOLS = frozenset({"Bash", "shell", "local_shell", "exec_command", "container.exec",
                          "run_shell_command"})  # fmt: skip
_FILE_TOOLS = {"Read": "read", "Edit": "update", "MultiEdit": "update", "Write": "create",
               "NotebookEdit": "update", "read_file": "read", "write_file": "create",
               "replace": "update"}  # fmt: skip
_FILE_KEYS = ("file_path", "absolute_path", "path", "notebook_path")
MAP_SLICE = 64

# (project, conversation ids) → {conversation: [(turn start, trace id)]}
TurnLookup = Callable[[str, list[str]], Awaitable[dict[str, list[tuple[datetime, str]]]]]


@dataclass(slots=True)
class MappedLogs:
    writes: list[Write] = field(default_factory=list)
    # For each write, the position of the record it came from among the mapped records.
    owners: list[int] = field(default_factory=list)
    mapped: int = 0
    rejected: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Event:
    record: LogRecord
    agent: Agent
    name: str
    at: datetime
    attributes: dict[str, Any]
    session: str | None
    sequence: float | None
    # The trace and parent span, from the record's context or its prompt.
    trace_id: str = ""
    attached: bool = False


def _hex(*parts: Any) -> str:
    return uuid.uuid5(_IDS, orjson.dumps(parts, default=str).decode()).hex


def _event_time(record: LogRecord, attributes: Mapping[str, Any], now: datetime) -> datetime:
    moment = from_unix_nanos(record.time_ns)
    if moment is not None:
        return moment
    stamp = attributes.get("event.timestamp")
    if isinstance(stamp, str):
        try:
            return time.parse(stamp, field="event.timestamp")
        except Invalid:
            pass
    return now


def _event(record: LogRecord, now: datetime) -> _Event:
    agent, name = agents.identify(record.event_name, record.body, record.resource)
    attributes = record.attributes
    looked_up = {**record.resource, **attributes}
    session = agents.first(looked_up, agent.session_keys)
    return _Event(
        record=record,
        agent=agent,
        name=name,
        at=_event_time(record, attributes, now),
        attributes=attributes,
        session=None if session is None else str(session),
        sequence=number(attributes.get("event.sequence")),
    )


def _role(event: _Event) -> str:
    agent, name = event.agent, event.name
    if name in agent.generations or f"{name}:{event.attributes.get('event.kind')}" in (
        agent.generations
    ):
        return "generation"
    if name in agent.tools:
        return "tool"
    if name in agent.prompts:
        return "prompt"
    if name in agent.errors:
        return "error"
    return "event"


async def map_logs(
    export: LogExport, *, project_id: str, received_at: datetime, turns: TurnLookup
) -> MappedLogs:
    mapped = MappedLogs()
    events = [_event(record, received_at) for record in export.records]
    await _assign_traces(events, project_id, turns)
    order = sorted(
        range(len(events)),
        key=lambda i: (events[i].session or "", events[i].at, events[i].sequence or 0),
    )
    for position, index in enumerate(order):
        if position % MAP_SLICE == MAP_SLICE - 1:
            await asyncio.sleep(0)
        event = events[index]
        try:
            writes = _writes(event, project_id)
        except Invalid as exc:
            mapped.rejected.append(f"log record {event.name!r}: {exc.message}")
            continue
        mapped.writes += writes
        mapped.owners += [mapped.mapped] * len(writes)
        mapped.mapped += 1
    return mapped


async def _assign_traces(events: list[_Event], project_id: str, turns: TurnLookup) -> None:
    codex: dict[str, list[_Event]] = {}
    for event in events:
        record = event.record
        if record.trace_id is not None and record.span_id is not None:
            event.trace_id, event.attached = record.trace_id, True
        elif event.agent.prompt_key is None and event.agent.name == "codex" and event.session:
            codex.setdefault(event.session, []).append(event)
        elif event.session is None:
            event.trace_id = _hex("event", event.name, event.record.time_ns, event.attributes)
        else:
            prompt = event.attributes.get(event.agent.prompt_key or "")
            event.trace_id = (
                _hex(event.agent.name, event.session, "prompt", str(prompt))
                if prompt
                else _hex(event.agent.name, event.session, "session")
            )
    if not codex:
        return
    known = await turns(project_id, sorted(codex))
    for conversation, members in codex.items():
        starts = dict(known.get(conversation, ()))
        for event in members:
            if event.name in event.agent.prompts:
                starts[event.at] = _hex("codex", conversation, "turn", event.record.time_ns
                                        or event.at.isoformat())  # fmt: skip
        timeline = sorted(starts.items())
        moments = [moment for moment, _ in timeline]
        for event in members:
            position = bisect.bisect_right(moments, event.at) - 1
            event.trace_id = (
                timeline[position][1] if position >= 0 else _hex("codex", conversation, "session")
            )


def _writes(event: _Event, project_id: str) -> list[Write]:
    role = _role(event)
    attributes = event.attributes
    record = event.record
    observation_id = (
        record.span_id
        if event.attached and role in ("generation", "tool") and record.span_id
        else _hex("observation", event.trace_id, event.name, event.sequence,
                  record.time_ns, attributes)
    )  # fmt: skip
    duration = number(attributes.get("duration_ms"))
    start = event.at - timedelta(milliseconds=duration) if duration else event.at
    body: dict[str, Any] = {
        "trace_id": event.trace_id,
        "name": event.name,
        "start_time": start,
        "metadata": {
            "agent": event.agent.name,
            "event": {"name": event.name, "attributes": attributes},
            **({"sequence": event.sequence} if event.sequence is not None else {}),
            "resourceAttributes": record.resource,
        },
    }
    if role in ("generation", "tool"):
        body["end_time"] = event.at
    if event.attached:
        if role in ("generation", "tool"):
            # Merged into the span: its name, times and structure stay the span's.
            body = {"trace_id": event.trace_id, "metadata": {event.name: attributes}}
        else:
            body["parent_observation_id"] = record.span_id
    observation_type = {"generation": "GENERATION", "tool": "TOOL"}.get(role, "EVENT")
    if role == "generation":
        _model_call(event, body)
    elif role == "tool":
        _tool(event, body)
    elif role == "error" or attributes.get("error.message"):
        # An agent's error event, or any event that says it failed (Codex's failed
        # ``codex.api_request`` and ``codex.sse_event`` carry ``error.message``).
        body["level"] = "ERROR"
        error = agents.first(attributes, ("error", "error.message", "error_type"))
        body["status_message"] = None if error is None else str(error)
    elif role == "prompt":
        text = attributes.get("prompt")
        if isinstance(text, str) and text not in _REDACTED and not event.attached:
            body["input"] = text
    writes: list[Write] = [
        observation_write(
            parse(ObservationBody, {k: v for k, v in body.items() if v is not None}),
            project_id=project_id,
            observation_id=observation_id,
            event_at=event.at,
            type=observation_type,
            is_update=event.attached and role in ("generation", "tool"),
        )
    ]
    if not event.attached:
        writes.append(_trace(event, role, project_id))
    records = _records(event, role, observation_id, project_id)
    if records:
        writes += with_shells(records) if event.attached else records
    return writes


def _model_call(event: _Event, body: dict[str, Any]) -> None:
    attributes = event.attributes
    model = attributes.get("model")
    if isinstance(model, str) and model:
        body["model"] = model
    usage = agents.usage_of(event.agent, attributes)
    if usage:
        body["usage_details"] = usage
    cost = number(attributes.get(event.agent.cost_key or ""))
    if cost is not None and cost >= 0:
        body["cost_details"] = {"total": cost}
    status = attributes.get("status_code") or attributes.get("http.response.status_code")
    if attributes.get("error.message") or (number(status) or 0) >= 400:
        body["level"] = "ERROR"


def _tool_name(event: _Event) -> str | None:
    name = agents.first(event.attributes, event.agent.tool_name_keys)
    return None if name is None else str(name)


def _tool_input(event: _Event) -> dict[str, Any]:
    """The tool's arguments: every JSON object among the agent's argument attributes
    (Claude Code sends ``tool_parameters`` and, in newer versions, ``tool_input``), the
    first named winning a key."""
    merged: dict[str, Any] = {}
    for key in reversed(event.agent.tool_input_keys):
        value = agents.structured(event.attributes.get(key))
        if isinstance(value, dict):
            merged.update(value)
    return merged


def _tool(event: _Event, body: dict[str, Any]) -> None:
    attributes = event.attributes
    name = _tool_name(event)
    if name and not event.attached:
        body["name"] = name
    given = _tool_input(event)
    if given and not event.attached:
        body["input"] = given
    output = attributes.get("output")
    if output is not None and not event.attached:
        body["output"] = output
    success = agents.flag(attributes.get("success"))
    if success is False:
        body["level"] = "ERROR"
        error = agents.first(attributes, ("error", "error_type", "error.message"))
        body["status_message"] = None if error is None else str(error)


def _trace(event: _Event, role: str, project_id: str) -> Write:
    agent = event.agent
    prompt = event.attributes.get(agent.prompt_key or "")
    looked_up = {**event.record.resource, **event.attributes}
    user = agents.first(looked_up, agent.user_keys)
    turn = agent.name == "codex" and role == "prompt"
    name = CODEX_TURN if turn else _TRACE_NAMES.get(agent.name) if prompt else None
    body: dict[str, Any] = {
        "timestamp": event.at,
        "session_id": event.session,
        "user_id": None if user is None else str(user),
        "metadata": {"agent": agent.name, **({"promptId": str(prompt)} if prompt else {})},
    }
    if name is not None:
        body["name"] = name
    text = event.attributes.get("prompt")
    if role == "prompt" and isinstance(text, str) and text not in _REDACTED:
        body["input"] = text
    fill: tuple[str, ...] = ()
    if name is None:
        body["name"] = _SESSION_NAMES.get(agent.name, "OTLP logs")
        fill = ("name",)
    return trace_write(
        parse(TraceBody, {k: v for k, v in body.items() if v is not None}),
        project_id=project_id,
        trace_id=event.trace_id,
        event_at=event.at,
        fill=fill,
    )


def _records(event: _Event, role: str, observation_id: str, project_id: str) -> list[RecordWrite]:
    if role != "tool":
        return []
    attributes = event.attributes
    tool = _tool_name(event) or ""
    given = _tool_input(event)
    looked = {**given, **attributes}
    duration = agents.count(attributes.get("duration_ms"))
    success = agents.flag(attributes.get("success"))
    common: dict[str, Any] = {
        "traceId": event.trace_id,
        "observationId": observation_id,
        "toolName": tool,
        "completedAt": event.at,
        "durationMs": duration,
    }
    records: list[RecordWrite] = []
    command = _command(looked) if tool in _SHELL_TOOLS else None
    if command:
        error = agents.first(attributes, ("error", "error_type"))
        records.append(
            terminal_command_write(
                {**common, "id": f"{observation_id}-command", "command": command,
                 "success": success, "stderr": None if error is None else str(error),
                 "workingDirectory": looked.get("workdir") or looked.get("cwd")},
                project_id=project_id, event_at=event.at,
            )
        )  # fmt: skip
    path = agents.first(looked, _FILE_KEYS) if tool in _FILE_TOOLS else None
    if isinstance(path, str) and path:
        records.append(
            file_operation_write(
                {**common, "id": f"{observation_id}-file", "operation": _FILE_TOOLS[tool],
                 "filePath": path, "success": success},
                project_id=project_id, event_at=event.at,
            )
        )  # fmt: skip
    commit = agents.first(looked, ("git_commit_id", "git_commit_sha", "commit_sha"))
    if isinstance(commit, str) and commit:
        records.append(
            git_link_write(
                {"traceId": event.trace_id, "observationId": observation_id,
                 "id": f"{observation_id}-commit", "commitSha": commit, "linkType": "commit",
                 "commitTimestamp": event.at},
                project_id=project_id, event_at=event.at,
            )
        )  # fmt: skip
    return records


def _command(values: Mapping[str, Any]) -> str | None:
    """Claude Code's ``full_command`` (or ``bash_command``), Codex's argv, Gemini's text."""
    for key in ("full_command", "bash_command", "command", "cmd"):
        value = values.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return _argv(value)
    return None


def _argv(parts: Iterable[str]) -> str:
    """``["bash", "-lc", "ls"]`` as the command it runs: the script after ``-c``/``-lc``."""
    items = list(parts)
    if len(items) >= 3 and items[1] in ("-c", "-lc") and items[0].endswith("sh"):
        return items[2]
    return " ".join(items)
