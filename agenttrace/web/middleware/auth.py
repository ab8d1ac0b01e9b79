"""Resolve the caller's credentials once per request, then count it against its project's
rate limit (``core/ratelimit.py`` decides; this module only writes the headers).

The middleware never refuses a request for missing or bad credentials itself: routes that
need a key call ``web.credentials.require``, which raises the stored error. Health checks
and the OpenAPI document therefore stay open. It does refuse a request over its project's
rate limit, and it adds the ``X-RateLimit-*`` headers to every authenticated response.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agenttrace.core.errors import Unauthorized
from agenttrace.core.ratelimit import Decision, count_request
from agenttrace.db import faults
from agenttrace.web.credentials import ANONYMOUS, Credentials, resolve
from agenttrace.web.errors import Envelopes


def rate_limit_headers(decision: Decision) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(decision.limit),
        "X-RateLimit-Remaining": str(decision.remaining),
        "X-RateLimit-Reset": str(decision.reset_at),
    }


class AuthMiddleware:
    def __init__(self, app: ASGIApp, *, envelopes: Envelopes) -> None:
        self.app = app
        self.envelopes = envelopes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        header = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        if header is None:
            state["credentials"] = ANONYMOUS
            await self.app(scope, receive, send)
            return
        try:
            principal = await resolve(state["verifier"], header.decode("latin-1"))
        except Unauthorized as exc:
            state["credentials"] = Credentials(error=exc)
            await self.app(scope, receive, send)
            return
        except (SQLAlchemyError, OSError) as exc:  # the key lookup met a database outage
            if not faults.unavailable(exc):
                raise
            await self.envelopes.database_unavailable(scope["path"], exc)(scope, receive, send)
            return
        state["credentials"] = Credentials(principal=principal)

        decision = await count_request(
            state["limiter"], principal, state["settings"].rate_limit_tier
        )
        if decision is None:  # "unlimited"
            await self.app(scope, receive, send)
            return
        headers = rate_limit_headers(decision)
        refusal = decision.refusal()
        if refusal is not None:
            response = self.envelopes.error(scope["path"], refusal)
            response.headers.update(headers)
            await response(scope, receive, send)
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_limits)
