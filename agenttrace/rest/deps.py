"""Typed accessors for what a route needs from the request: state, caller, JSON body."""

from __future__ import annotations

from typing import Any, cast

import orjson
from starlette.requests import Request

from agenttrace.core.errors import Forbidden, Invalid, Unauthorized
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.tenancy.keys import KeyVerifier, Principal
from agenttrace.core.tracing.ingest.bodies import strip_nul
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.db.engine import Database
from agenttrace.rest.middleware.auth import ANONYMOUS, Credentials
from agenttrace.settings import Settings


def database(request: Request) -> Database:
    return cast(Database, request.state.database)


def settings(request: Request) -> Settings:
    return cast(Settings, request.state.settings)


def verifier(request: Request) -> KeyVerifier:
    return cast(KeyVerifier, request.state.verifier)


def prices(request: Request) -> PriceBook:
    return cast(PriceBook, request.state.prices)


def writer(request: Request) -> IngestWriter:
    return cast(IngestWriter, request.state.writer)


def require(
    request: Request, scope: str | None = None, *, public_key_ok: bool = False
) -> Principal:
    """The caller's principal, if its key grants ``scope``; 401 or 403 otherwise.

    Without a scope, any valid secret key will do; a public key alone only with
    ``public_key_ok`` (batch endpoints that check each item's scope themselves).
    """
    credentials = cast(Credentials, getattr(request.state, "credentials", ANONYMOUS))
    return require_credentials(credentials, scope, public_key_ok=public_key_ok)


def require_credentials(
    credentials: Credentials, scope: str | None = None, *, public_key_ok: bool = False
) -> Principal:
    """``require`` for credentials found elsewhere than in the request (a WebSocket's
    connection_init message)."""
    if credentials.error is not None:
        raise credentials.error
    principal = credentials.principal
    if principal is None:
        raise Unauthorized("No authorization header; send 'Authorization: Bearer <secret key>'")
    if scope is None and principal.public_only and not public_key_ok:
        raise Forbidden(
            "A public key alone may only create scores; authenticate with the secret key"
        )
    if scope is not None and not principal.allows(scope):
        if principal.public_only:
            raise Forbidden(
                "A public key alone may only create scores; authenticate with the secret key"
            )
        raise Forbidden(f"This API key lacks the '{scope}' scope")
    return principal


async def read_json(request: Request) -> Any:
    """The parsed body; a malformed one is a 400 that says where parsing failed."""
    body = await request.body()
    if not body.strip():
        raise Invalid("Request body is empty; expected JSON", field="body")
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise Invalid(f"Malformed JSON body: {exc}", field="body") from None
    # JSON text can carry NUL only escaped; skip the walk for the bodies that have none.
    return strip_nul(value) if b"\\u0000" in body else value


async def read_json_object(request: Request) -> dict[str, Any]:
    value = await read_json(request)
    if not isinstance(value, dict):
        raise Invalid(f"Expected a JSON object, got {type(value).__name__}", field="body")
    return value
