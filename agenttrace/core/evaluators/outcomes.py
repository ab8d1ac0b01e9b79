"""What became of each subject an evaluator checked (a trace, an observation, a dataset run
item), and the ids that tie a subject to its job and score.

- Ingestion queues a job for every match (``queueing.py``): while it waits, the job *is*
  the subject's outcome (``queued``).
- A subject checked and not queued is counted (``evaluator_check_count``: filtered out,
  sampled out), one counter per evaluator and outcome added to once per batch, so matching
  writes a few rows per batch, not one per trace. Why a given trace was filtered or sampled
  out is derived when it is read (``explain.py``), from the same rules.
- A job writes its subject's final outcome (``evaluation_outcome``: scored, failed,
  mapping missing, skipped, with the reason) in the transaction that ends it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators.tables import CHECKS, OUTCOME
from agenttrace.core.time import utcnow
from agenttrace.db import bulk, sql

COUNTED = ("filtered_out", "sampled_out")
FINAL = ("scored", "failed", "mapping_missing", "skipped")
OUTCOMES = ("queued", *COUNTED, *FINAL)


_ADD = (("count", "evaluator_check_count.count + excluded.count"),)


def trace_subject(trace_id: str) -> str:
    return f"trace:{trace_id}"


def observation_subject(observation_id: str) -> str:
    return f"observation:{observation_id}"


def run_item_subject(run_item_id: str) -> str:
    return f"run_item:{run_item_id}"


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def automatic_job_id(evaluator_id: str, subject: str) -> str:
    """The one automatic job of an evaluator on a subject: queued again while pending, it
    starts later rather than twice (``core/jobs/queue.enqueue``)."""
    return f"auto-{_digest(evaluator_id, subject)}"


def score_id_of(job_id: str) -> str:
    """A job's score: every attempt writes the same one, so a retry never adds a second."""
    return f"eval-{_digest('score', job_id)}"


async def count_checks(session: AsyncSession, counts: Counter[tuple[str, str, str]]) -> None:
    """Add ``counts`` ((project, evaluator, outcome) → subjects) to the counters."""
    if not counts:
        return
    rows = [
        {"project_id": p, "evaluator_id": e, "outcome": o, "count": n}
        for (p, e, o), n in sorted(counts.items())
    ]
    await bulk.upsert(session, CHECKS, rows, assign=_ADD)


async def record(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Upsert final outcomes (each: project_id, evaluator_id, subject, trace_id,
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
    )
    await session.execute(statement, values)
