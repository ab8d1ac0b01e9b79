"""GraphQL errors carry ``extensions.code``; unexpected failures are masked."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError

from agenttrace.core.errors import CoreError
from agenttrace.rest.errors import error_body, status_of

logger = logging.getLogger("agenttrace.graphql")


def format_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    formatted: dict[str, Any] = error.formatted
    if isinstance(original, CoreError):
        body = error_body("graphql", status_of(original), original.message)["errors"][0]
        formatted["message"] = body["message"]
        formatted["extensions"] = body["extensions"]
    elif original is None:
        # Syntax and validation errors: the caller's query is at fault, show them.
        formatted["extensions"] = {"code": "BAD_USER_INPUT"}
    else:
        logger.error("GraphQL resolver failed", exc_info=original)
        formatted["message"] = "Internal server error"
        formatted["extensions"] = {"code": "INTERNAL_SERVER_ERROR"}
    return formatted
