"""HTTP to AgentTrace with the retry rules every caller shares.

- 5xx, network errors and timeouts: exponential backoff with jitter, up to ``max_retries``;
- 429: wait for ``Retry-After`` (seconds or an HTTP date; 5 s when absent), also counted;
- any other 4xx: answered at once, never retried.

Every call has a deadline (``timeout``): attempts and waits stop when it passes, so no
call hangs past it, whatever the server does.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import httpx

from agenttrace_client._settings import Settings
from agenttrace_client.errors import ApiError, NotAgentTrace, Unreachable

DEFAULT_RETRY_AFTER = 5.0
MAX_RETRY_AFTER = 60.0
MAX_BACKOFF = 8.0


def _user_agent() -> str:
    try:
        return f"agenttrace-python/{version('agenttrace-client')}"
    except PackageNotFoundError:  # running from a source tree
        return "agenttrace-python/0"


def backoff(attempt: int, base: float) -> float:
    """Exponential with equal jitter: half the step fixed, half random."""
    step = min(MAX_BACKOFF, base * 2.0**attempt)
    return step / 2 + random.uniform(0, step / 2)


def retry_after(response: httpx.Response) -> float:
    value = response.headers.get("Retry-After")
    if value is None:
        return DEFAULT_RETRY_AFTER
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        seconds = DEFAULT_RETRY_AFTER if parsed is None else float(parsed.timestamp()) - time.time()
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


class Transport:
    """One ``httpx.Client`` (connection pool) per client; safe to share across threads."""

    def __init__(self, settings: Settings, *, on_retry: Callable[[str], None] | None = None):
        self.settings = settings
        self._on_retry = on_retry or (lambda reason: None)
        headers = {"User-Agent": _user_agent()}
        if settings.has_key:
            headers["Authorization"] = settings.authorization()
        self._client = httpx.Client(
            base_url=settings.api_url, headers=headers, timeout=settings.timeout
        )

    def close(self) -> None:
        self._client.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> httpx.Response:
        """The answer of the last attempt; ``Unreachable`` when none got through in time."""
        deadline = time.monotonic() + (timeout or self.settings.timeout)
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            problem: str
            try:
                response = self._client.request(
                    method,
                    path,
                    json=json,
                    content=content,
                    params=_query(params),
                    headers=headers,
                    timeout=max(remaining, 0.001),
                )
            except httpx.TimeoutException:
                problem, wait = "timed out", backoff(attempt, self.settings.retry_base_delay)
            except httpx.TransportError as exc:
                problem = _describe(exc)
                wait = backoff(attempt, self.settings.retry_base_delay)
            else:
                if response.status_code == 429:
                    problem, wait = "429 rate limited", retry_after(response)
                elif response.status_code >= 500:
                    problem = f"{response.status_code} {response.reason_phrase}"
                    wait = backoff(attempt, self.settings.retry_base_delay)
                else:
                    return response
                if attempt >= self.settings.max_retries or time.monotonic() + wait > deadline:
                    return response
            if attempt >= self.settings.max_retries or time.monotonic() + wait > deadline:
                raise Unreachable(
                    f"cannot reach AgentTrace at {self.settings.api_url}: {problem}"
                    f" (after {attempt + 1} attempt{'s' if attempt else ''})"
                )
            self._on_retry(problem)
            sleep(wait)
            attempt += 1

    @contextmanager
    def stream(
        self, path: str, *, params: Mapping[str, Any] | None = None
    ) -> Iterator[httpx.Response]:
        """A streamed GET (downloads); connection problems raise ``Unreachable``."""
        try:
            with self._client.stream("GET", path, params=_query(params)) as response:
                if response.status_code >= 400:
                    response.read()
                    raise_for_status(response, self.settings.api_url)
                yield response
        except httpx.TransportError as exc:
            raise Unreachable(
                f"cannot reach AgentTrace at {self.settings.api_url}: {_describe(exc)}"
            ) from None


def _query(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Leave out unset parameters; booleans as the server reads them."""
    if params is None:
        return None
    return {
        key: ("true" if value else "false") if isinstance(value, bool) else value
        for key, value in params.items()
        if value is not None
    }


def _describe(exc: httpx.TransportError) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError) and "refused" in text.lower():
        return "connection refused (is the server running? check AGENTTRACE_API_URL)"
    return text


def raise_for_status(response: httpx.Response, api_url: str) -> None:
    """A 4xx/5xx in our envelope → ``ApiError``; anything else → ``NotAgentTrace``."""
    if response.status_code < 400:
        return
    try:
        body = response.json()
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and "code" in error:
        details = error.get("details") or {}
        raise ApiError(
            response.status_code,
            str(error["code"]),
            str(error.get("message", "")),
            details.get("field") if isinstance(details, dict) else None,
        )
    if isinstance(body, dict) and "message" in body:  # the Langfuse dialect's envelope
        raise ApiError(response.status_code, str(body.get("error", "")), str(body["message"]))
    kind = response.headers.get("content-type", "no content type").split(";")[0]
    raise NotAgentTrace(
        f"{api_url} does not answer as AgentTrace: {response.request.method} "
        f"{response.request.url.path} got {response.status_code} ({kind}); "
        "check AGENTTRACE_API_URL"
    )
