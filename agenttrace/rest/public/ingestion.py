"""``POST /api/public/ingestion``: Langfuse batch ingestion, 207 with per-event outcomes."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing.ingest.events import BatchItem, parse_batch
from agenttrace.rest.deps import read_json, require, settings, writer
from agenttrace.rest.responses import JSONResponse

# Events validated between two yields to the event loop (about 0.3 ms of work).
PARSE_SLICE = 20


async def ingestion(request: Request) -> Response:
    principal = require(request, public_key_ok=True)
    payload = await read_json(request)
    batch = payload.get("batch") if isinstance(payload, dict) else None
    if not isinstance(batch, list):
        raise Invalid("body must be an object with a 'batch' array of events", field="batch")
    config = settings(request)
    size = int(request.headers.get("content-length") or 0)
    items: list[BatchItem] = []
    for start in range(0, len(batch), PARSE_SLICE):
        items += parse_batch(
            batch[start : start + PARSE_SLICE],
            principal=principal,
            max_event_bytes=config.max_event_bytes,
            check_sizes=size == 0 or size > config.max_event_bytes,
        )
        # Yield between slices so the writer, waiting on the database, resumes promptly
        # instead of queueing behind whole batches being validated.
        await asyncio.sleep(0)
    accepted = [item for item in items if item.write is not None]
    outcomes = await writer(request).write([item.write for item in accepted if item.write])
    failed = {
        id(item) for item, outcome in zip(accepted, outcomes, strict=True) if outcome is not None
    }

    successes: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for item in items:
        if not item.listed:
            continue
        if item.error is not None:
            errors.append(
                {
                    "id": item.envelope_id,
                    "status": item.error.status,
                    "message": item.error.message,
                    "error": item.error.detail,
                }
            )
        elif id(item) in failed:
            errors.append(
                {
                    "id": item.envelope_id,
                    "status": 500,
                    "message": "Internal error",
                    "error": "not stored",
                }
            )
        else:
            successes.append({"id": item.envelope_id, "status": 201})
    return JSONResponse({"successes": successes, "errors": errors}, status_code=207)
