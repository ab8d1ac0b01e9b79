"""The OTLP/HTTP trace receiver as an exporter meets it: protobuf and JSON, gzip and
deflate, the OTLP answer in the request's encoding with a partial success for refused
spans, what is refused whole (logs or metrics payloads, bad bytes, bad content types,
zip bombs, unknown ingestion versions, missing keys), an empty metrics export, and
``/v1/traces`` as the receiver of exporters pointed at the server's root."""

from __future__ import annotations

import base64
import gzip
import zlib
from typing import Any

import httpx
import orjson
import pytest
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceResponse,
)
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceResponse
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

from agenttrace.db import Database
from tests.api.otlp import T0, TRACES, Encoding, as_json, export, send, span, stored
from tests.conftest import ProjectKeys, make_project

METRICS = "/api/public/otel/v1/metrics"


def two_spans(trace_id: str) -> dict[str, Any]:
    """A root and a priced generation, with span ids made from the trace id."""
    root, child = trace_id[:15] + "1", trace_id[:15] + "2"
    return export(
        span("root", trace_id=trace_id, span_id=root, attrs={"user.id": "u1"}),
        span(
            "llm",
            trace_id=trace_id,
            span_id=child,
            parent=root,
            start_ms=100,
            end_ms=900,
            attrs={
                "gen_ai.request.model": "gpt-4o",
                "gen_ai.usage.input_tokens": 1000,
                "gen_ai.usage.output_tokens": 200,
            },
        ),
    )


_PER_CASE = (
    "id",
    "traceId",
    "parentObservationId",
    "projectId",
    "htmlPath",
    "createdAt",
    "updatedAt",
)


def summary(trace: dict[str, Any]) -> dict[str, Any]:
    """What an export stored, less the row clocks and the ids that differ per case."""
    return {
        **{k: v for k, v in trace.items() if k not in (*_PER_CASE, "observations")},
        "observations": [
            {k: v for k, v in o.items() if k not in _PER_CASE} for o in trace["observations"]
        ],
    }


async def assert_stored_alike(
    client: httpx.AsyncClient, project: ProjectKeys, trace_id: str, reference_id: str
) -> None:
    """``two_spans(trace_id)`` was stored as ``two_spans(reference_id)`` was, and right."""
    reference, trace = (
        await stored(client, project, reference_id),
        await stored(client, project, trace_id),
    )
    assert summary(trace) == summary(reference)
    assert trace["observationCount"] == 2
    assert trace["usage"] == {"inputTokens": 1000, "outputTokens": 200, "totalTokens": 1200}
    assert trace["totalCost"] == pytest.approx(1000 * 2.5e-6 + 200 * 1e-5)


# Tests for encodings and the OTLP answer


@pytest.mark.parametrize(
    ("encoding", "compression", "trace_id"),
    [
        ("protobuf", "gzip", "11" * 16),
        ("protobuf", "deflate", "12" * 16),
        ("json", None, "13" * 16),
        ("json", "gzip", "14" * 16),
        ("json", "deflate", "15" * 16),
    ],
)
async def test_every_encoding_stores_what_plain_protobuf_stores(
    client: httpx.AsyncClient,
    project: ProjectKeys,
    encoding: Encoding,
    compression: str,
    trace_id: str,
) -> None:
    reference_id = "10" * 16
    assert (await send(client, project, two_spans(reference_id))).status_code == 200
    response = await send(
        client, project, two_spans(trace_id), encoding=encoding, compression=compression
    )
    assert response.status_code == 200, response.text
    await assert_stored_alike(client, project, trace_id, reference_id)


