"""The client's machinery: settings, transport, the batcher, stats and the exit flush.

Feature methods (tracing, prompts, agent records) are mixed into ``AgentTrace`` from their
own modules; they reach the server only through ``_enqueue`` (batched events) and ``_call``
(REST calls that need an answer).
"""

from __future__ import annotations

import atexit
import logging
import weakref
from collections.abc import Callable, Mapping
from typing import Any, TypedDict

from typing_extensions import Unpack

from agenttrace_client._batcher import Batcher
from agenttrace_client._data import new_uuid, now
from agenttrace_client._delivery import Delivery, Rejection
from agenttrace_client._http import Transport
from agenttrace_client._rest import RestApi
from agenttrace_client._settings import Settings
from agenttrace_client._stats import Counters, Stats
from agenttrace_client.errors import AgentTraceError, ConfigurationError

log = logging.getLogger("agenttrace_client")

_open_clients: weakref.WeakSet[ClientCore] = weakref.WeakSet()


class ClientOptions(TypedDict, total=False):
    """``AgentTrace(...)``'s arguments; each unset one comes from ``AGENTTRACE_*``."""

    api_url: str
    api_key: str
    public_key: str
    secret_key: str
    timeout: float
    strict: bool
    enabled: bool
    flush_at: int
    flush_interval: float
    max_queue: int
    max_retries: int
    retry_base_delay: float
    on_error: Callable[[Rejection], None]
    environ: Mapping[str, str]
    settings: Settings  # all of them, as they are (the CLI's)


class ClientCore:
    def __init__(self, **options: Unpack[ClientOptions]) -> None:
        given: dict[str, Any] = dict(options)
        on_error = given.pop("on_error", None)
        environ = given.pop("environ", None)
        strict = given.get("strict")
        chosen = given.pop("settings", None)
        try:
            self.settings = chosen or Settings.load(environ, **given)
        except ConfigurationError as exc:
            if strict:
                raise
            log.warning("agenttrace: %s; the environment is ignored", exc)
            self.settings = Settings.load({}, **given)
        self._counters = Counters()
        self._transport = Transport(self.settings, on_retry=self._counters.retried)
        self.api = RestApi(self._transport)
        self._warned_no_key = False
        self._delivery = Delivery(
            self._transport,
            self._counters,
            on_error=on_error,
            sleep=lambda seconds: self._batcher.wake.wait(seconds),  # ends early at shutdown
        )
        self._batcher = Batcher(
            self._delivery,
            self._counters,
            flush_at=self.settings.flush_at,
            flush_interval=self.settings.flush_interval,
            max_queue=self.settings.max_queue,
        )
        self._active = self.settings.enabled and self.settings.has_key
        self._closed = False
        _open_clients.add(self)

    # Sending.

    def _enqueue(self, kind: str, body: dict[str, Any]) -> None:
        if self._active:
            self._batcher.put({"id": new_uuid(), "type": kind, "timestamp": now(), "body": body})
        elif self.settings.enabled:
            self._counters.enqueued += 1
            self._counters.add(dropped=1)
            if not self._warned_no_key:
                self._warned_no_key = True
                message = (
                    "no API key: events are dropped; set AGENTTRACE_API_KEY "
                    "or AGENTTRACE_PUBLIC_KEY and AGENTTRACE_SECRET_KEY"
                )
                self._counters.error(message)
                log.warning("agenttrace: %s", message)
                if self.settings.strict:
                    raise ConfigurationError(message)

    def _call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        """A REST call whose failure is logged and counted (raised in strict mode): None."""
        if not self.settings.enabled:
            return None
        self._counters.request()
        try:
            return self.api.request(method, path, json=body, params=params or None)
        except AgentTraceError as exc:
            message = f"{method} {path} failed: {exc}"
            self._counters.error(message)
            log.warning("agenttrace: %s", message)
            if self.settings.strict:
                raise
            return None

    def _failed(self, what: str, exc: Exception) -> None:
        """Our own bug or bad input while recording: never the user's problem, unless strict."""
        message = f"{what}: {type(exc).__name__}: {exc}"
        self._counters.error(message)
        log.warning("agenttrace: %s", message)
        if self.settings.strict:
            raise exc

    # Lifecycle.

    def stats(self) -> Stats:
        return self._counters.snapshot(self._batcher.queued)

    def flush(self, timeout: float | None = None) -> bool:
        """Send every queued event now; True when all were handled within ``timeout``.
        In strict mode, raise if any event since the last flush was rejected or dropped."""
        done = self._batcher.flush(self._budget(timeout))
        if self.settings.strict:
            failures = list(self._delivery.failures)
            self._delivery.failures.clear()
            if failures or not done:
                raise AgentTraceError("; ".join(failures) or "flush timed out")
        return done

    def shutdown(self, timeout: float | None = None) -> None:
        """Flush (for at most ``timeout`` s, default the client's) and stop the thread."""
        if self._closed:
            return
        self._closed = True
        self._batcher.shutdown(self._budget(timeout))
        self._transport.close()
        _open_clients.discard(self)

    def _budget(self, timeout: float | None) -> float:
        return self.settings.timeout if timeout is None else timeout

    def __enter__(self) -> ClientCore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


@atexit.register
def _flush_at_exit() -> None:
    for client in list(_open_clients):
        try:
            client.shutdown()
        except Exception:
            log.exception("agenttrace: flush at exit failed")
