"""OTLP/HTTP receivers: ``POST /api/public/otel/v1/traces``, ``…/v1/logs`` and
``…/v1/metrics`` (also reached at the server's root, ``/v1/traces``, ``/v1/logs`` and
``/v1/metrics``, so ``OTEL_EXPORTER_OTLP_ENDPOINT`` can name the server itself).

Log events become observations of the ingest core (``core/telemetry/logs_mapping.py``);
metric points are stored as time series (``core/metrics/``).

Protobuf (``application/x-protobuf``) or JSON (``application/json``) bodies, gzip or
deflate encoded or not. The answer is an OTLP ``ExportTraceServiceResponse`` in the
request's encoding, sent once every stored span is committed; spans that were refused or
not stored are counted in its ``partial_success`` with the reasons. Exporters retry only
429 and 5xx answers, so an export that can never succeed gets a 400 that says why.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import Invalid
from agenttrace.core.telemetry.answers import Signal, answer, answer_json
from agenttrace.core.telemetry.decode import Encoding
from agenttrace.core.telemetry.logs_decode import decode_logs_json, decode_logs_protobuf
from agenttrace.core.telemetry.metrics_decode import (
    decode_metrics_json,
    decode_metrics_protobuf,
)
from agenttrace.core.telemetry.receive import receive_logs, receive_metrics, receive_trace_body
from agenttrace.web.credentials import require
from agenttrace.web.decompress import inflate
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import otlp_pool, settings, writer

PROTOBUF = "application/x-protobuf"
# The Langfuse SDK v5 sends ingestion version 4: metadata values are JSON-encoded.
NEWEST_INGESTION_VERSION = 4
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


async def _body(request: Request) -> bytes:
    """The inflated body, within the body limit (413 beyond it)."""
    return inflate(
        await request.body(),
        request.headers.get("content-encoding"),
        limit=settings(request).max_body_bytes,
    )


async def traces(request: Request) -> Response:
    principal = require(request, "traces:write")
    encoding = _encoding(request)
    json_metadata = _json_metadata(request)
    body = await _body(request)
    reasons = await receive_trace_body(
        writer=writer(request),
        project_id=principal.project_id,
        body=body,
        encoding=encoding,
        json_metadata=json_metadata,
        pool=otlp_pool(request),
    )
    return _answer("traces", encoding, reasons)


def _answer(signal: Signal, encoding: Encoding, reasons: list[str]) -> Response:
    if encoding == "json":
        return JSONResponse(answer_json(signal, reasons))
    return Response(answer(signal, reasons).SerializeToString(), media_type=PROTOBUF)


async def logs(request: Request) -> Response:
    """Log events (coding agents' above all) as observations of traces."""
    principal = require(request, "traces:write")
    encoding = _encoding(request)
    body = await _body(request)
    export = decode_logs_protobuf(body) if encoding == "protobuf" else decode_logs_json(body)
    reasons = await receive_logs(
        writer=writer(request), project_id=principal.project_id, export=export
    )
    return _answer("logs", encoding, reasons)


async def metrics(request: Request) -> Response:
    """Metric points stored as time series; unsupported points counted as rejected."""
    principal = require(request, "traces:write")
    encoding = _encoding(request)
    body = await _body(request)
    export = decode_metrics_protobuf(body) if encoding == "protobuf" else decode_metrics_json(body)
    reasons = await receive_metrics(
        writer=writer(request), project_id=principal.project_id, export=export
    )
    return _answer("metrics", encoding, reasons)
