"""The in-process cache of resolved prompts: prompt reads sit on the hot path of users'
apps (every request of theirs may fetch one), and a prompt changes rarely.

Exact within one server process: every prompt write of this process forgets the prompt's
entries once its transaction commits (a read that raced the write stored its answer
under the generation it started with, which the commit has ended). Writes by *other*
processes are not seen, so entries also expire after ``ttl_seconds`` (5 s unless
``AGENTTRACE_PROMPT_CACHE_SECONDS`` says otherwise; 0 switches the cache off): behind a
balancer, a moved label reaches every process within that bound.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.db.types import Row

# Distinct (prompt, version or label) pairs remembered; an app fetches a handful.
MAX_ENTRIES = 4096
DEFAULT_TTL_SECONDS = 5.0

Key = tuple[str, str, int | None, str | None]  # project, name, version, label


class PromptCache:
    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self.ttl_seconds = ttl_seconds
        self._generations: dict[tuple[str, str], int] = {}
        self._entries: dict[Key, tuple[int, float, Row]] = {}

    async def get(self, key: Key, load: Callable[[], Awaitable[Row]]) -> Row:
        prompt = key[:2]
        generation, now = self._generations.get(prompt, 0), time.monotonic()
        cached = self._entries.get(key)
        if cached is not None and cached[0] == generation and now - cached[1] < self.ttl_seconds:
            return cached[2]
        row = await load()
        if self.ttl_seconds > 0:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (generation, now, row)
        return row

    def forget(self, project_id: str, name: str) -> None:
        key = (project_id, name)
        self._generations[key] = self._generations.get(key, 0) + 1

    def forget_on_commit(self, session: AsyncSession, project_id: str, name: str) -> None:
        """Forget the prompt when ``session`` commits (a rolled-back write changed nothing)."""

        def committed(_session: Any) -> None:
            self.forget(project_id, name)

        event.listen(session.sync_session, "after_commit", committed, once=True)
