"""What a kind of job is: its name and how one runs; what running it may answer.

``run`` does the slow part (an LLM call) outside any transaction and answers a ``Done``;
its ``finish`` writes the job's own rows (a score) in the same transaction that marks the
job completed, so a job's effects land exactly when it completes. A kind says a failure is
final by raising ``Fail``, a job with nothing to do by raising ``Skip``; any other
exception is retried, with backoff, until the attempts run out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.pricing.costs import PriceBook
from agenttrace.db.engine import Database
from agenttrace.db.types import Row
from agenttrace.settings import Settings

Finish = Callable[[AsyncSession], Awaitable[None]]


@dataclass(frozen=True)
class JobContext:
    """The services a job may use: every process that runs jobs builds one."""

    database: Database
    settings: Settings
    prices: PriceBook
    worker_id: str


@dataclass
class Done:
    result: Any = None
    usage: dict[str, Any] | None = None
    cost: float | None = None
    finish: Finish | None = None


class Fail(Exception):
    """A failure no retry can mend (a malformed request, a paused evaluator)."""

    def __init__(self, message: str, *, usage: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.usage = usage


class Retry(Exception):
    """A failure worth another attempt (a 429, a timeout), with backoff."""


class Skip(Exception):
    """Nothing to do (the trace was deleted, a mapped value is missing): a final status
    with its reason, not a failure."""

    def __init__(self, reason: str, *, finish: Finish | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.finish = finish


class JobKind:
    """A kind of job. Subclasses set ``name`` and implement ``run``; ``failed`` records
    a final failure in the kind's own rows (in the transaction that marks it)."""

    name: ClassVar[str] = ""

    async def run(self, *, context: JobContext, job: Row) -> Done:
        raise NotImplementedError

    async def failed(self, *, session: AsyncSession, job: Row, error: str) -> None:
        """Called once, when the job's last attempt failed."""
