"""The caller's credentials: found once per request by the auth middleware (or in a
WebSocket's connection_init), checked by each route through ``core.access``."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import cast

from starlette.requests import HTTPConnection

from agenttrace.core import access
from agenttrace.core.errors import RateLimited, Unauthorized
from agenttrace.core.tenancy.keys import KeyVerifier, Principal


@dataclass(frozen=True)
class Credentials:
    """What the middleware found: a principal, an error to raise, or neither (no header)."""

    principal: Principal | None = None
    error: Unauthorized | RateLimited | None = None

    def authorize(self, scope: str | None = None, *, public_key_ok: bool = False) -> Principal:
        """The principal, if it may act with ``scope`` (``core.access.authorize``)."""
        if self.error is not None:
            raise self.error
        return access.authorize(self.principal, scope, public_key_ok=public_key_ok)


ANONYMOUS = Credentials()


def require(
    connection: HTTPConnection, scope: str | None = None, *, public_key_ok: bool = False
) -> Principal:
    """The caller of this request, if its key grants ``scope``; 401 or 403 otherwise."""
    credentials = cast(Credentials, getattr(connection.state, "credentials", ANONYMOUS))
    return credentials.authorize(scope, public_key_ok=public_key_ok)


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
