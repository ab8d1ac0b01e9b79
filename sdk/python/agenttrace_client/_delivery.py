"""Sending a batch of events to ``POST /api/public/ingestion`` and reading its answer.

The server answers 207 with one entry per event: a success (committed) or an error. Each
error is reported on its own (logged, counted, given to ``on_error``); an entry with a 5xx
status was not stored and is sent again with the others' retries. A whole-request 413 splits
the batch; any other 4xx rejects it; a server that stays unreachable drops it.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from agenttrace_client._http import Transport, backoff, raise_for_status
from agenttrace_client._stats import Counters
from agenttrace_client.errors import AgentTraceError, ApiError

log = logging.getLogger("agenttrace_client")

PATH = "/api/public/ingestion"
MAX_REQUEST_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Rejection:
    """An event the server did not store: given to ``AgentTrace(on_error=…)``."""

    event_id: str
    event_type: str
    status: int | None
    message: str


@dataclass(frozen=True)
class Encoded:
    id: str
    type: str
    data: bytes


def encode(event: dict[str, Any]) -> Encoded:
    data = json.dumps(event, separators=(",", ":"), ensure_ascii=False, default=str)
    return Encoded(event["id"], event["type"], data.encode())


def chunks(events: Sequence[Encoded], limit: int = MAX_REQUEST_BYTES) -> list[list[Encoded]]:
    """Consecutive runs of events whose request bodies stay under ``limit`` bytes."""
    out: list[list[Encoded]] = []
    current: list[Encoded] = []
    size = 0
    for event in events:
        if current and size + len(event.data) + 1 > limit:
            out.append(current)
            current, size = [], 0
        current.append(event)
        size += len(event.data) + 1
    if current:
        out.append(current)
    return out


class Delivery:
    def __init__(
        self,
        transport: Transport,
        counters: Counters,
        *,
        on_error: Callable[[Rejection], None] | None = None,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self._transport = transport
        self._counters = counters
        self._on_error = on_error
        self._sleep = sleep
        self.failures: deque[str] = deque(maxlen=100)  # read and cleared by a strict flush

    def __call__(self, events: Sequence[dict[str, Any]]) -> None:
        for chunk in chunks([encode(event) for event in events]):
            self._send(chunk, attempt=0)

    def _send(self, events: list[Encoded], attempt: int) -> None:
        body = b'{"batch":[' + b",".join(event.data for event in events) + b"]}"
        settings = self._transport.settings
        self._counters.request()
        try:
            response = self._transport.request(
                "POST",
                PATH,
                content=body,
                headers={"Content-Type": "application/json"},
                timeout=settings.timeout * (settings.max_retries + 1),
                sleep=self._sleep,
            )
        except AgentTraceError as exc:
            self._fail(events, None, str(exc), dropped=True)
            return
        if response.status_code == 413 and len(events) > 1:
            half = len(events) // 2
            self._send(events[:half], attempt)
            self._send(events[half:], attempt)
            return
        if response.status_code not in (200, 207):
            try:
                raise_for_status(response, settings.api_url)
                message = f"unexpected answer {response.status_code}"
            except (ApiError, AgentTraceError) as exc:
                message = str(exc)
            self._fail(events, response.status_code, message, dropped=response.status_code >= 500)
            return
        self._read_entries(events, response.json(), attempt)

    def _read_entries(self, events: list[Encoded], answer: Any, attempt: int) -> None:
        by_id = {event.id: event for event in events}
        answered: set[str] = set()
        again: list[Encoded] = []
        successes = answer.get("successes", []) if isinstance(answer, dict) else []
        errors = answer.get("errors", []) if isinstance(answer, dict) else []
        self._counters.add(sent=sum(1 for entry in successes if entry.get("id") in by_id))
        answered.update(entry.get("id") for entry in successes)
        for entry in errors:
            event = by_id.get(entry.get("id"))
            if event is None:
                continue
            answered.add(event.id)
            status = entry.get("status")
            if (
                isinstance(status, int)
                and status >= 500
                and attempt < self._transport.settings.max_retries
            ):
                again.append(event)
                continue
            message = str(entry.get("message") or entry.get("error") or "rejected")
            self._fail([event], status, message, dropped=isinstance(status, int) and status >= 500)
        missing = [event for event in events if event.id not in answered]
        if missing:
            self._fail(missing, None, "the server's answer did not list the event", dropped=True)
        if again:
            self._counters.retried("5xx entries")
            self._sleep(backoff(attempt, self._transport.settings.retry_base_delay))
            self._send(again, attempt + 1)

    def _fail(
        self, events: Sequence[Encoded], status: int | None, message: str, *, dropped: bool
    ) -> None:
        if dropped:
            self._counters.add(dropped=len(events))
            summary = f"{len(events)} event(s) dropped: {message}"
            log.warning("agenttrace: %s", summary)
            self._counters.error(summary)
            self.failures.append(summary)
        else:
            self._counters.add(rejected=len(events))
        for event in events:
            if not dropped:
                text = f"event {event.id} ({event.type}) rejected: {status} {message}"
                log.warning("agenttrace: %s", text)
                self._counters.error(text)
                self.failures.append(text)
            if self._on_error is not None:
                try:
                    self._on_error(Rejection(event.id, event.type, status, message))
                except Exception:
                    log.exception("agenttrace: on_error raised")
