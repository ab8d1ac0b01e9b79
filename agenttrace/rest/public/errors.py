"""The Langfuse dialect's errors: ``{"message", "error"}`` with Langfuse's error class names,
and the per-event entries of its 207 answers (``successes`` / ``errors``)."""

from __future__ import annotations

from typing import Any

from agenttrace.core.errors import CoreError
from agenttrace.web.errors import Problem
from agenttrace.web.responses import JSONResponse

CODES: dict[str, str] = {
    "invalid": "InvalidRequestError",
    "unauthorized": "UnauthorizedError",
    "forbidden": "ForbiddenError",
    "not_found": "LangfuseNotFoundError",
    "method_not_allowed": "MethodNotAllowedError",
    "conflict": "ConflictError",
    "too_large": "PayloadTooLargeError",
    "rate_limited": "TooManyRequestsError",
    "internal": "InternalServerError",
    "unavailable": "ServiceUnavailableError",
}
# The ``message`` of an event's error entry; its ``error`` says what was wrong.
ENTRY_TITLES: dict[str, str] = {
    "invalid": "Invalid request data",
    "unauthorized": "Authentication error",
    "forbidden": "Forbidden",
    "too_large": "Payload too large",
    "internal": "Internal error",
}


def envelope(problem: Problem) -> JSONResponse:
    body: dict[str, Any] = {"message": problem.message, "error": CODES[problem.code]}
    if problem.field is not None:
        body["field"] = problem.field
    return JSONResponse(body, status_code=problem.status, headers=problem.headers)


def entry(event_id: str, error: CoreError | None) -> dict[str, Any]:
    """One event's entry in a 207: a success (None), or the error it met."""
    if error is None:
        return {"id": event_id, "status": 201}
    problem = Problem.of(error)
    return {
        "id": event_id,
        "status": problem.status,
        "message": ENTRY_TITLES.get(problem.code, problem.code),
        "error": problem.message,
    }
