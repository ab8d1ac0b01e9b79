"""Pure ASGI middleware, declared once, outermost first, in ``app.create_app``."""

from __future__ import annotations

from agenttrace.web.middleware.auth import AuthMiddleware
from agenttrace.web.middleware.body_limit import BodyLimitMiddleware
from agenttrace.web.middleware.nul import NulMiddleware
from agenttrace.web.middleware.observe import ObserveMiddleware
from agenttrace.web.middleware.request_id import RequestIdMiddleware

__all__ = [
    "AuthMiddleware",
    "BodyLimitMiddleware",
    "NulMiddleware",
    "ObserveMiddleware",
    "RequestIdMiddleware",
]
