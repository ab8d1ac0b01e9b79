"""What every loader shares: one short read session per batch, answers in key order with a
default for keys that found nothing, and a batch size under the bind-parameter limits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping
from typing import TypeVar

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.pages import Page
from agenttrace.db.engine import Database

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
A = TypeVar("A", bound=Hashable)

# Keys per statement. SQLite binds at most 32,766 parameters and asyncpg 32,767; a key of
# two ids binds two, so 1,000 keys stay far below both.
MAX_BATCH_SIZE = 1000
# What a paged relation answers for a parent without rows.
EMPTY_PAGE = Page(rows=[], has_more=False, next_cursor=None)


def loader(
    database: Database,
    fetch: Callable[[AsyncSession, list[K]], Awaitable[Mapping[K, R]]],
    missing: R,
) -> DataLoader[K, R]:
    """A loader whose batch is one ``fetch`` (a core function) in a read session of its own:
    GraphQL resolves siblings concurrently, and one session must never serve two tasks."""

    async def load(keys: list[K]) -> list[R]:
        async with database.read() as session:
            found = await fetch(session, keys)
        return [found.get(key, missing) for key in keys]

    return DataLoader(load, max_batch_size=MAX_BATCH_SIZE)


def by_arguments(keys: Iterable[tuple[K, A]]) -> dict[A, list[K]]:
    """Keys of (parent, field arguments), grouped by arguments: one statement per group.
    A field of a list has the same arguments for every item, so a tick has one group."""
    groups: dict[A, list[K]] = defaultdict(list)
    for parent, arguments in keys:
        groups[arguments].append(parent)
    return groups
