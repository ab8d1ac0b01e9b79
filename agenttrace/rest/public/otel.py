"""OTLP/HTTP receivers: ``POST /api/public/otel/v1/traces`` (also reached through
``POST /v1/traces``, so ``OTEL_EXPORTER_OTLP_ENDPOINT`` can name the server's root) and
``POST /api/public/otel/v1/metrics`` (accepted and ignored, for collectors that send both).

Protobuf (``application/x-protobuf``) or JSON (``application/json``) bodies, gzip or
deflate encoded or not. The answer is an OTLP ``ExportTraceServiceResponse`` in the
request's encoding, sent once every stored span is committed; spans that were refused or
not stored are counted in its ``partial_success`` with the reasons. Exporters retry only
429 and 5xx answers, so an export that can never succeed gets a 400 that says why.
"""

from __future__ import annotations

import re
from typing import Literal

from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceResponse,
)
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTracePartialSuccess,
    ExportTraceServiceResponse,
)
from starlette.requests import Request
from starlette.responses import Response

from agenttrace import instruments
from agenttrace.core.errors import Invalid, Unavailable
from agenttrace.core.telemetry.decode import decode_json, decode_protobuf
from agenttrace.core.telemetry.mapping import map_export
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.writer import raise_if_unavailable
from agenttrace.web.credentials import require
from agenttrace.web.decompress import inflate
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import settings, writer

Encoding = Literal["protobuf", "json"]
PROTOBUF = "application/x-protobuf"
# The Langfuse SDK v5 sends ingestion version 4: metadata values are JSON-encoded.
NEWEST_INGESTION_VERSION = 4
# Reasons listed in a partial success; the count covers them all.
LISTED_REASONS = 5
_OTLP_JSON = re.compile(rb'\s*\{\s*"resourceSpans"')
_MAJOR = re.compile(r"\s*(\d+)")


def _encoding(request: Request) -> Encoding:
    content_type = request.headers.get("content-type", "").lower()
    if "protobuf" in content_type:
        return "protobuf"
    if "json" in content_type:
        return "json"
    raise Invalid(
        f"Invalid content type {content_type or '(none)'!r}: send OTLP as "
        f"{PROTOBUF} or application/json",
        field="Content-Type",
    )


def _header(request: Request, name: str) -> str | None:
    """A Langfuse SDK header, under its hyphen or underscore spelling."""
    return request.headers.get(name) or request.headers.get(name.replace("-", "_"))


def _json_metadata(request: Request) -> bool:
    """Whether the client JSON-encodes metadata values: ingestion version 4 (the Langfuse SDK
    v5) or an SDK version from 5 on. A newer ingestion version than we know is refused."""
    version = _header(request, "x-langfuse-ingestion-version")
    if version is not None:
        if not version.strip().isdigit() or int(version) > NEWEST_INGESTION_VERSION:
            raise Invalid(
                f"x-langfuse-ingestion-version {version!r} is not supported; "
                f"the newest is {NEWEST_INGESTION_VERSION}",
                field="x-langfuse-ingestion-version",
            )
        if int(version) >= NEWEST_INGESTION_VERSION:
            return True
    sdk = _MAJOR.match(_header(request, "x-langfuse-sdk-version") or "")
    return sdk is not None and int(sdk[1]) >= 5


async def is_trace_export(request: Request) -> bool:
    """Whether a body posted to ``/v1/traces`` is an OTLP export rather than our trace JSON:
    protobuf, a compressed body (our JSON API takes none), or JSON whose first key is
    ``resourceSpans`` (OTLP's only top-level key), told without parsing it."""
    content_type = request.headers.get("content-type", "").lower()
    if "protobuf" in content_type:
        return True
    if request.headers.get("content-encoding", "").strip().lower() not in ("", "identity"):
        return True
    return _OTLP_JSON.match(await request.body()) is not None


async def traces(request: Request) -> Response:
    principal = require(request, "traces:write")
    encoding = _encoding(request)
    json_metadata = _json_metadata(request)
    body = inflate(
        await request.body(),
        request.headers.get("content-encoding"),
        limit=settings(request).max_body_bytes,
    )
    export = decode_protobuf(body) if encoding == "protobuf" else decode_json(body)
    mapped = await map_export(
        export,
        project_id=principal.project_id,
        received_at=utcnow(),
        json_metadata=json_metadata,
    )
    instruments.INGEST_REQUEST_EVENTS.labels(dialect="otlp").observe(mapped.mapped)
    outcomes = await writer(request).write(mapped.writes)
    raise_if_unavailable(outcomes)
    lost = {mapped.owners[index] for index, outcome in enumerate(outcomes) if outcome is not None}
    if lost and len(lost) == mapped.mapped:
        # Nothing could be stored (the database is down?): a retryable answer, since
        # sending the same export again changes nothing that was stored.
        raise Unavailable("No span could be stored; retry", retry_after=5)
    instruments.INGESTED_EVENTS.labels(type="span", dialect="otlp").inc(mapped.mapped - len(lost))
    reasons = mapped.rejected + ["a span could not be stored"] * len(lost)
    return _answer(encoding, reasons)


def _answer(encoding: Encoding, reasons: list[str]) -> Response:
    message = "; ".join(reasons[:LISTED_REASONS])
    if len(reasons) > LISTED_REASONS:
        message += f"; and {len(reasons) - LISTED_REASONS} more"
    if encoding == "json":
        partial = {"rejectedSpans": str(len(reasons)), "errorMessage": message}
        return JSONResponse({"partialSuccess": partial} if reasons else {})
    answer = ExportTraceServiceResponse()
    if reasons:
        answer.partial_success.CopyFrom(
            ExportTracePartialSuccess(rejected_spans=len(reasons), error_message=message)
        )
    return Response(answer.SerializeToString(), media_type=PROTOBUF)


async def metrics(request: Request) -> Response:
    """Accepted and ignored: traces are what we store."""
    require(request, "traces:write")
    if _encoding(request) == "json":
        return JSONResponse({})
    return Response(ExportMetricsServiceResponse().SerializeToString(), media_type=PROTOBUF)
