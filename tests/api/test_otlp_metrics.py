"""OTLP metrics stored as time series, through ``POST …/v1/metrics`` and read back through
``GET /v1/metrics/series`` on both databases: Claude Code's delta counters added up and
grouped by attributes, a cumulative stream turned into deltas with a reset (and a point
arriving late), histograms and gauges as sent, unsupported points counted in the partial
success, re-sent exports, malformed bodies, and the retention delete."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceResponse,
)

from tests.api.otlp import MS, T0, attributes
from tests.api.otlp_logs import METRICS, metrics_export, post, sum_metric
from tests.conftest import ProjectKeys

COST, TOKENS = "claude_code.cost.usage", "claude_code.token.usage"
SONNET, HAIKU = "claude-sonnet-4-5", "claude-haiku-4-5"


async def _series(client: httpx.AsyncClient, project: ProjectKeys, **query: Any) -> Any:
    response = await client.get("/v1/metrics/series", params=query, headers=project.bearer)
    assert response.status_code == 200, response.text
    return response.json()


def _claude_window(start_ms: int, session: str) -> dict[str, Any]:
    """One 60 s export window of Claude Code's delta counters."""
    end = start_ms + 60_000
    base = {"session.id": session, "user.id": "user-1", "organization.id": "org-1",
            "terminal.type": "vscode"}  # fmt: skip
    return metrics_export(
        sum_metric(COST, [({**base, "model": SONNET}, start_ms, end, 0.25),
                          ({**base, "model": HAIKU}, start_ms, end, 0.01)], unit="USD"),
        sum_metric(TOKENS, [({**base, "model": SONNET, "type": "input"}, start_ms, end, 1000),
                            ({**base, "model": SONNET, "type": "output"}, start_ms, end, 200),
                            ({**base, "model": SONNET, "type": "cacheRead"}, start_ms, end, 5000)],
                   unit="tokens"),
    )  # fmt: skip


@pytest.mark.parametrize("encoding", ["protobuf", "json"])
async def test_claude_codes_delta_counters_add_up_and_group_by_attributes(
    client: httpx.AsyncClient, project: ProjectKeys, encoding: str
) -> None:
    for window, session in ((0, "s-1"), (60_000, "s-1"), (120_000, "s-2")):
        response = await post(
            client, project, _claude_window(window, session), path=METRICS,
            encoding=encoding, compression="gzip",  # type: ignore[arg-type]
        )  # fmt: skip
        assert response.status_code == 200, response.text
    cost = await _series(client, project, name=COST, groupBy="model")
    assert (cost["kind"], cost["unit"], cost["points"]) == ("sum", "USD", 6)
    assert cost["total"] == pytest.approx(3 * 0.26)
    assert [(g["key"], round(g["total"], 6)) for g in cost["groups"]] == [
        ({"model": SONNET}, 0.75),
        ({"model": HAIKU}, 0.03),
    ]
    by_session = await _series(client, project, name=TOKENS, groupBy="session.id,type")
    totals = {(g["key"]["session.id"], g["key"]["type"]): g["total"] for g in by_session["groups"]}
    assert totals[("s-1", "input")] == 2000
    assert totals[("s-2", "cacheRead")] == 5000
    assert by_session["total"] == 3 * 6200
    ranged = await _series(
        client, project, name=COST, **{"from": "2026-03-01T12:01:30Z", "to": "2026-03-01T12:03:00Z"}
    )
    assert ranged["total"] == pytest.approx(0.26)  # only the window ending at 12:02
    minutes = await _series(client, project, name=COST, bucket="minute")
    assert [round(b["value"], 6) for b in minutes["buckets"]] == [0.26, 0.26, 0.26]
    assert minutes["buckets"][0]["start"] == "2026-03-01T12:01:00.000Z"
    # A re-sent export changes nothing.
    await post(client, project, _claude_window(0, "s-1"), path=METRICS, encoding=encoding)  # type: ignore[arg-type]
    assert (await _series(client, project, name=COST))["total"] == pytest.approx(3 * 0.26)


