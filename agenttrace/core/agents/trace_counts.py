"""How many agent records each trace has, by kind: what tells the explorer a trace is a
coding-agent run (and so links its replay) without reading the records themselves. One
grouped statement per record table for any number of traces (``Trace.agentRecords``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.tables import (
    CHECKPOINT,
    CI_RUN_TRACE,
    FILE_OPERATION,
    GIT_LINK,
    TERMINAL_COMMAND,
)

TABLES: dict[str, Table] = {
    "checkpoints": CHECKPOINT,
    "file_operations": FILE_OPERATION,
    "terminal_commands": TERMINAL_COMMAND,
    "git_links": GIT_LINK,
    "ci_runs": CI_RUN_TRACE,
}
EMPTY = dict.fromkeys(TABLES, 0)


async def record_counts(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Trace id → kind → count; every asked trace is in the answer (zeros when none)."""
    found = {trace_id: dict(EMPTY) for trace_id in trace_ids}
    if not trace_ids:
        return found
    for name, table in TABLES.items():
        result = await session.execute(
            select(table.c.trace_id, func.count())
            .where(table.c.project_id == project_id, table.c.trace_id.in_(list(trace_ids)))
            .group_by(table.c.trace_id)
        )
        for trace_id, count in result.all():
            found[trace_id][name] = int(count)
    return found
