"""File operations of an agent: what it did to which file, with secrets redacted from the
diff preview and error before anything is stored."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.bodies import FileOperationBody
from agenttrace.core.agents.listing import Filterable, RecordKind
from agenttrace.core.agents.records import at, record_id, record_write, span
from agenttrace.core.agents.redaction import Redactor
from agenttrace.core.agents.tables import FILE_OPERATION
from agenttrace.core.agents.vocabulary import FILE_OPERATIONS
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.bodies import parse
from agenttrace.core.tracing.ingest.records import RecordWrite
from agenttrace.core.views import View, column

STORE = "file_operation"

VIEW = View(
    "file_operation",
    (
        *(column(name) for name in ("id", "project_id", "trace_id", "observation_id")),
        *(column(name) for name in ("operation", "file_path", "new_path", "file_size")),
        *(column(name) for name in ("file_mode", "content_hash", "mime_type")),
        *(column(name) for name in ("lines_added", "lines_removed", "diff_preview")),
        *(column(name) for name in ("content_before_hash", "content_after_hash")),
        *(column(name) for name in ("tool_name", "reason")),
        column("started_at", kind="time"),
        column("completed_at", kind="time"),
        *(column(name) for name in ("duration_ms", "success", "error_message", "redactions")),
        column("created_at", kind="time"),
    ),
)

KIND = RecordKind(
    resource="file operation",
    table=FILE_OPERATION,
    view=VIEW,
    time_column="started_at",
    filters={
        "traceId": Filterable("trace_id"),
        "observationId": Filterable("observation_id"),
        "operation": Filterable("operation", vocabulary=FILE_OPERATIONS),
        "filePath": Filterable("file_path"),
        "toolName": Filterable("tool_name"),
        "success": Filterable("success", "bool"),
    },
)


def file_operation_write(
    body: Mapping[str, Any],
    *,
    project_id: str,
    event_at: datetime | None = None,
    field_prefix: str = "",
) -> RecordWrite:
    """The write of one file operation (``/v1``, ingestion, telemetry mappers), redacted."""
    parsed = parse(FileOperationBody, body, prefix=field_prefix)
    operation = FILE_OPERATIONS.canonical(parsed.operation, field=at(field_prefix, "operation"))
    now = event_at or utcnow()
    started, completed, duration = span(
        parsed.started_at, parsed.completed_at, parsed.duration_ms, now
    )
    redactor = Redactor()
    values = {
        **parsed.model_dump(
            exclude={"id", "create_trace", "operation", "started_at", "completed_at"}
        ),
        "project_id": project_id,
        "id": record_id(parsed.id, event_at=event_at, body=body),
        "operation": operation,
        "lines_added": parsed.lines_added or 0,
        "lines_removed": parsed.lines_removed or 0,
        "diff_preview": redactor.text(parsed.diff_preview),
        "error_message": redactor.text(parsed.error_message),
        "reason": redactor.text(parsed.reason),
        "success": parsed.success if parsed.success is not None else parsed.error_message is None,
        "started_at": started,
        "completed_at": completed,
        "duration_ms": duration,
        "created_at": now,
    }
    values["redactions"] = redactor.count
    return record_write(
        store=STORE, table=FILE_OPERATION, values=values, trace_id=parsed.trace_id, event_at=now
    )


async def stats(
    *, session: AsyncSession, project_id: str, filter: Mapping[str, Any]
) -> dict[str, Any]:
    table = FILE_OPERATION
    result = await session.execute(
        select(
            table.c.operation,
            func.count(),
            func.sum(case((table.c.success.is_(True), 1), else_=0)),
            func.sum(table.c.lines_added),
            func.sum(table.c.lines_removed),
        )
        .where(*KIND.conditions(project_id, filter))
        .group_by(table.c.operation)
    )
    by_operation = {name: 0 for name in FILE_OPERATIONS.values}
    total = succeeded = added = removed = 0
    for operation, count, successes, lines_added, lines_removed in result.all():
        by_operation[operation] = int(count)
        total += int(count)
        succeeded += int(successes or 0)
        added += int(lines_added or 0)
        removed += int(lines_removed or 0)
    files = await session.execute(
        select(func.count(func.distinct(table.c.file_path))).where(
            *KIND.conditions(project_id, filter)
        )
    )
    return {
        "total_operations": total,
        **{f"{name}_count": count for name, count in by_operation.items()},
        "success_count": succeeded,
        "failure_count": total - succeeded,
        "total_lines_added": added,
        "total_lines_removed": removed,
        "files_touched": int(files.scalar_one()),
    }