async def test_a_cumulative_stream_becomes_deltas_with_its_reset_detected(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    labels = {"session.id": "s-c", "type": "input"}
    # (start ms, end ms, cumulative value): a process restart at 300 s starts over.
    points = [(0, 60_000, 10.0), (0, 120_000, 25.0), (0, 180_000, 40.0),
              (300_000, 360_000, 5.0), (300_000, 420_000, 12.0)]  # fmt: skip
    late = points.pop(1)  # arrives last
    for start, end, cumulative in [*points, late]:
        request = metrics_export(
            sum_metric("codex.tokens", [(labels, start, end, cumulative)], temporality=2)
        )
        response = await post(client, project, request, path=METRICS)
        assert response.status_code == 200, response.text
    series = await _series(client, project, name="codex.tokens", bucket="minute")
    assert series["total"] == 10 + 15 + 15 + 5 + 7
    assert [b["value"] for b in series["buckets"]] == [10, 15, 15, 5, 7]
    # A sum that goes down without a new start time is a reset too.
    dropped = metrics_export(
        sum_metric("codex.tokens", [(labels, 300_000, 480_000, 3.0)], temporality=2)
    )
    assert (await post(client, project, dropped, path=METRICS)).status_code == 200
    assert (await _series(client, project, name="codex.tokens"))["total"] == 52 + 3


@pytest.mark.parametrize("encoding", ["protobuf", "json"])
async def test_histograms_and_gauges_are_kept_and_summaries_are_counted_as_rejected(
    client: httpx.AsyncClient, project: ProjectKeys, encoding: str
) -> None:
    at = {"startTimeUnixNano": str(T0), "timeUnixNano": str(T0 + 60_000 * MS)}
    request = metrics_export(
        {"name": f"codex.tool.call.duration_ms.{encoding}", "unit": "ms", "histogram": {
            "aggregationTemporality": 1, "dataPoints": [
                {**at, "attributes": attributes({"tool": "shell"}), "count": "3", "sum": 420.0,
                 "bucketCounts": ["1", "2", "0"], "explicitBounds": [100.0, 500.0],
                 "min": 40.0, "max": 300.0}]}},
        {"name": f"claude_code.active_sessions.{encoding}", "gauge": {"dataPoints": [
            {**at, "asInt": "4"},
            {"startTimeUnixNano": str(T0), "timeUnixNano": str(T0 + 120_000 * MS),
             "asInt": "2"}]}},
        {"name": "legacy.summary", "summary": {"dataPoints": [
            {**at, "count": "1", "sum": 1.0}, {**at, "count": "2", "sum": 3.0}]}},
        {"name": "no.temporality", "sum": {"dataPoints": [{**at, "asDouble": 1.0}]}},
    )  # fmt: skip
    response = await post(client, project, request, path="/v1/metrics", encoding=encoding)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    if encoding == "json":
        partial = response.json()["partialSuccess"]
        rejected, message = int(partial["rejectedDataPoints"]), partial["errorMessage"]
    else:
        answer = ExportMetricsServiceResponse.FromString(response.content)
        rejected, message = (
            answer.partial_success.rejected_data_points,
            answer.partial_success.error_message,
        )
    assert rejected == 3
    assert "summary points are not supported" in message
    assert "unspecified temporality" in message
    histogram = await _series(client, project, name=f"codex.tool.call.duration_ms.{encoding}")
    assert (histogram["kind"], histogram["total"], histogram["count"]) == ("histogram", 420.0, 3)
    gauge = await _series(client, project, name=f"claude_code.active_sessions.{encoding}")
    assert (gauge["kind"], gauge["total"]) == ("gauge", 2)  # the latest value


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-protobuf", b"\xff\xff\xff"),
        ("application/json", b"[1, 2]"),
        ("application/json", b'{"resourceMetrics": [{"scopeMetrics": 7}]}'),
        ("application/json", b"{nope"),
    ],
)
async def test_a_malformed_metrics_export_is_a_400(
    client: httpx.AsyncClient, project: ProjectKeys, content_type: str, body: bytes
) -> None:
    for path in (METRICS, "/v1/metrics"):
        response = await client.post(
            path, content=body, headers={"Content-Type": content_type}, auth=project.basic
        )
        assert response.status_code == 400, response.text
        assert "body" in response.text


async def test_the_series_read_names_its_bad_parameters(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for query, field in (({}, "name"), ({"name": COST, "bucket": "week"}, "bucket"),
                         ({"name": COST, "from": "yesterday"}, "from"),
                         ({"name": COST, "groupBy": "a,b,c,d,e,f"}, "groupBy")):  # fmt: skip
        response = await client.get("/v1/metrics/series", params=query, headers=project.bearer)
        assert response.status_code == 400, response.text
        assert response.json()["error"]["details"]["field"] == field
