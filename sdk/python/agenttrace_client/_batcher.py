"""The background batcher: events wait in a bounded queue and a daemon thread sends them
when ``flush_at`` are waiting or ``flush_interval`` seconds have passed, and at exit.

``put`` never blocks and never raises: past ``max_queue`` the new event is dropped (and
counted), so a slow or absent server can never stall or grow the user's process.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from agenttrace_client._stats import Counters

log = logging.getLogger("agenttrace_client")

MAX_BATCH_EVENTS = 500

_live: weakref.WeakSet[Batcher] = weakref.WeakSet()


class Batcher:
    def __init__(
        self,
        deliver: Callable[[Sequence[dict[str, Any]]], None],
        counters: Counters,
        *,
        flush_at: int,
        flush_interval: float,
        max_queue: int,
    ) -> None:
        self._deliver = deliver
        self._counters = counters
        self._flush_at = max(1, flush_at)
        self._interval = flush_interval
        self._max_queue = max_queue
        self._reset()
        _live.add(self)

    def _reset(self) -> None:
        """Also the child's state after a fork: the parent sends what was queued."""
        self._queue: deque[dict[str, Any]] = deque()
        self._cond = threading.Condition()
        self._accepted = 0
        self._handled = 0
        self._flush_requested = False
        self._closed = False
        self.wake = threading.Event()  # set on shutdown: retry waits end early
        self._thread: threading.Thread | None = None

    @property
    def queued(self) -> int:
        return len(self._queue)

    def put(self, event: dict[str, Any]) -> bool:
        with self._cond:
            if self._closed or len(self._queue) >= self._max_queue:
                self._counters.enqueued += 1
                self._counters.add(dropped=1)
                return False
            self._queue.append(event)
            self._accepted += 1
            self._counters.enqueued += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="agenttrace-batcher", daemon=True
                )
                self._thread.start()
            elif len(self._queue) == self._flush_at:
                self._cond.notify()
        return True

    def flush(self, timeout: float) -> bool:
        """Wait until every event queued before the call is handled; False on timeout."""
        end = time.monotonic() + timeout
        with self._cond:
            target = self._accepted
            if self._thread is None or self._handled >= target:
                return True
            self._flush_requested = True
            self._cond.notify_all()
            while self._handled < target:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def shutdown(self, timeout: float) -> None:
        """Send what is queued (for at most ``timeout`` s), then stop; the rest is dropped."""
        end = time.monotonic() + timeout
        self.flush(timeout)
        with self._cond:
            self._closed = True
            self.wake.set()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(max(0.0, end - time.monotonic()))
        with self._cond:
            left = len(self._queue)
            self._queue.clear()
        if left:
            self._counters.add(dropped=left)
            message = f"{left} event(s) dropped at shutdown: not sent within {timeout:g} s"
            self._counters.error(message)
            log.warning("agenttrace: %s", message)

    def _take(self) -> list[dict[str, Any]]:
        with self._cond:
            deadline = time.monotonic() + self._interval
            while (
                not self._closed and not self._flush_requested and len(self._queue) < self._flush_at
            ):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            count = min(len(self._queue), MAX_BATCH_EVENTS)
            batch = [self._queue.popleft() for _ in range(count)]
            if not self._queue:
                self._flush_requested = False
            return batch

    def _run(self) -> None:
        while True:
            batch = self._take()
            if batch:
                try:
                    self._deliver(batch)
                except Exception:  # never let the thread die: the queue would grow unsent
                    log.exception("agenttrace: sending %d events failed", len(batch))
                    self._counters.add(dropped=len(batch))
            with self._cond:
                self._handled += len(batch)
                self._cond.notify_all()
                if self._closed and not self._queue:
                    return


def _after_fork_in_child() -> None:
    for batcher in list(_live):
        batcher._reset()


os.register_at_fork(after_in_child=_after_fork_in_child)
