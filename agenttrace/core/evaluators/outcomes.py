"""The explanation every evaluator leaves on every subject it checked, one row per
(evaluator, subject), and the job each queued one is.

Ingest writes the provisional outcomes (queued, filtered out, sampled out) and a job
writes the final ones (scored, failed, mapping missing, skipped); a provisional outcome
never overwrites a final one, so a trace written again after it was scored still says
scored.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, literal_column
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators.tables import OUTCOME
from agenttrace.core.time import utcnow
from agenttrace.db import sql

PROVISIONAL = ("queued", "filtered_out", "sampled_out")
FINAL = ("scored", "failed", "mapping_missing", "skipped")
OUTCOMES = (*PROVISIONAL, *FINAL)
_PROVISIONAL_SQL: list[ColumnElement[str]] = [literal_column(f"'{outcome}'") for outcome in PROVISIONAL]
_NAMESPACE = uuid.UUID("6f1d3f9e-2b7c-4c55-9d0e-0a6c7e3b9a11")


def trace_subject(trace_id: str) -> str:
    return f"trace:{trace_id}"


def observation_subject(observation_id: str) -> str:
    return f"observation:{observation_id}"


def run_item_subject(run_item_id: str) -> str:
    return f"run_item:{run_item_id}"


def automatic_job_id(project_id: str, evaluator_id: str, subject: str) -> str:
    """The one automatic job of an evaluator on a subject (stable, so its outcome row can
    name it before the queue says whether it was new)."""
    return str(uuid.uuid5(_NAMESPACE, f"{project_id}\x1f{evaluator_id}\x1f{subject}"))


def score_id_of(job_id: str) -> str:
    """A job's score: every attempt writes the same one, so a retry never adds a second."""
    return str(uuid.uuid5(_NAMESPACE, f"score\x1f{job_id}"))


async def record(session: AsyncSession, rows: Sequence[dict[str, Any]], *, final: bool) -> None:
    """Upsert outcome rows (each: project_id, evaluator_id, subject, trace_id,
    observation_id, outcome, reason, job_id, and for a score score_id and score_value)."""
    if not rows:
        return
    now = utcnow()
    values = list(
        {(r["project_id"], r["evaluator_id"], r["subject"]): {
            "trace_id": None, "observation_id": None, "reason": None, "job_id": None,
            "score_id": None, "score_value": None, **r, "updated_at": now,
        } for r in rows}.values()
    )  # fmt: skip
    insert = postgresql_insert if sql.dialect_of(session) == "postgresql" else sqlite_insert
    statement = insert(OUTCOME)
    changed = ("outcome", "reason", "job_id", "score_id", "score_value", "updated_at")
    statement = statement.on_conflict_do_update(
        index_elements=["project_id", "evaluator_id", "subject"],
        set_={name: statement.excluded[name] for name in changed},
        # Inline constants: an expanding IN cannot run as one executemany.
        where=None if final else OUTCOME.c.outcome.in_(_PROVISIONAL_SQL),
    )
    await session.execute(statement, values)
