"""Every GraphQL error leaves with ``extensions.code``; unexpected ones are masked.

Our typed core errors show their message and the GraphQL code of their kind (``NOT_FOUND``,
``BAD_USER_INPUT`` with the offending ``field``…). Errors without an original exception
(syntax, validation, the query limits) are the query's fault: ``BAD_USER_INPUT``. A
database outage (``db/faults.py``) is ``SERVICE_UNAVAILABLE``, without a traceback. Anything
else is a bug: the client sees ``Internal server error`` (``INTERNAL_SERVER_ERROR``) and
the log gets the traceback. ``schema.py`` applies this to every error of every result:
Strawberry hands them all to ``Schema.process_errors``, including those raised in
extension hooks (a syntax error in the parser cache, the cost limit), which never reach
an extension's ``on_operation``. ``envelope`` writes what HTTP refuses before GraphQL runs
(a body too large, a rate limit, bad transport JSON) in the same shape.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from agenttrace.core.errors import CoreError
from agenttrace.db import faults
from agenttrace.web.errors import Problem
from agenttrace.web.responses import JSONResponse

CODES: dict[str, str] = {
    "invalid": "BAD_USER_INPUT",
    "unauthorized": "UNAUTHENTICATED",
    "forbidden": "FORBIDDEN",
    "not_found": "NOT_FOUND",
    "method_not_allowed": "BAD_REQUEST",
    "conflict": "CONFLICT",
    "too_large": "PAYLOAD_TOO_LARGE",
    "rate_limited": "RATE_LIMITED",
    "internal": "INTERNAL_SERVER_ERROR",
    "unavailable": "SERVICE_UNAVAILABLE",
}


def envelope(problem: Problem) -> JSONResponse:
    body = {
        "data": None,
        "errors": [{"message": problem.message, "extensions": {"code": CODES[problem.code]}}],
    }
    return JSONResponse(body, status_code=problem.status, headers=problem.headers)


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return (
        original is not None
        and not isinstance(original, CoreError | GraphQLError)
        and not faults.unavailable(original)
    )


def coded(error: GraphQLError) -> GraphQLError:
    """``error`` as the client sees it (an error already coded stays as it is)."""
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    extensions: dict[str, Any]
    if isinstance(original, CoreError):
        message, extensions = original.message, {"code": CODES[original.code]}
        if original.field is not None:
            extensions["field"] = original.field
    elif error.original_error is not None and faults.unavailable(error.original_error):
        message = "The database is unavailable; retry later"
        extensions = {"code": CODES["unavailable"]}
    elif is_unexpected(error):
        message, extensions = "Internal server error", {"code": CODES["internal"]}
    else:
        message, extensions = error.message, {"code": CODES["invalid"]}
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )
