"""The prompt cache on both databases: an entry is forgotten when a write commits (not
before, and not when it rolls back), and entries expire after the cross-process bound."""

from __future__ import annotations

import asyncio

import pytest

from agenttrace.core.prompts.cache import PromptCache
from agenttrace.db import Database

KEY = ("project", "name", None, None)


class Loads:
    def __init__(self) -> None:
        self.count = 0

    async def __call__(self) -> dict[str, int]:
        self.count += 1
        return {"version": self.count}


async def test_an_entry_is_served_until_a_write_commits(database: Database) -> None:
    cache, load = PromptCache(60), Loads()
    assert await cache.get(KEY, load) == {"version": 1}
    async with database.write() as session:
        cache.forget_on_commit(session, "project", "name")
        assert await cache.get(KEY, load) == {"version": 1}  # not committed yet
    assert await cache.get(KEY, load) == {"version": 2}
    assert await cache.get(("project", "other", None, None), load) == {"version": 3}


async def test_a_rolled_back_write_forgets_nothing(database: Database) -> None:
    cache, load = PromptCache(60), Loads()
    await cache.get(KEY, load)

    async def failing_write() -> None:
        async with database.write() as session:
            cache.forget_on_commit(session, "project", "name")
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        await failing_write()
    assert await cache.get(KEY, load) == {"version": 1}


async def test_entries_expire_after_the_bound_and_zero_switches_the_cache_off() -> None:
    cache, load = PromptCache(0.05), Loads()
    await cache.get(KEY, load)
    assert await cache.get(KEY, load) == {"version": 1}
    await asyncio.sleep(0.06)  # what another process wrote is seen within the bound
    assert await cache.get(KEY, load) == {"version": 2}
    off, uncached = PromptCache(0), Loads()
    await off.get(KEY, uncached)
    assert await off.get(KEY, uncached) == {"version": 2}
