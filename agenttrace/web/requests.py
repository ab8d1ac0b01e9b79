"""Reading request bodies: JSON, with the one sanitising rule of ingestion applied."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing.ingest.bodies import strip_nul


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
