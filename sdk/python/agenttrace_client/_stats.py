"""What happened to the events a client was given: ``client.stats()``."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

RECENT_ERRORS = 20


@dataclass(frozen=True)
class Stats:
    """``enqueued`` = ``sent`` + ``rejected`` + ``dropped`` + ``queued`` (+ in flight).

    - ``sent``: acknowledged by the server (committed);
    - ``rejected``: refused by the server (a 4xx for the event or its batch);
    - ``dropped``: never delivered: the queue was full, no key, the server unreachable
      after the retries, or still queued when the process exited;
    - ``retries``: requests sent again (5xx, network errors, timeouts, 429);
    - ``errors``: the latest problems, newest last.
    """

    enqueued: int
    sent: int
    rejected: int
    dropped: int
    queued: int
    retries: int
    requests: int
    errors: tuple[str, ...]


class Counters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.enqueued = 0
        self.sent = 0
        self.rejected = 0
        self.dropped = 0
        self.retries = 0
        self.requests = 0
        self._errors: deque[str] = deque(maxlen=RECENT_ERRORS)

    def add(self, *, sent: int = 0, rejected: int = 0, dropped: int = 0) -> None:
        with self._lock:
            self.sent += sent
            self.rejected += rejected
            self.dropped += dropped

    def retried(self, reason: str) -> None:
        with self._lock:
            self.retries += 1

    def request(self) -> None:
        with self._lock:
            self.requests += 1

    def error(self, message: str) -> None:
        with self._lock:
            self._errors.append(message)

    def snapshot(self, queued: int) -> Stats:
        with self._lock:
            return Stats(
                enqueued=self.enqueued,
                sent=self.sent,
                rejected=self.rejected,
                dropped=self.dropped,
                queued=queued,
                retries=self.retries,
                requests=self.requests,
                errors=tuple(self._errors),
            )
