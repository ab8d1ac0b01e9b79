"""``POST /api/public/ingestion``: Langfuse batch ingestion, 207 with per-event outcomes."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core import ingestion as ingestion_types
from agenttrace.core.errors import Invalid
from agenttrace.core.tracing.ingest import events
from agenttrace.rest.public.errors import entry
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import settings, writer


async def ingestion(request: Request) -> Response:
    principal = require(request, public_key_ok=True)
    payload = await read_json(request)
    batch = payload.get("batch") if isinstance(payload, dict) else None
    if not isinstance(batch, list):
        raise Invalid("body must be an object with a 'batch' array of events", field="batch")
    config = settings(request)
    size = int(request.headers.get("content-length") or 0)
    outcomes = await events.ingest(
        writer=writer(request),
        principal=principal,
        batch=batch,
        max_event_bytes=config.max_event_bytes,
        check_sizes=size == 0 or size > config.max_event_bytes,
        event_types=ingestion_types.event_types(config),
    )
    listed = [o for o in outcomes if o.listed]
    return JSONResponse(
        {
            "successes": [entry(o.event_id, None) for o in listed if o.error is None],
            "errors": [entry(o.event_id, o.error) for o in listed if o.error is not None],
        },
        status_code=207,
    )
