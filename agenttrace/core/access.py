"""Who may do what in a project: the one check every face makes before it touches data.

A principal is a verified API key (``tenancy/keys.py``). Its scopes grant
``<resource>:<action>``; a public key presented alone (Bearer ``pk-…``, Langfuse's rule)
may only create scores. Faces call ``authorize`` once per request (GraphQL at its root
fields); a batch of Langfuse events calls ``event_denial`` once per event type.
"""

from __future__ import annotations

from agenttrace.core.errors import CoreError, Forbidden, Unauthorized
from agenttrace.core.tenancy.keys import Principal

PUBLIC_KEY_ALONE = "A public key alone may only create scores; authenticate with the secret key"
NO_CREDENTIALS = "No authorization header; send 'Authorization: Bearer <secret key>'"


def authorize(
    principal: Principal | None, scope: str | None = None, *, public_key_ok: bool = False
) -> Principal:
    """``principal``, if it may act with ``scope``; Unauthorized or Forbidden otherwise.

    Without a scope, any secret key will do, and a public key alone only with
    ``public_key_ok`` (a batch endpoint that checks each event's scope with
    ``event_denial``).
    """
    if principal is None:
        raise Unauthorized(NO_CREDENTIALS)
    if scope is None:
        if principal.public_only and not public_key_ok:
            raise Forbidden(PUBLIC_KEY_ALONE)
        return principal
    if not principal.allows(scope):
        if principal.public_only:
            raise Forbidden(PUBLIC_KEY_ALONE)
        raise Forbidden(f"This API key lacks the '{scope}' scope")
    return principal


def event_denial(principal: Principal, scope: str, event_type: str) -> CoreError | None:
    """Why ``principal`` may not send an event of ``event_type`` (needing ``scope``) in a
    batch, or None. Langfuse answers a public key's non-score event as unauthenticated."""
    if principal.allows(scope):
        return None
    if principal.public_only:
        return Unauthorized(f"a public key alone may not send {event_type} events")
    return Forbidden(f"this API key lacks the '{scope}' scope")
