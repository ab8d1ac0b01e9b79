"""Hand-built OTLP log and metric exports in the documented shapes of each coding agent,
written as OTLP/JSON dicts and sent as JSON or, through ``opentelemetry-proto``, as
protobuf.

Shapes (from the agents' own documentation and source, not from captures):
- Claude Code (``code.claude.com/docs/en/monitoring-usage``): the body is the full event
  name (``claude_code.api_request``), the ``event.name`` attribute the short one, every
  event carries ``session.id``, ``user.id``, ``organization.id``, ``terminal.type``,
  ``prompt.id``, ``event.timestamp`` and ``event.sequence``; numbers arrive as strings;
  ``tool_parameters`` is JSON text (``OTEL_LOG_TOOL_DETAILS=1``). Resource
  ``service.name=claude-code``.
- Codex (``codex-rs/otel``'s event manager): ``event.name`` is the full name
  (``codex.sse_event``), with ``conversation.id``, ``model``, ``event.timestamp``;
  ``timeUnixNano`` is left at 0. Resource ``service.name=codex-cli``.
"""

from __future__ import annotations

import base64
import copy
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
)

from tests.api.otlp import COMPRESSORS, CONTENT_TYPES, MS, T0, Encoding, attributes
from tests.conftest import ProjectKeys

LOGS = "/api/public/otel/v1/logs"
METRICS = "/api/public/otel/v1/metrics"


def iso(at_ms: int) -> str:
    moment = datetime.fromtimestamp((T0 + at_ms * MS) / 1e9, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def record(
    attrs: dict[str, Any],
    *,
    at_ms: int,
    body: str | None = None,
    trace_id: str | None = None,
    span_id: str | None = None,
    time_zero: bool = False,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "timeUnixNano": "0" if time_zero else str(T0 + at_ms * MS),
        "observedTimeUnixNano": str(T0 + at_ms * MS),
        "severityText": "INFO",
        "attributes": attributes(attrs),
    }
    if body is not None:
        entry["body"] = {"stringValue": body}
    if trace_id is not None:
        entry["traceId"], entry["spanId"] = trace_id, span_id
    return entry


def logs_export(records: list[dict[str, Any]], resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceLogs": [
            {
                "resource": {"attributes": attributes(resource)},
                "scopeLogs": [{"scope": {"name": "agent", "version": "1"},
                               "logRecords": records}],
            }
        ]
    }  # fmt: skip


CLAUDE_RESOURCE = {"service.name": "claude-code", "service.version": "2.1.0"}
CODEX_RESOURCE = {"service.name": "codex-cli", "service.version": "0.50.0", "env": "dev"}


class ClaudeSession:
    """Claude Code's events of one session: each call adds one at the next sequence."""

    def __init__(self, session_id: str, user_id: str = "user-1") -> None:
        self.session_id, self.user_id = session_id, user_id
        self.sequence = 0
        self.records: list[dict[str, Any]] = []

    def event(
        self, name: str, prompt_id: str, at_ms: int, context: tuple[str, str] | None = None,
        **attrs: Any,
    ) -> dict[str, Any]:  # fmt: skip
        self.sequence += 1
        values = {
            "event.name": name,
            "event.timestamp": iso(at_ms),
            "event.sequence": self.sequence,
            "session.id": self.session_id,
            "user.id": self.user_id,
            "organization.id": "org-1",
            "terminal.type": "vscode",
            "prompt.id": prompt_id,
            **{key: str(value) if isinstance(value, int | float) and not isinstance(
                value, bool) else value for key, value in attrs.items()},
        }  # fmt: skip
        entry = record(
            values, at_ms=at_ms, body=f"claude_code.{name}",
            trace_id=context[0] if context else None, span_id=context[1] if context else None,
        )  # fmt: skip
        self.records.append(entry)
        return entry

    def export(self) -> dict[str, Any]:
        return logs_export(self.records, CLAUDE_RESOURCE)


def codex_event(conversation: str, name: str, at_ms: int, **attrs: Any) -> dict[str, Any]:
    values = {
        "event.name": name,
        "event.timestamp": iso(at_ms),
        "conversation.id": conversation,
        "app.version": "0.50.0",
        "auth_mode": "ApiKey",
        "terminal.type": "iTerm.app",
        "model": "gpt-5-codex",
        "slug": "gpt-5-codex",
        "user.account_id": "acct-9",
        **attrs,
    }
    return record(values, at_ms=at_ms, time_zero=True)


def _ids_to_base64(request: dict[str, Any], lists: tuple[str, str, str]) -> dict[str, Any]:
    converted = copy.deepcopy(request)
    outer, middle, inner = lists
    for resource in converted[outer]:
        for scope in resource[middle]:
            for item in scope[inner]:
                for key in ("traceId", "spanId"):
                    if item.get(key):
                        item[key] = base64.b64encode(bytes.fromhex(item[key])).decode()
    return converted


def logs_protobuf(request: dict[str, Any]) -> bytes:
    converted = _ids_to_base64(request, ("resourceLogs", "scopeLogs", "logRecords"))
    return json_format.ParseDict(converted, ExportLogsServiceRequest()).SerializeToString()


def metrics_protobuf(request: dict[str, Any]) -> bytes:
    return json_format.ParseDict(request, ExportMetricsServiceRequest()).SerializeToString()


async def post(
    client: httpx.AsyncClient,
    project: ProjectKeys,
    request: dict[str, Any],
    *,
    path: str = LOGS,
    encoding: Encoding = "protobuf",
    compression: str | None = None,
) -> httpx.Response:
    if encoding == "json":
        body = orjson.dumps(request)
    elif "resourceMetrics" in request:
        body = metrics_protobuf(request)
    else:
        body = logs_protobuf(request)
    headers = {"Content-Type": CONTENT_TYPES[encoding]}
    if compression is not None:
        body = COMPRESSORS[compression](body)
        headers["Content-Encoding"] = compression
    return await client.post(path, content=body, headers=headers, auth=project.basic)


def sum_metric(
    name: str, points: list[tuple[dict[str, Any], int, int, float]], *, temporality: int = 1,
    unit: str = "", monotonic: bool = True,
) -> dict[str, Any]:  # fmt: skip
    """A sum; points are (attributes, start ms, end ms, value)."""
    return {
        "name": name,
        "unit": unit,
        "sum": {
            "aggregationTemporality": temporality,
            "isMonotonic": monotonic,
            "dataPoints": [
                {"attributes": attributes(attrs), "startTimeUnixNano": str(T0 + start * MS),
                 "timeUnixNano": str(T0 + end * MS), "asDouble": value}
                for attrs, start, end, value in points
            ],
        },
    }  # fmt: skip


def metrics_export(
    *metrics: dict[str, Any], resource: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "resourceMetrics": [
            {
                "resource": {"attributes": attributes(resource or CLAUDE_RESOURCE)},
                "scopeMetrics": [{"scope": {"name": "com.anthropic.claude_code"},
                                  "metrics": list(metrics)}],
            }
        ]
    }  # fmt: skip
