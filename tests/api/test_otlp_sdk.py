"""The real OpenTelemetry Python SDK's exporters against the running ``agenttrace serve``
(a subprocess, on both databases): log and metric exporters over OTLP/HTTP (protobuf,
gzip) and over OTLP/gRPC (``AGENTTRACE_OTLP_GRPC_PORT``), a span exporter over gRPC, and
what the gRPC receiver answers to a missing key and a malformed body. Everything is read
back through ``/v1``."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import Any

import grpc
import httpx
import orjson
import pytest
from opentelemetry._logs import LogRecord
from opentelemetry.exporter.otlp.proto.grpc._log_exporter import (
    OTLPLogExporter as GrpcLogExporter,
)
from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import (
    OTLPMetricExporter as GrpcMetricExporter,
)
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (
    OTLPSpanExporter as GrpcSpanExporter,
)
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor
from opentelemetry.sdk.metrics import Counter, MeterProvider
from opentelemetry.sdk.metrics.export import AggregationTemporality, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

from tests.serving import RunningServer, free_port, serve

PUBLIC, SECRET = "pk-lf-otlp-sdk", "sk-lf-otlp-sdk-secret"
BASIC = "Basic " + base64.b64encode(f"{PUBLIC}:{SECRET}".encode()).decode()
KEY = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
COMMIT = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
RESOURCE = Resource.create({"service.name": "claude-code", "service.version": "2.1.0"})


KEYS = {
    "AGENTTRACE_INIT_PROJECT_NAME": "otlp-sdk",
    "AGENTTRACE_INIT_PUBLIC_KEY": PUBLIC,
    "AGENTTRACE_INIT_SECRET_KEY": SECRET,
}


@pytest.fixture
def server(fresh_database_url: str) -> Iterator[tuple[RunningServer, int]]:
    """The gRPC receiver switched on by its setting."""
    grpc_port = free_port()
    with serve(fresh_database_url, AGENTTRACE_OTLP_GRPC_PORT=str(grpc_port), **KEYS) as running:
        yield running, grpc_port


@pytest.fixture
def flagged_server(fresh_database_url: str) -> Iterator[tuple[RunningServer, int]]:
    """The gRPC receiver switched on by ``agenttrace serve --otlp-grpc-port``."""
    grpc_port = free_port()
    with serve(fresh_database_url, "--otlp-grpc-port", str(grpc_port), **KEYS) as running:
        yield running, grpc_port


def _emit_session(provider: LoggerProvider, session: str) -> None:
    """Claude Code's events of one prompt: a model call with its cost, a Bash command with
    a key in it that commits."""
    logger = provider.get_logger("com.anthropic.claude_code.events")
    shared = {"session.id": session, "user.id": "dev-1", "prompt.id": f"{session}-p1",
              "organization.id": "org-1", "terminal.type": "tmux"}  # fmt: skip
    now = time.time_ns()
    events: list[tuple[str, dict[str, Any]]] = [
        ("claude_code.user_prompt", {"prompt_length": 12}),
        ("claude_code.api_request", {"model": "claude-sonnet-4-5", "cost_usd": 0.042,
                                     "input_tokens": 900, "output_tokens": 120,
                                     "duration_ms": 1500}),
        ("claude_code.tool_result", {"tool_name": "Bash", "success": "true", "duration_ms": 200,
                                     "tool_parameters": orjson.dumps({
                                         "full_command": f"GH_TOKEN={KEY} git commit -m wip",
                                         "git_commit_id": COMMIT}).decode()}),
        ("claude_code.api_request", {"model": "claude-sonnet-4-5", "cost_usd": 0.008,
                                     "input_tokens": 100, "output_tokens": 10}),
    ]  # fmt: skip
    for sequence, (name, attributes) in enumerate(events, start=1):
        logger.emit(
            LogRecord(
                timestamp=now + sequence * 1_000_000,
                event_name=name,
                body=name,
                attributes={**shared, "event.name": name.removeprefix("claude_code."),
                            "event.sequence": sequence, **attributes},
            )
        )  # fmt: skip


def _count(provider: MeterProvider, values: list[tuple[float, str]]) -> None:
    counter = provider.get_meter("com.anthropic.claude_code").create_counter(
        "claude_code.cost.usage", unit="USD"
    )
    for amount, model in values:
        counter.add(amount, {"model": model, "session.id": "m-1"})
        provider.force_flush()


def _check(server: RunningServer, session: str, cost_total: float) -> None:
    headers = {"Authorization": BASIC}
    with httpx.Client(base_url=server.url, headers=headers) as client:
        listed = client.get("/v1/traces", params={"sessionId": session}).json()["data"]
        assert len(listed) == 1
        trace = client.get(
            f"/v1/traces/{listed[0]['id']}", params={"includeObservations": "true"}
        ).json()
        generations = [o for o in trace["observations"] if o["type"] == "GENERATION"]
        assert sorted(g["costDetails"]["total"] for g in generations) == [0.008, 0.042]
        assert trace["totalCost"] == pytest.approx(0.05)
        [command] = client.get(f"/v1/traces/{trace['id']}/terminal-commands").json()["data"]
        assert KEY not in command["command"]
        assert command["redactions"] >= 1
        timeline = client.get("/v1/git-links/timeline").json()["data"]
        commit = next(c for c in timeline if c["commitSha"] == COMMIT and trace["id"] in
                      [t["id"] for t in c["traces"]])  # fmt: skip
        assert commit["totalCost"] >= 0.05 - 1e-9
        series = client.get(
            "/v1/metrics/series", params={"name": "claude_code.cost.usage", "groupBy": "model"}
        ).json()
        assert series["total"] == pytest.approx(cost_total)


def _session_of(server: RunningServer, trace_id: str) -> Any:
    with httpx.Client(base_url=server.url, headers={"Authorization": BASIC}) as client:
        return client.get(f"/v1/traces/{trace_id}").json()["sessionId"]


async def test_the_sdks_http_exporters_deliver_logs_and_metrics(
    server: tuple[RunningServer, int],
) -> None:
    running, _ = server
    logs = LoggerProvider(resource=RESOURCE)
    logs.add_log_record_processor(SimpleLogRecordProcessor(OTLPLogExporter(
        endpoint=f"{running.url}/v1/logs", headers={"Authorization": BASIC},
        compression=Compression.Gzip,
    )))  # fmt: skip
    _emit_session(logs, "http-session")
    logs.shutdown()
    exporter = OTLPMetricExporter(
        endpoint=f"{running.url}/api/public/otel/v1/metrics",
        headers={"Authorization": BASIC},
        preferred_temporality={Counter: AggregationTemporality.DELTA},
    )
    meters = MeterProvider(
        resource=RESOURCE,
        metric_readers=[PeriodicExportingMetricReader(exporter, export_interval_millis=3_600_000)],
    )
    _count(meters, [(0.25, "sonnet"), (0.5, "sonnet"), (0.125, "haiku")])
    meters.shutdown()
    _check(running, "http-session", 0.875)


async def test_the_sdks_grpc_exporters_deliver_traces_logs_and_metrics(
    server: tuple[RunningServer, int],
) -> None:
    running, port = server
    endpoint = f"127.0.0.1:{port}"
    metadata = {"authorization": BASIC}
    logs = LoggerProvider(resource=RESOURCE)
    logs.add_log_record_processor(SimpleLogRecordProcessor(
        GrpcLogExporter(endpoint=endpoint, insecure=True, headers=metadata,
                        compression=grpc.Compression.Gzip)))  # fmt: skip
    _emit_session(logs, "grpc-session")
    logs.shutdown()
    # Cumulative, the SDK's default: the second export repeats the first's sum.
    meters = MeterProvider(resource=RESOURCE, metric_readers=[PeriodicExportingMetricReader(
        GrpcMetricExporter(endpoint=endpoint, insecure=True, headers=metadata),
        export_interval_millis=3_600_000)])  # fmt: skip
    _count(meters, [(0.25, "sonnet"), (0.5, "sonnet"), (0.125, "haiku")])
    meters.shutdown()
    tracer_provider = TracerProvider(resource=RESOURCE)
    tracer_provider.add_span_processor(SimpleSpanProcessor(
        GrpcSpanExporter(endpoint=endpoint, insecure=True, headers=metadata)))  # fmt: skip
    with tracer_provider.get_tracer("tests").start_as_current_span(
        "claude_code.interaction"
    ) as span:
        span.set_attribute("session.id", "grpc-spans")
        trace_id = format(span.get_span_context().trace_id, "032x")
    tracer_provider.shutdown()
    _check(running, "grpc-session", 0.875)
    assert _session_of(running, trace_id) == "grpc-spans"


async def test_the_grpc_receiver_refuses_a_missing_key_and_a_malformed_body(
    flagged_server: tuple[RunningServer, int],
) -> None:
    running, port = flagged_server
    assert f"OTLP/gRPC on 127.0.0.1:{port}" in running.log()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        export = channel.unary_unary("/opentelemetry.proto.collector.logs.v1.LogsService/Export")
        with pytest.raises(grpc.RpcError) as missing:
            export(b"")
        assert missing.value.code() == grpc.StatusCode.UNAUTHENTICATED
        with pytest.raises(grpc.RpcError) as wrong:
            export(b"", metadata=[("authorization", "Bearer sk-lf-not-a-key")])
        assert wrong.value.code() == grpc.StatusCode.UNAUTHENTICATED
        with pytest.raises(grpc.RpcError) as malformed:
            export(b"\xff\xff\xff", metadata=[("authorization", BASIC)])
        assert malformed.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "Failed to parse the OTLP protobuf logs export" in (malformed.value.details() or "")
        metrics = channel.unary_unary(
            "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"
        )
        assert metrics(b"", metadata=[("authorization", BASIC)]) == b""


def test_grpc_exports_count_against_the_projects_rate_limit(fresh_database_url: str) -> None:
    grpc_port = free_port()
    with (
        serve(
            fresh_database_url,
            AGENTTRACE_OTLP_GRPC_PORT=str(grpc_port),
            AGENTTRACE_RATE_LIMIT_TIER="free",
            **KEYS,
        ),  # fmt: skip
        grpc.insecure_channel(f"127.0.0.1:{grpc_port}") as channel,
    ):
        export = channel.unary_unary(
            "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"
        )
        codes, details = [], set()
        for _ in range(70):  # the free tier: 60 a minute
            try:
                export(b"", metadata=[("authorization", BASIC)])
                codes.append(grpc.StatusCode.OK)
            except grpc.RpcError as refused:
                codes.append(refused.code())
                details.add((refused.details() or "").split(";")[0])
        assert details == {"Rate limit of 60 requests per minute exceeded"}
        assert codes[0] == grpc.StatusCode.OK
        assert grpc.StatusCode.RESOURCE_EXHAUSTED in codes
        assert set(codes) == {grpc.StatusCode.OK, grpc.StatusCode.RESOURCE_EXHAUSTED}
