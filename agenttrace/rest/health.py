"""Liveness and readiness: no authentication, no rate limit."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response

from agenttrace import __version__
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database

logger = logging.getLogger("agenttrace.health")


async def health(request: Request) -> Response:
    return JSONResponse({"status": "OK", "version": __version__})


async def ready(request: Request) -> Response:
    """200 when the database answers, 503 otherwise (what orchestrators poll)."""
    try:
        async with database(request).read() as session:
            await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        logger.warning("readiness check failed: %s", exc)
        return JSONResponse(
            {"status": "Database unavailable", "version": __version__}, status_code=503
        )
    return JSONResponse({"status": "OK", "version": __version__})
