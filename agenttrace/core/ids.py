"""Server-generated identifiers (times come from ``core/time.py``)."""

from __future__ import annotations

import secrets
import uuid


def trace_id() -> str:
    """32 lower-case hex characters, the W3C trace id shape."""
    return secrets.token_hex(16)


def observation_id() -> str:
    """16 lower-case hex characters, the W3C span id shape."""
    return secrets.token_hex(8)


def new_uuid() -> str:
    return str(uuid.uuid4())
