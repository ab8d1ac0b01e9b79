"""The ``/v1`` error envelope: ``{"error": {"code", "message", "details": {"field"}}}``, with
the seed's code names. It also answers every path outside the other faces (health,
OpenAPI, unknown routes)."""

from __future__ import annotations

from agenttrace.web.errors import Problem
from agenttrace.web.responses import JSONResponse

CODES: dict[str, str] = {
    "invalid": "invalid_request",
    "unauthorized": "unauthorized",
    "forbidden": "forbidden",
    "not_found": "not_found",
    "method_not_allowed": "method_not_allowed",
    "conflict": "conflict",
    "too_large": "payload_too_large",
    "rate_limited": "rate_limited",
    "internal": "internal_error",
    "unavailable": "unavailable",
}


def envelope(problem: Problem) -> JSONResponse:
    details = {} if problem.field is None else {"field": problem.field}
    body = {"error": {"code": CODES[problem.code], "message": problem.message, "details": details}}
    return JSONResponse(body, status_code=problem.status, headers=problem.headers)
