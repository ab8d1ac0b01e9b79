"""What a coding agent's session did, summed over the agent records of its traces: files
touched, file operations, commands run and failed, commits, checkpoints and CI runs.
One grouped statement per record table for any number of sessions (the session page and
GraphQL's ``Session.agent`` loader)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, case, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.tables import (
    CHECKPOINT,
    CI_RUN_TRACE,
    FILE_OPERATION,
    GIT_LINK,
    TERMINAL_COMMAND,
)
from agenttrace.core.tracing.tables import TRACE

EMPTY = {
    "files_touched": 0, "file_operations": 0, "commands": 0, "failed_commands": 0,
    "commits": 0, "checkpoints": 0, "ci_runs": 0,
}  # fmt: skip


def _of_sessions(table: Table, project_id: str, session_ids: Sequence[str]) -> Any:
    """``table`` joined to the traces of these sessions."""
    return table.join(
        TRACE, (TRACE.c.project_id == table.c.project_id) & (TRACE.c.id == table.c.trace_id)
    ), (TRACE.c.project_id == project_id, TRACE.c.session_id.in_(list(session_ids)))


async def agent_totals(
    *, session: AsyncSession, project_id: str, session_ids: Sequence[str]
) -> dict[str, dict[str, int]]:
    found = {session_id: dict(EMPTY) for session_id in session_ids}
    if not session_ids:
        return found
    sid = TRACE.c.session_id

    async def grouped(table: Table, *columns: Any) -> list[Any]:
        joined, conditions = _of_sessions(table, project_id, session_ids)
        result = await session.execute(
            select(sid, *columns).select_from(joined).where(*conditions).group_by(sid)
        )
        return list(result.all())

    for session_id, operations, files in await grouped(
        FILE_OPERATION, func.count(), func.count(func.distinct(FILE_OPERATION.c.file_path))
    ):
        found[session_id].update(file_operations=int(operations), files_touched=int(files))
    for session_id, commands, failed in await grouped(
        TERMINAL_COMMAND,
        func.count(),
        func.sum(case((TERMINAL_COMMAND.c.success.is_(False), 1), else_=0)),
    ):
        found[session_id].update(commands=int(commands), failed_commands=int(failed or 0))
    for session_id, count in await grouped(CHECKPOINT, func.count()):
        found[session_id]["checkpoints"] = int(count)
    for session_id, count in await grouped(
        CI_RUN_TRACE, func.count(func.distinct(CI_RUN_TRACE.c.ci_run_id))
    ):
        found[session_id]["ci_runs"] = int(count)
    joined, conditions = _of_sessions(GIT_LINK, project_id, session_ids)
    shas = union(
        select(sid.label("sid"), GIT_LINK.c.commit_sha.label("sha"))
        .select_from(joined)
        .where(*conditions),
        select(sid.label("sid"), TRACE.c.git_commit_sha.label("sha")).where(
            *conditions, TRACE.c.git_commit_sha.is_not(None)
        ),
    ).subquery()
    commits = await session.execute(select(shas.c.sid, func.count()).group_by(shas.c.sid))
    for session_id, count in commits.all():
        found[session_id]["commits"] = int(count)
    return found
