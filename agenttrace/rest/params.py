"""Query-string parameters, parsed the same way by both REST dialects.

Bad values are a 400 naming the parameter; an empty value counts as absent (the Langfuse
SDKs send ``?limit=`` at times).
"""

from __future__ import annotations

import math
from datetime import datetime

from starlette.requests import Request

from agenttrace.core import time
from agenttrace.core.errors import Invalid


def text(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    return value if value else None


def texts(request: Request, name: str) -> tuple[str, ...]:
    """Repeated (``?tags=a&tags=b``) or comma-separated (``?tags=a,b``) values."""
    found: list[str] = []
    for value in request.query_params.getlist(name):
        found.extend(part for part in value.split(",") if part)
    return tuple(found)


def timestamp(request: Request, name: str) -> datetime | None:
    """A filter bound, by the core's rule (``core/time.py``: UTC unless it says otherwise);
    a ``+`` of an offset that arrived unescaped (as a space) is put back first."""
    value = text(request, name)
    return None if value is None else time.parse_bound(value.replace(" ", "+"), field=name)


def boolean(request: Request, name: str) -> bool | None:
    value = text(request, name)
    if value is None:
        return None
    lowered = value.lower()
    if lowered not in ("true", "false", "1", "0"):
        raise Invalid(f"{name} must be true or false, got {value!r}", field=name)
    return lowered in ("true", "1")


def number(request: Request, name: str) -> float | None:
    """A finite number: ``nan`` and ``inf`` parse as floats but compare as nothing useful."""
    value = text(request, name)
    if value is None:
        return None
    try:
        parsed: float | None = float(value)
    except ValueError:
        parsed = None
    if parsed is None or not math.isfinite(parsed):
        raise Invalid(f"{name} must be a finite number, got {value!r}", field=name)
    return parsed


def integer(request: Request, name: str, *, default: int, minimum: int, maximum: int) -> int:
    value = text(request, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise Invalid(
            f"{name} must be an integer from {minimum} to {maximum}", field=name
        ) from None
    if not minimum <= number <= maximum:
        raise Invalid(f"{name} must be an integer from {minimum} to {maximum}", field=name)
    return number


# Versions and other counters are 32-bit columns; a larger number could never match.
MAX_INT32 = 2**31 - 1


def path_integer(request: Request, name: str) -> int:
    """A positive integer in the path (a prompt ``{version}``): anything else is a 400
    naming it, not the 405 a typed route would give when another route takes the path."""
    value = request.path_params[name]
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_INT32:
        raise Invalid(f"{name} must be an integer from 1 to {MAX_INT32}", field=name)
    return int(value)
