"""OTLP trace exports, protobuf or JSON, decoded into the same plain spans.

The mapping never sees the wire: both encodings become the dataclasses below, with ids as
lower-case hex, times as integer nanoseconds and attribute values as plain Python values.

- Protobuf goes through ``opentelemetry-proto``'s generated classes (upb), never by hand.
- OTLP/JSON is parsed with orjson and read field by field: its ids are hex strings (not
  proto3-JSON base64; a base64 id of 8 or 16 bytes is still accepted), its 64-bit integers
  arrive as strings, numbers or ``{high, low}`` objects, and its enums as numbers or names.
- A value's kind is kept: strings, booleans, integers, doubles (NaN and the infinities as
  the strings JSON cannot hold otherwise), arrays as lists, key-value lists as objects,
  bytes as base64 text.
- U+0000 is removed from every string, the ingest core's one sanitising rule
  (``core.bodies.strip_nul``), applied here where each string is first seen.

A structurally broken export (a list that is not a list, unparseable bytes, a logs or
metrics payload sent to the traces endpoint) is refused whole with ``Invalid``; a span
without usable ids is refused alone and listed in ``Export.rejected``.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson
from google.protobuf.message import DecodeError
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue

from agenttrace.core.errors import Invalid

SPAN_KINDS = ("UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER")
STATUS_ERROR = 2
_STATUS_CODES = {"STATUS_CODE_UNSET": 0, "STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2}
_HEX = re.compile(r"[0-9a-fA-F]+")
LOGS_PAYLOAD = (
    "This is an OTLP logs export (resourceLogs); this endpoint accepts OTLP traces "
    "(resourceSpans) only. Point your logs exporter elsewhere."
)
METRICS_PAYLOAD = (
    "This is an OTLP metrics export (resourceMetrics); this endpoint accepts OTLP traces "
    "(resourceSpans) only. Metrics go to /api/public/otel/v1/metrics."
)


@dataclass(slots=True)
class Event:
    name: str
    time_ns: int
    attributes: dict[str, Any]


@dataclass(slots=True)
class Link:
    trace_id: str
    span_id: str
    attributes: dict[str, Any]


@dataclass(slots=True)
class Span:
    trace_id: str
    span_id: str
    parent_span_id: str | None
    name: str
    kind: int
    start_ns: int
    end_ns: int
    attributes: dict[str, Any]
    events: list[Event]
    links: list[Link]
    status_code: int
    status_message: str


@dataclass(slots=True)
class Scope:
    name: str
    version: str
    attributes: dict[str, Any]


@dataclass(slots=True)
class ScopeSpans:
    scope: Scope
    spans: list[Span]


@dataclass(slots=True)
class ResourceSpans:
    attributes: dict[str, Any]
    scope_spans: list[ScopeSpans]


@dataclass(slots=True)
class Export:
    resource_spans: list[ResourceSpans] = field(default_factory=list)
    # Why each span refused at decoding was refused (one entry per span).
    rejected: list[str] = field(default_factory=list)

    def span_count(self) -> int:
        """Spans decoded (refused ones not counted)."""
        return sum(len(s.spans) for r in self.resource_spans for s in r.scope_spans)


def _text(value: str) -> str:
    return value.replace("\x00", "") if "\x00" in value else value


def _double(value: float) -> float | str:
    """JSON has no NaN or infinities (and PostgreSQL's JSONB refuses them): keep their names."""
    if math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def _id_problem(trace_id: str, span_id: str) -> str | None:
    for name, value in (("traceId", trace_id), ("spanId", span_id)):
        if not value or not value.strip("0"):
            return f"{name} is missing or all zeros"
    return None


# Protobuf


def _pb_value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    if kind == "string_value":
        return _text(value.string_value)
    if kind == "int_value":
        return value.int_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "double_value":
        return _double(value.double_value)
    if kind == "array_value":
        return [_pb_value(item) for item in value.array_value.values]
    if kind == "kvlist_value":
        return _pb_attributes(value.kvlist_value.values)
    if kind == "bytes_value":
        return base64.b64encode(value.bytes_value).decode("ascii")
    return None


def _pb_attributes(pairs: Iterable[KeyValue]) -> dict[str, Any]:
    return {_text(pair.key): _pb_value(pair.value) for pair in pairs}


def decode_protobuf(body: bytes) -> Export:
    try:
        request = ExportTraceServiceRequest.FromString(body)
    except DecodeError as exc:
        _refuse_logs_payload(body)
        raise Invalid(
            f"Failed to parse the OTLP protobuf trace export: {exc}", field="body"
        ) from None
    export = Export()
    idless = 0
    for resource in request.resource_spans:
        decoded = ResourceSpans(_pb_attributes(resource.resource.attributes), [])
        export.resource_spans.append(decoded)
        for scope_spans in resource.scope_spans:
            scope = scope_spans.scope
            spans: list[Span] = []
            decoded.scope_spans.append(
                ScopeSpans(
                    Scope(
                        _text(scope.name), _text(scope.version), _pb_attributes(scope.attributes)
                    ),
                    spans,
                )
            )
            for span in scope_spans.spans:
                trace_id, span_id = span.trace_id.hex(), span.span_id.hex()
                problem = _id_problem(trace_id, span_id)
                if problem is not None:
                    idless += not (span.trace_id or span.span_id)
                    export.rejected.append(f"span {span.name!r}: {problem}")
                    continue
                status = span.status
                spans.append(
                    Span(
                        trace_id=trace_id,
                        span_id=span_id,
                        parent_span_id=span.parent_span_id.hex() or None,
                        name=_text(span.name),
                        kind=span.kind,
                        start_ns=span.start_time_unix_nano,
                        end_ns=span.end_time_unix_nano,
                        attributes=_pb_attributes(span.attributes),
                        events=[
                            Event(_text(e.name), e.time_unix_nano, _pb_attributes(e.attributes))
                            for e in span.events
                        ],
                        links=[
                            Link(
                                link.trace_id.hex(),
                                link.span_id.hex(),
                                _pb_attributes(link.attributes),
                            )
                            for link in span.links
                        ],
                        status_code=status.code,
                        status_message=_text(status.message),
                    )
                )
    if idless and idless == len(export.rejected) and not export.span_count():
        # Spans that all lack both ids are what a logs export read as traces looks like.
        _refuse_logs_payload(body)
    return export


def _refuse_logs_payload(body: bytes) -> None:
    """Raise the logs message when ``body`` reads as an OTLP logs export with records."""
    try:
        logs = ExportLogsServiceRequest.FromString(body)
    except DecodeError:
        return
    if any(scope.log_records for resource in logs.resource_logs for scope in resource.scope_logs):
        raise Invalid(LOGS_PAYLOAD, field="body")


# OTLP/JSON


def _invalid(message: str) -> Invalid:
    return Invalid(f"Invalid OTLP trace export: {message}", field="body")


def _json_list(parent: dict[str, Any], key: str, where: str) -> list[Any]:
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _invalid(f"{where}.{key} must be an array")
    return value


def _json_object(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _invalid(f"{where} must be an object")
    return value


def _json_int(value: Any, where: str) -> int:
    """An int64 as a number, a decimal string, or a ``{high, low}`` pair of 32-bit halves."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise _invalid(f"{where} must be an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if isinstance(value, dict) and isinstance(value.get("high"), int):
        high: int = value["high"]
        low: int = value.get("low", 0)
        return (high << 32) | (low & 0xFFFFFFFF)
    raise _invalid(f"{where} must be an integer, got {value!r}")


def _json_enum(value: Any, names: dict[str, int] | tuple[str, ...], where: str) -> int:
    if isinstance(value, str) and not value.isdigit():
        if isinstance(names, dict):
            return names.get(value, 0)
        short = value.removeprefix("SPAN_KIND_")
        return names.index(short) if short in names else 0
    return _json_int(value, where)


def _json_id(value: Any) -> str:
    """Hex (the OTLP/JSON rule), lower-cased; base64 of 8 or 16 bytes (proto3 JSON) as hex."""
    if not isinstance(value, str) or not value:
        return ""
    if _HEX.fullmatch(value):
        return value.lower()
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return _text(value)
    return raw.hex() if len(raw) in (8, 16) else _text(value)


def _json_value(value: Any, where: str) -> Any:
    if not isinstance(value, dict):
        return None if value is None else _json_plain(value)
    if "stringValue" in value:
        text = value["stringValue"]
        return _text(text) if isinstance(text, str) else text
    if "boolValue" in value:
        return value["boolValue"]
    if "intValue" in value:
        return _json_int(value["intValue"], where)
    if "doubleValue" in value:
        number = value["doubleValue"]
        return _double(number) if isinstance(number, int | float) else number
    if "arrayValue" in value:
        items = _json_list(_json_object(value["arrayValue"], where), "values", where)
        return [_json_value(item, where) for item in items]
    if "kvlistValue" in value:
        return _json_attributes(_json_object(value["kvlistValue"], where), where, key="values")
    if "bytesValue" in value:
        return value["bytesValue"]
    return None


def _json_plain(value: Any) -> Any:
    """A bare JSON value where an AnyValue object belongs, taken as it is."""
    return _text(value) if isinstance(value, str) else value


def _json_attributes(parent: dict[str, Any], where: str, key: str = "attributes") -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for index, pair in enumerate(_json_list(parent, key, where)):
        place = f"{where}.{key}[{index}]"
        if not isinstance(pair, dict) or not isinstance(pair.get("key"), str):
            raise _invalid(f"{place} must be an object with a string key")
        attributes[_text(pair["key"])] = _json_value(pair.get("value"), place)
    return attributes


def _json_span(raw: Any, where: str) -> Span | str:
    """The span, or why it is refused."""
    span = _json_object(raw, where)
    trace_id, span_id = _json_id(span.get("traceId")), _json_id(span.get("spanId"))
    problem = _id_problem(trace_id, span_id)
    if problem is not None:
        return f"span {span.get('name')!r}: {problem}"
    status = _json_object(span.get("status"), f"{where}.status")
    message = status.get("message")
    events = []
    for index, event in enumerate(_json_list(span, "events", where)):
        place = f"{where}.events[{index}]"
        event = _json_object(event, place)
        name = event.get("name")
        events.append(
            Event(
                _text(name) if isinstance(name, str) else "",
                _json_int(event.get("timeUnixNano"), f"{place}.timeUnixNano"),
                _json_attributes(event, place),
            )
        )
    links = []
    for index, link in enumerate(_json_list(span, "links", where)):
        place = f"{where}.links[{index}]"
        link = _json_object(link, place)
        links.append(
            Link(
                _json_id(link.get("traceId")),
                _json_id(link.get("spanId")),
                _json_attributes(link, place),
            )
        )
    name = span.get("name")
    return Span(
        trace_id=trace_id,
        span_id=span_id,
        parent_span_id=_json_id(span.get("parentSpanId")) or None,
        name=_text(name) if isinstance(name, str) else "",
        kind=_json_enum(span.get("kind"), SPAN_KINDS, f"{where}.kind"),
        start_ns=_json_int(span.get("startTimeUnixNano"), f"{where}.startTimeUnixNano"),
        end_ns=_json_int(span.get("endTimeUnixNano"), f"{where}.endTimeUnixNano"),
        attributes=_json_attributes(span, where),
        events=events,
        links=links,
        status_code=_json_enum(status.get("code"), _STATUS_CODES, f"{where}.status.code"),
        status_message=_text(message) if isinstance(message, str) else "",
    )


def decode_json(body: bytes) -> Export:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise Invalid(f"Failed to parse the OTLP JSON trace export: {exc}", field="body") from None
    if not isinstance(payload, dict):
        raise _invalid("the body must be a JSON object with resourceSpans")
    if "resourceSpans" not in payload:
        if "resourceLogs" in payload:
            raise Invalid(LOGS_PAYLOAD, field="body")
        if "resourceMetrics" in payload:
            raise Invalid(METRICS_PAYLOAD, field="body")
        if payload:
            raise _invalid("the body has no resourceSpans array")
    export = Export()
    for r, raw_resource in enumerate(_json_list(payload, "resourceSpans", "body")):
        where = f"resourceSpans[{r}]"
        resource = _json_object(raw_resource, where)
        decoded = ResourceSpans(
            _json_attributes(_json_object(resource.get("resource"), f"{where}.resource"), where),
            [],
        )
        export.resource_spans.append(decoded)
        for s, raw_scope_spans in enumerate(_json_list(resource, "scopeSpans", where)):
            place = f"{where}.scopeSpans[{s}]"
            scope_spans = _json_object(raw_scope_spans, place)
            scope = _json_object(scope_spans.get("scope"), f"{place}.scope")
            name, version = scope.get("name"), scope.get("version")
            spans: list[Span] = []
            decoded.scope_spans.append(
                ScopeSpans(
                    Scope(
                        _text(name) if isinstance(name, str) else "",
                        _text(version) if isinstance(version, str) else "",
                        _json_attributes(scope, f"{place}.scope"),
                    ),
                    spans,
                )
            )
            for index, raw_span in enumerate(_json_list(scope_spans, "spans", place)):
                span = _json_span(raw_span, f"{place}.spans[{index}]")
                if isinstance(span, str):
                    export.rejected.append(span)
                else:
                    spans.append(span)
    return export


# How an OTLP/HTTP body is encoded (its Content-Type).
Encoding = Literal["protobuf", "json"]


def decode_traces(body: bytes, encoding: Encoding) -> Export:
    """A trace export body, by its encoding (in the server or in a worker process)."""
    return decode_protobuf(body) if encoding == "protobuf" else decode_json(body)
