"""OTLP metric exports (``ExportMetricsServiceRequest``), protobuf or JSON, decoded into
plain data points.

OTLP/JSON is read through ``opentelemetry-proto``'s own JSON parser (``json_format``)
after exemplars are dropped (their hex ids are not proto3 JSON, and we keep no exemplar),
so both encodings go through one reader. Each point's attributes are the resource's,
then the scope's, then its own (the point's win): ``session.id`` and ``user.id`` may sit
on either level depending on the agent, and a series is grouped by any of them.

Kept: sums (delta or cumulative; monotonic or not), gauges, histograms and exponential
histograms (as sent, their sum as the value). Not kept, and counted in ``rejected`` with
the reason: summaries, sums of unspecified temporality, and points that hold no value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from google.protobuf import json_format
from google.protobuf.message import DecodeError
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
)
from opentelemetry.proto.metrics.v1.metrics_pb2 import Metric, NumberDataPoint

from agenttrace.core.errors import Invalid
from agenttrace.core.telemetry import decode

DELTA, CUMULATIVE = 1, 2
_TEMPORALITIES = {DELTA: "delta", CUMULATIVE: "cumulative"}
# DataPointFlags.FLAG_NO_RECORDED_VALUE
_NO_VALUE = 1
_LISTS = ("resourceMetrics", "scopeMetrics", "metrics")


@dataclass(slots=True)
class Point:
    name: str
    unit: str
    kind: str  # sum | gauge | histogram
    temporality: str | None
    monotonic: bool
    attributes: dict[str, Any]
    start_ns: int
    end_ns: int
    value: float
    count: int | None = None
    data: dict[str, Any] | None = None


@dataclass(slots=True)
class MetricExport:
    points: list[Point] = field(default_factory=list)
    # Why each point not kept was not kept (one entry per point).
    rejected: list[str] = field(default_factory=list)


def decode_metrics_protobuf(body: bytes) -> MetricExport:
    try:
        request = ExportMetricsServiceRequest.FromString(body)
    except DecodeError as exc:
        raise Invalid(
            f"Failed to parse the OTLP protobuf metrics export: {exc}", field="body"
        ) from None
    return _read(request)


def _without_exemplars(payload: Any) -> None:
    """Drop every ``exemplars`` list in place (they hold hex ids ``json_format`` refuses)."""
    if isinstance(payload, dict):
        payload.pop("exemplars", None)
        for value in payload.values():
            _without_exemplars(value)
    elif isinstance(payload, list):
        for item in payload:
            _without_exemplars(item)


def decode_metrics_json(body: bytes) -> MetricExport:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise Invalid(
            f"Failed to parse the OTLP JSON metrics export: {exc}", field="body"
        ) from None
    if not isinstance(payload, dict) or (payload and "resourceMetrics" not in payload):
        raise Invalid(
            "Invalid OTLP metrics export: the body must be a JSON object with resourceMetrics",
            field="body",
        )
    _without_exemplars(payload)
    try:
        request = json_format.ParseDict(
            payload, ExportMetricsServiceRequest(), ignore_unknown_fields=True
        )
    except json_format.ParseError as exc:
        raise Invalid(f"Invalid OTLP metrics export: {exc}", field="body") from None
    return _read(request)


def _number(point: NumberDataPoint) -> float | None:
    kind = point.WhichOneof("value")
    if kind is None or point.flags & _NO_VALUE:
        return None
    return float(point.as_int if kind == "as_int" else point.as_double)


def _read(request: ExportMetricsServiceRequest) -> MetricExport:
    export = MetricExport()
    for resource in request.resource_metrics:
        resource_attributes = decode._pb_attributes(resource.resource.attributes)
        for scope_metrics in resource.scope_metrics:
            shared = {
                **resource_attributes,
                **decode._pb_attributes(scope_metrics.scope.attributes),
            }
            for metric in scope_metrics.metrics:
                _metric(metric, shared, export)
    return export


def _attributes(shared: dict[str, Any], own: Iterable[Any]) -> dict[str, Any]:
    return {**shared, **decode._pb_attributes(own)}


def _metric(metric: Metric, shared: dict[str, Any], export: MetricExport) -> None:
    name, unit = decode._text(metric.name), decode._text(metric.unit)
    kind = metric.WhichOneof("data")
    if kind in ("sum", "gauge"):
        data = metric.sum if kind == "sum" else metric.gauge
        temporality: str | None = None
        monotonic = False
        if kind == "sum":
            temporality = _TEMPORALITIES.get(metric.sum.aggregation_temporality)
            monotonic = metric.sum.is_monotonic
        for number_point in data.data_points:
            if kind == "sum" and temporality is None:
                export.rejected.append(f"{name}: a sum of unspecified temporality")
                continue
            number = _number(number_point)
            if number is None:
                export.rejected.append(f"{name}: a point with no recorded value")
                continue
            export.points.append(
                Point(name, unit, kind, temporality, monotonic,
                      _attributes(shared, number_point.attributes),
                      number_point.start_time_unix_nano, number_point.time_unix_nano, number)
            )  # fmt: skip
    elif kind == "histogram":
        histogram_temporality = _TEMPORALITIES.get(metric.histogram.aggregation_temporality)
        for hp in metric.histogram.data_points:
            if hp.flags & _NO_VALUE:
                export.rejected.append(f"{name}: a point with no recorded value")
                continue
            details: dict[str, Any] = {
                "bucketCounts": list(hp.bucket_counts),
                "explicitBounds": list(hp.explicit_bounds),
            }
            if hp.HasField("min"):
                details["min"] = hp.min
            if hp.HasField("max"):
                details["max"] = hp.max
            export.points.append(
                Point(name, unit, "histogram", histogram_temporality, False,
                      _attributes(shared, hp.attributes), hp.start_time_unix_nano,
                      hp.time_unix_nano, hp.sum, count=hp.count, data=details)
            )  # fmt: skip
    elif kind == "exponential_histogram":
        exponential = metric.exponential_histogram
        for ep in exponential.data_points:
            details = {
                "scale": ep.scale,
                "zeroCount": ep.zero_count,
                "positive": {"offset": ep.positive.offset,
                             "bucketCounts": list(ep.positive.bucket_counts)},
                "negative": {"offset": ep.negative.offset,
                             "bucketCounts": list(ep.negative.bucket_counts)},
            }  # fmt: skip
            export.points.append(
                Point(name, unit, "histogram",
                      _TEMPORALITIES.get(exponential.aggregation_temporality), False,
                      _attributes(shared, ep.attributes), ep.start_time_unix_nano,
                      ep.time_unix_nano, ep.sum, count=ep.count, data=details)
            )  # fmt: skip
    elif kind == "summary":
        export.rejected += [
            f"{name}: summary points are not supported" for _ in metric.summary.data_points
        ]
    else:
        export.rejected.append(f"{name}: a metric with no data")
