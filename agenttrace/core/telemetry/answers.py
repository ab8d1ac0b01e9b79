"""The OTLP answer to an export, for every receiver (HTTP protobuf, HTTP JSON, gRPC).

Each signal's ``Export…ServiceResponse`` counts what was not stored in its
``partial_success`` (spans, log records or data points), with the first reasons in its
message. One place builds it, so the HTTP and gRPC receivers cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceResponse
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceResponse,
)
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceResponse

Signal = Literal["traces", "logs", "metrics"]

# Reasons listed in a partial success's message; the count covers them all.
LISTED_REASONS = 5


@dataclass(frozen=True)
class _Answer:
    response: type[Message]
    # The partial success's counter for this signal.
    rejected: str


_ANSWERS: dict[Signal, _Answer] = {
    "traces": _Answer(ExportTraceServiceResponse, "rejected_spans"),
    "logs": _Answer(ExportLogsServiceResponse, "rejected_log_records"),
    "metrics": _Answer(ExportMetricsServiceResponse, "rejected_data_points"),
}


def summary(reasons: list[str]) -> str:
    """The first reasons, and how many more there were."""
    message = "; ".join(reasons[:LISTED_REASONS])
    if len(reasons) > LISTED_REASONS:
        message += f"; and {len(reasons) - LISTED_REASONS} more"
    return message


def answer(signal: Signal, reasons: list[str]) -> Message:
    """The export's response message: empty when everything was stored."""
    kind = _ANSWERS[signal]
    message = kind.response()
    if reasons:
        partial: Any = message.partial_success
        setattr(partial, kind.rejected, len(reasons))
        partial.error_message = summary(reasons)
    return message


def answer_json(signal: Signal, reasons: list[str]) -> dict[str, Any]:
    """The same answer in OTLP/JSON (camelCase fields, 64-bit counts as strings)."""
    document: dict[str, Any] = MessageToDict(answer(signal, reasons))
    return document
