"""The Codex turns already stored: a Codex event names its conversation but not its turn,
so the log mapper (``logs_mapping.py``) files it under the latest turn that started at or
before it, and that turn may have arrived in an earlier export."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from agenttrace.core.telemetry.logs_mapping import CODEX_TURN, TurnLookup
from agenttrace.core.tracing.tables import TRACE
from agenttrace.db.engine import Database

# Conversations read in one statement.
CONVERSATIONS_PER_READ = 500


def stored_turns(database: Database) -> TurnLookup:
    async def lookup(
        project_id: str, conversations: list[str]
    ) -> dict[str, list[tuple[datetime, str]]]:
        found: dict[str, list[tuple[datetime, str]]] = {}
        async with database.read() as session:
            for start in range(0, len(conversations), CONVERSATIONS_PER_READ):
                result = await session.execute(
                    select(TRACE.c.session_id, TRACE.c.timestamp, TRACE.c.id).where(
                        TRACE.c.project_id == project_id,
                        TRACE.c.session_id.in_(
                            conversations[start : start + CONVERSATIONS_PER_READ]
                        ),
                        TRACE.c.name == CODEX_TURN,
                    )
                )
                for conversation, moment, trace_id in result.all():
                    found.setdefault(conversation, []).append((moment, trace_id))
        return found

    return lookup
