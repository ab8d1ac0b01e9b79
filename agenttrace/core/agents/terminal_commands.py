"""Terminal commands an agent ran, with secrets redacted from the command, its arguments,
environment, output and errors before anything is stored."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.bodies import TerminalCommandBody
from agenttrace.core.agents.listing import Filterable, RecordKind
from agenttrace.core.agents.records import record_id, record_write, span
from agenttrace.core.agents.redaction import Redactor
from agenttrace.core.agents.tables import TERMINAL_COMMAND
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.bodies import parse
from agenttrace.core.tracing.ingest.records import RecordWrite
from agenttrace.core.views import View, column

STORE = "terminal_command"

VIEW = View(
    "terminal_command",
    (
        *(column(name) for name in ("id", "project_id", "trace_id", "observation_id")),
        *(column(name) for name in ("command", "args", "working_directory", "shell")),
        column("env_vars"),
        column("started_at", kind="time"),
        column("completed_at", kind="time"),
        *(column(name) for name in ("duration_ms", "exit_code", "stdout", "stderr")),
        *(column(name) for name in ("stdout_truncated", "stderr_truncated", "success")),
        *(column(name) for name in ("timed_out", "killed", "max_memory_bytes", "cpu_time_ms")),
        *(column(name) for name in ("tool_name", "reason", "redactions")),
        column("created_at", kind="time"),
    ),
)

KIND = RecordKind(
    resource="terminal command",
    table=TERMINAL_COMMAND,
    view=VIEW,
    time_column="started_at",
    filters={
        "traceId": Filterable("trace_id"),
        "observationId": Filterable("observation_id"),
        "command": Filterable("command"),
        "toolName": Filterable("tool_name"),
        "exitCode": Filterable("exit_code", "int"),
        "success": Filterable("success", "bool"),
    },
)


def _success(parsed: TerminalCommandBody, exit_code: int) -> bool:
    if parsed.success is not None:
        return parsed.success
    if parsed.status is not None:
        return parsed.status.lower() != "failed"
    return exit_code == 0 and not parsed.timed_out and not parsed.killed


def terminal_command_write(
    body: Mapping[str, Any],
    *,
    project_id: str,
    event_at: datetime | None = None,
    field_prefix: str = "",
) -> RecordWrite:
    """The write of one terminal command (``/v1``, ingestion, telemetry mappers), redacted."""
    parsed = parse(TerminalCommandBody, body, prefix=field_prefix)
    now = event_at or utcnow()
    started, completed, duration = span(
        parsed.started_at, parsed.completed_at, parsed.duration_ms, now
    )
    exit_code = parsed.exit_code if parsed.exit_code is not None else 0
    redactor = Redactor()
    values = {
        **parsed.model_dump(exclude={"id", "create_trace", "status"}),
        "project_id": project_id,
        "id": record_id(parsed.id, event_at=event_at, body=body),
        "command": redactor.text(parsed.command),
        "args": redactor.texts(parsed.args or []),
        "working_directory": redactor.text(parsed.working_directory),
        "env_vars": redactor.env(parsed.env_vars or {}),
        "stdout": redactor.text(parsed.stdout),
        "stderr": redactor.text(parsed.stderr),
        "reason": redactor.text(parsed.reason),
        "exit_code": exit_code,
        "success": _success(parsed, exit_code),
        **{
            flag: bool(getattr(parsed, flag))
            for flag in ("stdout_truncated", "stderr_truncated", "timed_out", "killed")
        },
        "started_at": started,
        "completed_at": completed,
        "duration_ms": duration,
        "created_at": now,
    }
    values["redactions"] = redactor.count
    return record_write(
        store=STORE, table=TERMINAL_COMMAND, values=values, trace_id=parsed.trace_id, event_at=now
    )


async def stats(
    *, session: AsyncSession, project_id: str, filter: Mapping[str, Any]
) -> dict[str, Any]:
    table = TERMINAL_COMMAND
    result = await session.execute(
        select(
            func.count(),
            func.sum(case((table.c.success.is_(True), 1), else_=0)),
            func.sum(case((table.c.timed_out.is_(True), 1), else_=0)),
            func.sum(table.c.duration_ms),
            func.sum(table.c.redactions),
        ).where(*KIND.conditions(project_id, filter))
    )
    total, succeeded, timed_out, duration, redactions = result.one()
    total = int(total)
    return {
        "total_commands": total,
        "success_count": int(succeeded or 0),
        "failure_count": total - int(succeeded or 0),
        "timeout_count": int(timed_out or 0),
        "total_duration_ms": int(duration or 0),
        "avg_duration_ms": (int(duration or 0) / total) if total else None,
        "redactions": int(redactions or 0),
    }
