"""OTLP log exports (``ExportLogsServiceRequest``), protobuf or JSON, decoded into plain
log records, with the same value rules as the trace decoder (``decode.py``): ids as hex,
times as integer nanoseconds, attribute values as plain Python values, U+0000 removed.

A record's time is its ``timeUnixNano``, else its ``observedTimeUnixNano`` (Codex leaves
the first at 0), else 0 (the mapper then reads the agent's ``event.timestamp``). Its
event name is the LogRecord ``event_name`` field, else the ``event.name`` attribute, else
a string body; the agent mappers widen short names (Claude Code's ``api_request``).

A structurally broken export is refused whole with ``Invalid`` (the receivers answer 400
or ``INVALID_ARGUMENT``); a trace export sent here is named as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from google.protobuf.message import DecodeError
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from agenttrace.core.errors import Invalid
from agenttrace.core.telemetry import decode

TRACES_PAYLOAD = (
    "This is an OTLP traces export (resourceSpans); this endpoint accepts OTLP logs "
    "(resourceLogs) only. Traces go to /v1/traces."
)


@dataclass(slots=True)
class LogRecord:
    time_ns: int
    trace_id: str | None
    span_id: str | None
    event_name: str
    severity: str
    body: Any
    attributes: dict[str, Any]
    resource: dict[str, Any]
    scope: str


@dataclass(slots=True)
class LogExport:
    records: list[LogRecord] = field(default_factory=list)


def _name(event_name: str, attributes: dict[str, Any], body: Any) -> str:
    if event_name:
        return event_name
    named = attributes.get("event.name")
    if isinstance(named, str) and named:
        return named
    return body if isinstance(body, str) and body and len(body) <= 200 else ""


def _context(trace_id: str, span_id: str) -> tuple[str | None, str | None]:
    """Both ids, or neither (an id of zeros is no id)."""
    if trace_id.strip("0") and span_id.strip("0"):
        return trace_id, span_id
    return None, None


def decode_logs_protobuf(body: bytes) -> LogExport:
    try:
        request = ExportLogsServiceRequest.FromString(body)
    except DecodeError as exc:
        raise Invalid(
            f"Failed to parse the OTLP protobuf logs export: {exc}", field="body"
        ) from None
    export = LogExport()
    for resource in request.resource_logs:
        resource_attributes = decode._pb_attributes(resource.resource.attributes)
        for scope_logs in resource.scope_logs:
            scope = decode._text(scope_logs.scope.name)
            for record in scope_logs.log_records:
                attributes = decode._pb_attributes(record.attributes)
                body_value = decode._pb_value(record.body) if record.HasField("body") else None
                trace_id, span_id = _context(record.trace_id.hex(), record.span_id.hex())
                export.records.append(
                    LogRecord(
                        time_ns=record.time_unix_nano or record.observed_time_unix_nano,
                        trace_id=trace_id,
                        span_id=span_id,
                        event_name=_name(decode._text(record.event_name), attributes, body_value),
                        severity=decode._text(record.severity_text),
                        body=body_value,
                        attributes=attributes,
                        resource=resource_attributes,
                        scope=scope,
                    )
                )
    if not export.records and body and _reads_as_traces(body):
        raise Invalid(TRACES_PAYLOAD, field="body")
    return export


def _reads_as_traces(body: bytes) -> bool:
    try:
        traces = ExportTraceServiceRequest.FromString(body)
    except DecodeError:
        return False
    return any(scope.spans for resource in traces.resource_spans for scope in resource.scope_spans)


def _invalid(message: str) -> Invalid:
    return Invalid(f"Invalid OTLP logs export: {message}", field="body")


def decode_logs_json(body: bytes) -> LogExport:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise Invalid(f"Failed to parse the OTLP JSON logs export: {exc}", field="body") from None
    if not isinstance(payload, dict):
        raise _invalid("the body must be a JSON object with resourceLogs")
    if "resourceLogs" not in payload:
        if "resourceSpans" in payload:
            raise Invalid(TRACES_PAYLOAD, field="body")
        if payload:
            raise _invalid("the body has no resourceLogs array")
    export = LogExport()
    try:
        for r, raw_resource in enumerate(decode._json_list(payload, "resourceLogs", "body")):
            where = f"resourceLogs[{r}]"
            resource = decode._json_object(raw_resource, where)
            resource_attributes = decode._json_attributes(
                decode._json_object(resource.get("resource"), f"{where}.resource"), where
            )
            for s, raw_scope in enumerate(decode._json_list(resource, "scopeLogs", where)):
                place = f"{where}.scopeLogs[{s}]"
                scope_logs = decode._json_object(raw_scope, place)
                scope = decode._json_object(scope_logs.get("scope"), f"{place}.scope")
                scope_name = scope.get("name") if isinstance(scope.get("name"), str) else ""
                for index, raw in enumerate(decode._json_list(scope_logs, "logRecords", place)):
                    export.records.append(
                        _json_record(
                            raw,
                            f"{place}.logRecords[{index}]",
                            resource_attributes,
                            decode._text(scope_name or ""),
                        )
                    )
    except Invalid as exc:
        raise _invalid(exc.message.removeprefix("Invalid OTLP trace export: ")) from None
    return export


def _json_record(raw: Any, where: str, resource: dict[str, Any], scope: str) -> LogRecord:
    record = decode._json_object(raw, where)
    attributes = decode._json_attributes(record, where)
    body_value = decode._json_value(record.get("body"), f"{where}.body")
    trace_id, span_id = _context(
        decode._json_id(record.get("traceId")), decode._json_id(record.get("spanId"))
    )
    event_name = record.get("eventName")
    severity = record.get("severityText")
    return LogRecord(
        time_ns=decode._json_int(record.get("timeUnixNano"), f"{where}.timeUnixNano")
        or decode._json_int(record.get("observedTimeUnixNano"), f"{where}.observedTimeUnixNano"),
        trace_id=trace_id,
        span_id=span_id,
        event_name=_name(
            decode._text(event_name) if isinstance(event_name, str) else "", attributes, body_value
        ),
        severity=decode._text(severity) if isinstance(severity, str) else "",
        body=body_value,
        attributes=attributes,
        resource=resource,
        scope=scope,
    )
