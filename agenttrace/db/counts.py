"""Counts of filtered lists, remembered until the next write.

A list's ``totalCount`` is a ``COUNT(*)`` over the same conditions as its page; for a filter
matching most of a million traces that is a scan of hundreds of thousands of rows, while
the page itself is an index range of fifty. A client paging through a list, or refreshing
it, asks for the same count again and again: this cache answers those from memory.

It stays exact within one server process: every committed write session of this process
(ingestion, updates, deletions) starts a new generation, and a count from an older
generation is never served. Writes by *other* processes on the same database are not seen,
so entries also expire after ``COUNT_TTL_SECONDS``: behind a balancer, a count may lag
another process's writes by that long.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

# How long a count may be served without any write in this process; bounds the lag behind
# writes made by other server processes.
COUNT_TTL_SECONDS = 10.0
# Distinct (query, parameters) pairs remembered; a few hundred active filters is typical.
COUNT_CACHE_MAX_ENTRIES = 4096


def freeze(value: Any) -> Hashable:
    """Query parameters as a hashable key (list parameters become tuples)."""
    if isinstance(value, dict):
        return tuple(sorted((key, freeze(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value  # type: ignore[no-any-return]


class CountCache:
    def __init__(self) -> None:
        self._generation = 0
        self._entries: dict[Hashable, tuple[int, float, int]] = {}

    def written(self) -> None:
        """A write committed: every count remembered so far may be wrong now."""
        self._generation += 1

    async def count(self, key: Hashable, compute: Callable[[], Awaitable[int]]) -> int:
        generation, now = self._generation, time.monotonic()
        cached = self._entries.get(key)
        if cached is not None and cached[0] == generation and now - cached[1] < COUNT_TTL_SECONDS:
            return cached[2]
        value = await compute()
        if len(self._entries) >= COUNT_CACHE_MAX_ENTRIES:
            self._entries.clear()
        # Stored under the generation read before counting: a write that committed while
        # the count ran has already made this entry stale.
        self._entries[key] = (generation, now, value)
        return value
