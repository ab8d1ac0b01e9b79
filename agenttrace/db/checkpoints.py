"""SQLite's WAL checkpoints, off the writer's path.

Under WAL a commit appends pages to the log, and by default the committing connection
copies the log back into the database file (a checkpoint, with an fsync) whenever the log
passes 1,000 pages. On the ingest path that is the writer stopping, every few
transactions, for I/O that nothing waits for: measured in-process on 100-event batches,
9 µs per event of the writer's 56 (bench/README.md, issue 17).

So the server checkpoints from a connection of its own, in its own driver thread, every
``CHECKPOINT_SECONDS``: a ``PASSIVE`` checkpoint copies what no reader still needs and
never blocks the writer or the readers. The writer keeps a checkpoint of its own only as
a safety net, at ``WRITER_AUTOCHECKPOINT_PAGES`` (40 MB of log), should the background one
fall behind. Processes that do not run it (the CLI, tests' second handles) keep SQLite's
default.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import aiosqlite

from agenttrace.background import BackgroundTask

logger = logging.getLogger("agenttrace.db")

CHECKPOINT_SECONDS = 0.25
WRITER_AUTOCHECKPOINT_PAGES = 10_000


class WalCheckpointer(BackgroundTask):
    """A task that checkpoints the WAL of one database file until stopped."""

    task_name = "agenttrace-wal-checkpoints"

    def __init__(self, path: Path, *, busy_timeout_ms: int, interval: float = CHECKPOINT_SECONDS):
        self._path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._interval = interval

    async def _run(self) -> None:
        connection = await aiosqlite.connect(self._path, isolation_level=None)
        failing = False
        try:
            await connection.execute(f"PRAGMA busy_timeout={self._busy_timeout_ms}")
            while True:
                await asyncio.sleep(self._interval)
                try:
                    # Fetched to the end: a statement left open would hold a read snapshot,
                    # and the log could never restart from its beginning.
                    await connection.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error as exc:  # a full disk, say: the writer's net remains
                    if not failing:
                        logger.warning("WAL checkpoint failed (will retry): %s", exc)
                    failing = True
                else:
                    failing = False
        finally:
            await connection.close()
