"""Pure ASGI middleware, declared once, outermost first, in ``app.create_app``."""

from __future__ import annotations

from agenttrace.rest.middleware.auth import AuthMiddleware
from agenttrace.rest.middleware.body_limit import BodyLimitMiddleware
from agenttrace.rest.middleware.request_id import RequestIdMiddleware

__all__ = ["AuthMiddleware", "BodyLimitMiddleware", "RequestIdMiddleware"]
