"""Refuse request bodies above ``AGENTTRACE_MAX_BODY_BYTES`` with a 413 in the right envelope.

A declared ``Content-Length`` over the limit is refused before reading; a streamed body is
counted as it arrives and refused when it crosses the limit.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agenttrace.core.errors import TooLarge
from agenttrace.web.errors import Envelopes


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int, envelopes: Envelopes) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.envelopes = envelopes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        error = TooLarge(f"Request body exceeds the limit of {self.max_bytes} bytes")
        declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self.envelopes.error(scope["path"], error)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise error
            return message

        await self.app(scope, counting_receive, send)
