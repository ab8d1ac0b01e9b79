"""Hand-built OTLP trace exports for the tests: spans written as OTLP/JSON dicts, sent as
JSON or, through ``opentelemetry-proto``, as protobuf."""

from __future__ import annotations

import base64
import copy
import gzip
import zlib
from typing import Any, Literal

import httpx
import orjson
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.conftest import ProjectKeys

TRACES = "/api/public/otel/v1/traces"

# 2026-03-01T12:00:00Z in nanoseconds since the epoch.
T0 = 1_772_366_400_000_000_000
MS = 1_000_000


def value(raw: Any) -> dict[str, Any]:
    """An OTLP/JSON AnyValue."""
    if isinstance(raw, bool):
        return {"boolValue": raw}
    if isinstance(raw, int):
        return {"intValue": str(raw)}
    if isinstance(raw, float):
        return {"doubleValue": raw}
    if isinstance(raw, list | tuple):
        return {"arrayValue": {"values": [value(item) for item in raw]}}
    if isinstance(raw, dict):
        return {"kvlistValue": {"values": attributes(raw)}}
    return {"stringValue": raw}


def attributes(values: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": key, "value": value(raw)} for key, raw in values.items()]


def span(
    name: str,
    *,
    trace_id: str,
    span_id: str,
    parent: str | None = None,
    start_ms: int = 0,
    end_ms: int = 1000,
    attrs: dict[str, Any] | None = None,
    events: list[tuple[str, int, dict[str, Any]]] | None = None,
    status: tuple[int, str] | None = None,
    kind: int = 1,
) -> dict[str, Any]:
    """A span starting ``start_ms`` after T0; events are (name, ms after T0, attributes)."""
    body: dict[str, Any] = {
        "traceId": trace_id,
        "spanId": span_id,
        "name": name,
        "kind": kind,
        "startTimeUnixNano": str(T0 + start_ms * MS),
        "endTimeUnixNano": str(T0 + end_ms * MS),
        "attributes": attributes(attrs or {}),
        "events": [
            {"name": n, "timeUnixNano": str(T0 + at * MS), "attributes": attributes(a)}
            for n, at, a in events or ()
        ],
    }
    if parent is not None:
        body["parentSpanId"] = parent
    if status is not None:
        body["status"] = {"code": status[0], "message": status[1]}
    return body


def export(
    *spans: dict[str, Any],
    resource: dict[str, Any] | None = None,
    scope: tuple[str, str] = ("tests", "1.0"),
    scope_attrs: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One resource with one scope holding ``spans``, as an OTLP/JSON request."""
    return {
        "resourceSpans": [
            {
                "resource": {"attributes": attributes(resource or {})},
                "scopeSpans": [
                    {
                        "scope": {
                            "name": scope[0],
                            "version": scope[1],
                            "attributes": attributes(scope_attrs or {}),
                        },
                        "spans": list(spans),
                    }
                ],
            }
        ]
    }


def as_json(request: dict[str, Any]) -> bytes:
    return orjson.dumps(request)


def as_protobuf(request: dict[str, Any]) -> bytes:
    """The same request as protobuf: OTLP/JSON's hex ids become proto3-JSON base64 first."""
    converted = copy.deepcopy(request)
    for resource in converted["resourceSpans"]:
        for scope_spans in resource["scopeSpans"]:
            for item in scope_spans["spans"]:
                for key in ("traceId", "spanId", "parentSpanId"):
                    if item.get(key):
                        item[key] = base64.b64encode(bytes.fromhex(item[key])).decode()
    return json_format.ParseDict(converted, ExportTraceServiceRequest()).SerializeToString()


Encoding = Literal["protobuf", "json"]
CONTENT_TYPES = {"protobuf": "application/x-protobuf", "json": "application/json"}
COMPRESSORS = {"gzip": gzip.compress, "deflate": zlib.compress}


async def send(
    client: httpx.AsyncClient,
    project: ProjectKeys,
    request: dict[str, Any],
    *,
    encoding: Encoding = "protobuf",
    compression: str | None = None,
    path: str = TRACES,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST ``request`` as an OTLP exporter would (Basic auth, the encoding's content type)."""
    body = as_protobuf(request) if encoding == "protobuf" else as_json(request)
    sent = {"Content-Type": CONTENT_TYPES[encoding], **(headers or {})}
    if compression is not None:
        body = COMPRESSORS[compression](body)
        sent["Content-Encoding"] = compression
    return await client.post(path, content=body, headers=sent, auth=project.basic)


async def stored(client: httpx.AsyncClient, project: ProjectKeys, trace_id: str) -> dict[str, Any]:
    """The trace with its observations (in start order), read through ``/v1``."""
    response = await client.get(
        f"/v1/traces/{trace_id}", params={"includeObservations": "true"}, headers=project.bearer
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]