async def test_protobuf_export_is_answered_with_an_empty_protobuf_response(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await send(client, project, two_spans("1c" * 16))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-protobuf"
    answer = ExportTraceServiceResponse.FromString(response.content)
    assert not answer.HasField("partial_success")


async def test_json_export_is_answered_with_an_empty_json_object(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await send(client, project, two_spans("2c" * 16), encoding="json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {}


async def test_empty_export_is_accepted(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    for body in ({"resourceSpans": []}, {}):
        response = await send(client, project, body, encoding="json")
        assert (response.status_code, response.json()) == (200, {})


async def test_resent_export_changes_nothing(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "3c" * 16
    await send(client, project, two_spans(trace_id))
    first = await stored(client, project, trace_id)
    await send(client, project, two_spans(trace_id))
    again = await stored(client, project, trace_id)
    assert summary(again) == summary(first)
    assert again["totalCost"] == first["totalCost"]


# Tests for partial rejects


def export_with_bad_spans(trace_id: str) -> dict[str, Any]:
    return export(
        span("good", trace_id=trace_id, span_id="c3" * 8),
        span("no trace id", trace_id="", span_id="d4" * 8),
        span("zero span id", trace_id=trace_id, span_id="00" * 8),
        span(
            "negative usage",
            trace_id=trace_id,
            span_id="e5" * 8,
            parent="c3" * 8,
            attrs={"langfuse.observation.usage_details": '{"input": -5}'},
        ),
    )


async def test_refused_spans_are_counted_in_a_protobuf_partial_success(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "4c" * 16
    response = await send(client, project, export_with_bad_spans(trace_id))
    assert response.status_code == 200
    partial = ExportTraceServiceResponse.FromString(response.content).partial_success
    assert partial.rejected_spans == 3
    assert partial.error_message == (
        "span 'no trace id': traceId is missing or all zeros; "
        "span 'zero span id': spanId is missing or all zeros; "
        f"span {'e5' * 8} ('negative usage'): usageDetails.input must be a non-negative integer, got -5"
    )
    trace = await stored(client, project, trace_id)
    assert [o["name"] for o in trace["observations"]] == ["good"]


async def test_refused_spans_are_counted_in_a_json_partial_success(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await send(client, project, export_with_bad_spans("5c" * 16), encoding="json")
    assert response.status_code == 200
    partial = response.json()["partialSuccess"]
    assert partial["rejectedSpans"] == "3"
    assert partial["errorMessage"].startswith("span 'no trace id': traceId is missing")


# Tests for exports refused whole


async def test_logs_export_as_json_is_refused_with_a_message_that_says_so(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    logs = {"resourceLogs": [{"scopeLogs": [{"logRecords": [{"body": {"stringValue": "hi"}}]}]}]}
    response = await send(client, project, logs, encoding="json")
    assert response.status_code == 400
    assert response.json() == {
        "message": "This is an OTLP logs export (resourceLogs); this endpoint accepts OTLP "
        "traces (resourceSpans) only. Point your logs exporter elsewhere.",
        "error": "InvalidRequestError",
        "field": "body",
    }


@pytest.mark.parametrize("with_trace_context", [False, True], ids=["plain", "with-trace-context"])
async def test_logs_export_as_protobuf_is_refused_with_a_message_that_says_so(
    client: httpx.AsyncClient, project: ProjectKeys, with_trace_context: bool
) -> None:
    logs = ExportLogsServiceRequest()
    record = (
        logs.resource_logs.add()
        .scope_logs.add()
        .log_records.add(
            time_unix_nano=1, severity_text="INFO", body=AnyValue(string_value="hello")
        )
    )
    if with_trace_context:
        record.trace_id, record.span_id = bytes(range(1, 17)), bytes(range(1, 9))
    response = await client.post(
        TRACES,
        content=logs.SerializeToString(),
        headers={"Content-Type": "application/x-protobuf"},
        auth=project.basic,
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("This is an OTLP logs export")


async def test_metrics_export_on_the_traces_route_is_refused(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await send(client, project, {"resourceMetrics": []}, encoding="json")
    assert response.status_code == 400
    assert response.json()["message"].startswith("This is an OTLP metrics export")


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        (
            "application/x-protobuf",
            b"\xff\xff\xff",
            "Failed to parse the OTLP protobuf trace export: Error parsing message with type "
            "'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'",
        ),
        ("application/json", b"{not json", "Failed to parse the OTLP JSON trace export: "),
        (
            "application/json",
            orjson.dumps({"resourceSpans": [{"scopeSpans": {"spans": []}}]}),
            "Invalid OTLP trace export: resourceSpans[0].scopeSpans must be an array",
        ),
        (
            "application/json",
            orjson.dumps({"spans": []}),
            "Invalid OTLP trace export: the body has no resourceSpans array",
        ),
        (
            "text/plain",
            b"hello",
            "Invalid content type 'text/plain': send OTLP as application/x-protobuf or application/json",
        ),
    ],
    ids=["bad-protobuf", "bad-json", "scope-spans-not-array", "no-resource-spans", "text-plain"],
)
async def test_malformed_export_is_a_400(
    client: httpx.AsyncClient, project: ProjectKeys, content_type: str, body: bytes, message: str
) -> None:
    response = await client.post(
        TRACES, content=body, headers={"Content-Type": content_type}, auth=project.basic
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith(message)


async def test_content_type_with_parameters_is_accepted(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await client.post(
        TRACES,
        content=as_json(two_spans("6c" * 16)),
        headers={"Content-Type": "application/json; charset=utf-8"},
        auth=project.basic,
    )
    assert response.status_code == 200


async def test_body_that_inflates_past_the_limit_is_a_413(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    bomb = gzip.compress(b"\0" * (16 * 1024 * 1024 + 1))  # the default limit, plus one byte
    assert len(bomb) < 100_000
    response = await client.post(
        TRACES,
        content=bomb,
        headers={"Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"},
        auth=project.basic,
    )
    assert response.status_code == 413
    assert response.json() == {
        "message": "Request body exceeds the limit of 16777216 bytes once decompressed",
        "error": "PayloadTooLargeError",
    }


@pytest.mark.parametrize(
    ("encoding", "body", "message"),
    [
        (
            "gzip",
            gzip.compress(b"x" * 1000)[:20],
            "Failed to decompress the request body: it is truncated",
        ),
        ("gzip", b"not gzip", "Failed to decompress the request body: Error -3"),
        ("br", b"x", "Unsupported Content-Encoding 'br'; send gzip, deflate or none"),
    ],
    ids=["truncated", "not-gzip", "brotli"],
)
async def test_undecodable_content_encoding_is_a_400(
    client: httpx.AsyncClient, project: ProjectKeys, encoding: str, body: bytes, message: str
) -> None:
    response = await client.post(
        TRACES,
        content=body,
        headers={"Content-Type": "application/x-protobuf", "Content-Encoding": encoding},
        auth=project.basic,
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith(message)


@pytest.mark.parametrize("version", ["5", "four"])
async def test_unknown_ingestion_version_is_a_400(
    client: httpx.AsyncClient, project: ProjectKeys, version: str
) -> None:
    response = await send(
        client, project, two_spans("7c" * 16), headers={"x-langfuse-ingestion-version": version}
    )
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"x-langfuse-ingestion-version {version!r} is not supported; the newest is 4"
    )


async def test_export_needs_a_secret_key(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    body = as_json(two_spans("8c" * 16))
    headers = {"Content-Type": "application/json"}
    anonymous = await client.post(TRACES, content=body, headers=headers)
    assert anonymous.status_code == 401
    public_only = await client.post(
        TRACES, content=body, headers={**headers, "Authorization": f"Bearer {project.public_key}"}
    )
    assert public_only.status_code == 403
    reader = await make_project(database, scopes=["traces:read"])
    no_scope = await client.post(TRACES, content=body, headers=headers, auth=reader.basic)
    assert no_scope.status_code == 403
    assert no_scope.json()["message"] == "This API key lacks the 'traces:write' scope"


# Tests for metrics


@pytest.mark.parametrize("encoding", ["protobuf", "json"])
async def test_an_empty_metrics_export_gets_an_empty_answer(
    client: httpx.AsyncClient, project: ProjectKeys, encoding: str
) -> None:
    """What metrics become is tested in tests/api/test_otlp_metrics.py."""
    content_type = "application/x-protobuf" if encoding == "protobuf" else "application/json"
    body = b"\x0a\x00" if encoding == "protobuf" else b"{}"
    response = await client.post(
        METRICS, content=body, headers={"Content-Type": content_type}, auth=project.basic
    )
    assert response.status_code == 200
    if encoding == "json":
        assert response.json() == {}
    else:
        assert ExportMetricsServiceResponse.FromString(response.content) == (
            ExportMetricsServiceResponse()
        )


# Tests for /v1/traces as the receiver of exporters pointed at the server's root


@pytest.mark.parametrize(
    ("encoding", "compression", "trace_id"),
    [("protobuf", None, "21" * 16), ("json", None, "22" * 16), ("json", "gzip", "23" * 16)],
)
async def test_v1_traces_takes_an_otlp_export(
    client: httpx.AsyncClient,
    project: ProjectKeys,
    encoding: Encoding,
    compression: str | None,
    trace_id: str,
) -> None:
    response = await send(
        client,
        project,
        two_spans(trace_id),
        encoding=encoding,
        compression=compression,
        path="/v1/traces",
    )
    assert response.status_code == 200, response.text
    assert (await stored(client, project, trace_id))["observationCount"] == 2


async def test_v1_traces_still_creates_a_trace_from_our_json(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await client.post(
        "/v1/traces", json={"id": "plain-v1-trace", "name": "mine"}, headers=project.bearer
    )
    assert response.status_code == 201
    assert response.json()["name"] == "mine"


# Tests for OTLP/JSON spellings and sanitising


async def test_raw_deflate_body_is_accepted(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = compressor.compress(as_json(two_spans("31" * 16))) + compressor.flush()
    response = await client.post(
        TRACES,
        content=body,
        headers={"Content-Type": "application/json", "Content-Encoding": "deflate"},
        auth=project.basic,
    )
    assert response.status_code == 200
    assert (await stored(client, project, "31" * 16))["observationCount"] == 2


async def test_json_export_accepts_proto3_json_spellings(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    """Base64 ids (proto3 JSON), upper-case hex, enum names, {high, low} and numeric int64s."""
    trace_bytes, span_bytes = bytes.fromhex("32" * 16), bytes.fromhex("a7" * 8)
    request = {
        "resourceSpans": [
            {
                "scopeSpans": [
                    {
                        "spans": [
                            {
                                "traceId": base64.b64encode(trace_bytes).decode(),
                                "spanId": "A7" * 8,
                                "name": "spelled",
                                "kind": "SPAN_KIND_SERVER",
                                "startTimeUnixNano": {"high": T0 >> 32, "low": T0 & 0xFFFFFFFF},
                                "endTimeUnixNano": 1_772_366_401_000_000_000,
                                "status": {"code": "STATUS_CODE_ERROR", "message": "boom"},
                                "attributes": [
                                    {"key": "big", "value": {"intValue": {"high": 1, "low": 5}}},
                                    {"key": "nan", "value": {"doubleValue": "NaN"}},
                                    {"key": "bare", "value": "not an AnyValue"},
                                ],
                            }
                        ]
                    }
                ]
            }
        ]
    }
    response = await client.post(
        TRACES,
        content=orjson.dumps(request),
        headers={"Content-Type": "application/json"},
        auth=project.basic,
    )
    assert (response.status_code, response.json()) == (200, {})
    trace = await stored(client, project, trace_bytes.hex())
    observation = trace["observations"][0]
    assert (observation["id"], observation["level"], observation["statusMessage"]) == (
        span_bytes.hex(),
        "ERROR",
        "boom",
    )
    assert observation["startTime"] == "2026-03-01T12:00:00.000Z"
    assert observation["metadata"]["spanKind"] == "SERVER"
    assert observation["metadata"]["attributes"] == {
        "big": (1 << 32) + 5,
        "nan": "NaN",
        "bare": "not an AnyValue",
    }


async def test_nul_characters_are_removed_from_every_string(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "33" * 16
    request = export(
        span(
            "na\x00me",
            trace_id=trace_id,
            span_id="b8" * 8,
            attrs={"ke\x00y": "va\x00lue", "input.value": '{"text": "a\\u0000b"}'},
        )
    )
    assert (await send(client, project, request)).status_code == 200
    observation = (await stored(client, project, trace_id))["observations"][0]
    assert (observation["name"], observation["input"]) == ("name", {"text": "ab"})
    assert observation["metadata"]["attributes"] == {"key": "value"}
