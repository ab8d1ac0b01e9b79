"""How many agent records each trace has, by kind: what tells the explorer a trace is a
coding-agent run (and so links its replay) without reading the records themselves. One
statement (a grouped count per record table, joined by ``UNION ALL``) for any number of
traces (``Trace.agentRecords``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, func, literal, select, union_all
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
    counts = union_all(
        *(
            select(literal(name).label("kind"), table.c.trace_id, func.count().label("n"))
            .where(table.c.project_id == project_id, table.c.trace_id.in_(list(trace_ids)))
            .group_by(table.c.trace_id)
            for name, table in TABLES.items()
        )
    )
    for kind, trace_id, count in (await session.execute(counts)).all():
        found[trace_id][kind] = int(count)
    return found
