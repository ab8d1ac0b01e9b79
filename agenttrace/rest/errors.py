"""Error envelopes of the three dialects, and the handlers that produce them.

``/v1`` (and ``/api/v1``): ``{"error": {"code", "message", "details"}}``.
``/api/public``: Langfuse's ``{"message", "error"}``.
``/graphql``: ``{"errors": [{"message", "extensions": {"code"}}]}``.
Every other path (health, OpenAPI) answers in the ``/v1`` envelope.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import (
    Conflict,
    CoreError,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    TooLarge,
    Unauthorized,
)
from agenttrace.rest.responses import JSONResponse

logger = logging.getLogger("agenttrace.errors")

Dialect = Literal["v1", "langfuse", "graphql"]

# status: (/v1 code, Langfuse error class, GraphQL extensions.code)
_NAMES: dict[int, tuple[str, str, str]] = {
    400: ("invalid_request", "InvalidRequestError", "BAD_USER_INPUT"),
    401: ("unauthorized", "UnauthorizedError", "UNAUTHENTICATED"),
    403: ("forbidden", "ForbiddenError", "FORBIDDEN"),
    404: ("not_found", "LangfuseNotFoundError", "NOT_FOUND"),
    405: ("method_not_allowed", "MethodNotAllowedError", "BAD_REQUEST"),
    409: ("conflict", "ConflictError", "CONFLICT"),
    413: ("payload_too_large", "PayloadTooLargeError", "PAYLOAD_TOO_LARGE"),
    429: ("rate_limited", "TooManyRequestsError", "RATE_LIMITED"),
    500: ("internal_error", "InternalServerError", "INTERNAL_SERVER_ERROR"),
}

_STATUS: dict[type[CoreError], int] = {
    Invalid: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    RateLimited: 429,
}


def dialect_of(path: str) -> Dialect:
    if path.startswith("/api/public"):
        return "langfuse"
    if path.startswith("/graphql"):
        return "graphql"
    return "v1"


def status_of(error: CoreError) -> int:
    for cls in type(error).__mro__:
        if cls in _STATUS:
            return _STATUS[cls]
    return 400


def graphql_code(error: CoreError) -> str:
    """The ``extensions.code`` of a GraphQL error caused by ``error``."""
    return _NAMES[status_of(error)][2]


def error_body(
    dialect: Dialect, status: int, message: str, *, field: str | None = None
) -> dict[str, Any]:
    code, langfuse_class, graphql_code = _NAMES.get(status, _NAMES[500 if status >= 500 else 400])
    if dialect == "langfuse":
        body: dict[str, Any] = {"message": message, "error": langfuse_class}
        if field is not None:
            body["field"] = field
        return body
    if dialect == "graphql":
        return {
            "data": None,
            "errors": [{"message": message, "extensions": {"code": graphql_code}}],
        }
    details: dict[str, Any] = {} if field is None else {"field": field}
    return {"error": {"code": code, "message": message, "details": details}}


def error_response(
    path: str,
    status: int,
    message: str,
    *,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(dialect_of(path), status, message, field=field),
        status_code=status,
        headers=headers,
    )


def core_error_response(path: str, error: CoreError) -> JSONResponse:
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, RateLimited) else None
    return error_response(
        path, status_of(error), error.message, field=getattr(error, "field", None), headers=headers
    )


async def handle_core_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, CoreError):  # registered for CoreError only
        raise exc
    return core_error_response(request.url.path, exc)


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):  # registered for HTTPException only
        raise exc
    if exc.status_code == 404:
        message = f"No route for {request.method} {request.url.path}"
    elif exc.status_code == 405:
        message = f"Method {request.method} is not allowed on {request.url.path}"
    else:
        message = str(exc.detail)
    return error_response(request.url.path, exc.status_code, message, headers=exc.headers)


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    """Last resort: a JSON 500 without internals; Starlette re-raises so it is still logged."""
    return error_response(request.url.path, 500, "Internal server error")
