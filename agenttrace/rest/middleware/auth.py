"""Resolve the caller's credentials once per request, then apply the project's rate limit.

The middleware never refuses a request for missing or bad credentials itself: routes that
need a key call ``rest.deps.require``, which raises the stored error. Health checks and
the OpenAPI document therefore stay open. It does refuse a request over its project's
rate limit, and it adds the ``X-RateLimit-*`` headers to every authenticated response.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agenttrace.core.errors import RateLimited, Unauthorized
from agenttrace.core.ratelimit import TIERS, RateLimiter
from agenttrace.core.tenancy.keys import KeyVerifier, Principal
from agenttrace.rest.errors import core_error_response


@dataclass(frozen=True)
class Credentials:
    """What the middleware found: a principal, an error to raise, or neither (no header)."""

    principal: Principal | None = None
    error: Unauthorized | RateLimited | None = None


ANONYMOUS = Credentials()


class AuthMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

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
        state["credentials"] = Credentials(principal=principal)

        headers, error = await rate_limit(state, principal)
        if not headers:  # "unlimited"
            await self.app(scope, receive, send)
            return
        if error is not None:
            response = core_error_response(scope["path"], error)
            response.headers.update(headers)
            await response(scope, receive, send)
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_limits)


async def rate_limit(
    state: Mapping[str, Any], principal: Principal
) -> tuple[dict[str, str], RateLimited | None]:
    """Count one request of the principal's project: the ``X-RateLimit-*`` headers to send
    (none when its tier is unlimited), and the error to answer when it is over the limit."""
    tier = TIERS.get(principal.rate_limit_tier or state["settings"].rate_limit_tier)
    if tier is None:
        return {}, None
    limiter: RateLimiter = state["limiter"]
    decision = await limiter.hit(principal.project_id, tier)
    if decision.allowed:
        return decision.headers(), None
    error = RateLimited(
        f"Rate limit of {tier.per_minute} requests per minute exceeded; "
        f"retry in {decision.retry_after} s",
        retry_after=decision.retry_after,
    )
    return decision.headers(), error


async def resolve(verifier: KeyVerifier, header: str) -> Principal:
    """``Bearer <secret>``, ``Bearer <public key>`` (scores only) or ``Basic base64(pk:sk)``."""
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    scheme = scheme.lower()
    if scheme == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise Unauthorized(
                "Invalid authorization header: Basic credentials are not base64"
            ) from None
        public_key, sep, secret = decoded.partition(":")
        if not sep or not public_key or not secret:
            raise Unauthorized(
                "Invalid authorization header: expected Basic base64(publicKey:secretKey)"
            )
        return await verifier.verify_secret(secret, public_key=public_key)
    if scheme == "bearer" and value:
        try:
            return await verifier.verify_secret(value)
        except Unauthorized:
            if value.startswith("sk-"):
                raise
            return await verifier.verify_public_key(value)
    raise Unauthorized("Invalid authorization header: use 'Bearer <secret key>' or Basic pk:sk")
