"""Measure and log every HTTP request: Prometheus counts and latencies by route template
and status, and one access line per request (``web/logs.py`` formats it as text or JSON).

Only what is safe to keep goes out: the method, the route *template* (``/v1/traces/{trace_id}``,
never the path with its ids or query string), the status, the duration, the request id and
the caller's project id. Never a header, a key or a body.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agenttrace import instruments
from agenttrace.web.middleware.request_id import request_id

access_logger = logging.getLogger("agenttrace.access")

# Paths that match no route share one label, so scanners cannot grow the label set.
UNMATCHED = "unmatched"


def route_template(scope: Scope) -> str:
    """The template of the route that answered: the mount prefixes (``root_path``) and the
    route's own path, with converters (``:path``) dropped."""
    route: Any = scope.get("route")
    if route is None or isinstance(route, Mount):
        return UNMATCHED
    prefix: str = scope.get("root_path", "")[len(scope.get("app_root_path", "")) :]
    path = str(getattr(route, "path", ""))
    for convertor in (":path", ":int", ":float", ":str", ":uuid"):
        path = path.replace(convertor + "}", "}")
    return prefix + path


class ObserveMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless a response starts: an exception escaping the app is a 500

        async def send_seeing_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_seeing_status)
        finally:
            self._record(scope, status, time.perf_counter() - started)

    @staticmethod
    def _record(scope: Scope, status: int, seconds: float) -> None:
        method = scope["method"]
        route = route_template(scope)
        instruments.REQUESTS.labels(method=method, route=route, status=str(status)).inc()
        instruments.REQUEST_SECONDS.labels(method=method, route=route).observe(seconds)
        credentials = scope.get("state", {}).get("credentials")
        principal = getattr(credentials, "principal", None)
        access_logger.info(
            "%s %s %s %.1fms",
            method,
            route,
            status,
            seconds * 1000,
            extra={
                "request_id": request_id.get(),
                "project_id": getattr(principal, "project_id", None),
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 3),
            },
        )
