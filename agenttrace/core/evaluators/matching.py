"""Which enabled evaluators a committed trace or observation calls for, decided in memory.

``EvaluatorCache`` holds, per project, the evaluators that are enabled and active, as
``Matcher`` objects (filters parsed once). A change through this process forgets the
project when it commits; a change through another process (a second server, a worker
that paused an evaluator) is seen within ``AGENTTRACE_EVALUATOR_CACHE_SECONDS``, when the
entry is read again. So matching costs ingestion one indexed read per project per TTL,
and a few dict lookups per row.

Sampling is a hash of (evaluator, subject), not a random draw: a trace that is written
ten times is sampled in or out once, the same way every time.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators.tables import EVALUATOR
from agenttrace.db.types import Row


@dataclass(frozen=True)
class Matcher:
    id: str
    target: str
    sampling: float
    filter: dict[str, Any]

    def check(self, row: Row, subject: str) -> tuple[str, str | None]:
        """(outcome, reason): ``queued``, or ``filtered_out`` / ``sampled_out`` and why."""
        why = self._filtered(row)
        if why is not None:
            return "filtered_out", why
        if not sampled_in(self.id, subject, self.sampling):
            return "sampled_out", f"not in the {self.sampling:g} sample"
        return "queued", None

    def _filtered(self, row: Row) -> str | None:
        f = self.filter
        checks = (
            ("traceNames", "name", "trace name") if self.target == "trace" else
            ("observationNames", "name", "observation name"),
            ("observationTypes", "type", "observation type"),
            ("models", "model", "model"),
            ("environments", "environment", "environment"),
        )  # fmt: skip
        for key, column, label in checks:
            wanted = f.get(key)
            if wanted and row.get(column) not in wanted:
                return f"{label} {row.get(column)!r} is not one of {wanted}"
        tags = f.get("tags")
        if tags and not set(tags) <= set(row.get("tags") or ()):
            return f"tags {row.get('tags') or []} lack one of {tags}"
        for key, value in (f.get("metadata") or {}).items():
            found = (row.get("metadata") or {}).get(key)
            if found != value and str(found) != str(value):
                return f"metadata.{key} is {found!r}, not {value!r}"
        return None


def sampled_in(evaluator_id: str, subject: str, rate: float) -> bool:
    if rate >= 1:
        return True
    if rate <= 0:
        return False
    digest = hashlib.blake2b(f"{evaluator_id}\x1f{subject}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < rate


class EvaluatorCache:
    def __init__(self, ttl_seconds: float) -> None:
        self.ttl = ttl_seconds
        self._entries: dict[str, tuple[float, list[Matcher]]] = {}

    async def matchers(self, session: AsyncSession, project_id: str) -> list[Matcher]:
        entry = self._entries.get(project_id)
        now = time.monotonic()
        if entry is not None and now - entry[0] < self.ttl:
            return entry[1]
        statement = select(
            EVALUATOR.c.id, EVALUATOR.c.target, EVALUATOR.c.sampling, EVALUATOR.c.filter
        ).where(
            EVALUATOR.c.project_id == project_id,
            EVALUATOR.c.enabled.is_(True),
            EVALUATOR.c.status == "active",
            EVALUATOR.c.target.in_(("trace", "observation")),
        )
        found = [
            Matcher(row.id, row.target, float(row.sampling), row.filter or {})
            for row in await session.execute(statement)
        ]
        self._entries[project_id] = (now, found)
        return found

    def forget(self, project_id: str) -> None:
        self._entries.pop(project_id, None)

    def forget_on_commit(self, session: AsyncSession, project_ids: Iterable[str]) -> None:
        """Forget when ``session`` commits (and at once, so this transaction's own hook
        cannot cache what it is replacing)."""
        wanted = list(project_ids)
        for project_id in wanted:
            self.forget(project_id)

        def committed(_session: Any) -> None:
            for project_id in wanted:
                self.forget(project_id)

        event.listen(session.sync_session, "after_commit", committed, once=True)
