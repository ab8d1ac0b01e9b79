"""NUL characters never reach a route: they are dropped from the path and the query string.

PostgreSQL text cannot hold NUL, so every write drops it from what it stores (bodies in
``web/requests.py``, OTLP in ``core/telemetry``). A read names things the same way: an id
or a filter given with NUL means the stored value without it. Dropping it here, once,
keeps every route on both databases from meeting it (PostgreSQL would refuse the statement).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class NulMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            path: str = scope["path"]
            query: bytes = scope.get("query_string", b"")
            if "\x00" in path or b"%00" in query:
                scope = {
                    **scope,
                    "path": path.replace("\x00", ""),
                    "raw_path": scope.get("raw_path", b"").replace(b"%00", b""),
                    "query_string": query.replace(b"%00", b""),
                }
        await self.app(scope, receive, send)
