"""Errors on their way out: the HTTP status of each neutral code, and which face's envelope
answers a path.

Core errors carry a neutral code (``core/errors.py``); HTTP adds two of its own
(``method_not_allowed`` for a known path with another method, ``internal`` for a bug).
A ``Problem`` is such an error in no dialect yet; each face owns an ``Envelope`` that
writes it in its own shape and code names, and ``Envelopes`` picks the face by path
prefix, for route errors and for what middleware refuses before any route runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ExceptionHandler

from agenttrace.core.errors import CoreError, RateLimited, Unavailable
from agenttrace.db import faults

logger = logging.getLogger("agenttrace.errors")

STATUS: dict[str, int] = {
    "invalid": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "too_large": 413,
    "rate_limited": 429,
    "internal": 500,
    "unavailable": 503,
}
_CODE_OF_STATUS = {status: code for code, status in STATUS.items()}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    field: str | None = None
    retry_after: int | None = None

    @classmethod
    def of(cls, error: CoreError) -> Problem:
        retry_after = error.retry_after if isinstance(error, RateLimited | Unavailable) else None
        return cls(error.code, error.message, error.field, retry_after)

    @classmethod
    def from_status(cls, status: int, message: str) -> Problem:
        """A transport error that only has an HTTP status (Starlette's, Strawberry's)."""
        fallback = "internal" if status >= 500 else "invalid"
        return cls(_CODE_OF_STATUS.get(status, fallback), message)

    @property
    def status(self) -> int:
        return STATUS[self.code]

    @property
    def headers(self) -> dict[str, str] | None:
        return None if self.retry_after is None else {"Retry-After": str(self.retry_after)}


Envelope = Callable[[Problem], Response]


class Envelopes:
    """The envelope of each path: the face whose prefix matches first, else the default."""

    def __init__(self, by_prefix: Sequence[tuple[str, Envelope]], default: Envelope) -> None:
        self._by_prefix = tuple(by_prefix)
        self._default = default

    def respond(self, path: str, problem: Problem) -> Response:
        for prefix, envelope in self._by_prefix:
            if path.startswith(prefix):
                return envelope(problem)
        return self._default(problem)

    def error(self, path: str, error: CoreError) -> Response:
        return self.respond(path, Problem.of(error))

    async def handle_core_error(self, request: Request, exc: Exception) -> Response:
        if not isinstance(exc, CoreError):  # registered for CoreError only
            raise exc
        return self.error(request.url.path, exc)

    async def handle_http_exception(self, request: Request, exc: Exception) -> Response:
        if not isinstance(exc, HTTPException):  # registered for HTTPException only
            raise exc
        if exc.status_code == 404:
            message = f"No route for {request.method} {request.url.path}"
        elif exc.status_code == 405:
            message = f"Method {request.method} is not allowed on {request.url.path}"
        else:
            message = str(exc.detail)
        response = self.respond(request.url.path, Problem.from_status(exc.status_code, message))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    def database_unavailable(self, path: str, exc: BaseException) -> Response:
        """A 503 with ``Retry-After`` and one warning line (no traceback: it is no bug)."""
        logger.warning("database unavailable: %s", faults.describe(exc))
        return self.error(
            path,
            Unavailable(
                "The database is unavailable; retry later",
                retry_after=faults.RETRY_AFTER_SECONDS,
            ),
        )

    async def handle_database_error(self, request: Request, exc: Exception) -> Response:
        if not faults.unavailable(exc):
            raise exc  # a bug: the JSON 500, logged with its traceback
        return self.database_unavailable(request.url.path, exc)

    async def handle_unexpected(self, request: Request, exc: Exception) -> Response:
        """Last resort: a JSON 500 without internals; Starlette re-raises so it is logged."""
        return self.respond(request.url.path, Problem("internal", "Internal server error"))

    def handlers(self) -> dict[Any, ExceptionHandler]:
        """Starlette's ``exception_handlers``: by class, most specific first."""
        return {
            CoreError: self.handle_core_error,
            HTTPException: self.handle_http_exception,
            SQLAlchemyError: self.handle_database_error,
            OSError: self.handle_database_error,
            Exception: self.handle_unexpected,
        }
