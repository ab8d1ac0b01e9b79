"""A task that runs beside the server until it is stopped (the retention sweeper, SQLite's
WAL checkpoints): started once, cancelled and awaited at stop. Beside ``settings.py``,
since parts on every layer run one."""

from __future__ import annotations

import asyncio
import contextlib
from typing import ClassVar


class BackgroundTask:
    """Subclasses name the task and give its body (``_run``)."""

    task_name: ClassVar[str]
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.task_name)

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _run(self) -> None:
        raise NotImplementedError
