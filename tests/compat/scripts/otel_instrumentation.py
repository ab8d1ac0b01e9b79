"""Plain OpenTelemetry (``opentelemetry-sdk`` with ``opentelemetry-exporter-otlp-proto-http``)
sending what instrumentation libraries send: one trace with OpenInference attributes (the
constants of ``openinference-semantic-conventions``) to ``/api/public/otel/v1/traces``, and
one with OTel GenAI attributes and events through ``OTEL_EXPORTER_OTLP_ENDPOINT`` set to
the server's root, gzip-compressed (the exporter then posts to ``/v1/traces``).

Runs inside its own virtual environment, started by ``tests/compat/test_otel_sdk.py``.
Reads ``AGENTTRACE_URL``, ``LANGFUSE_PUBLIC_KEY``, ``LANGFUSE_SECRET_KEY`` and
``COMPAT_RUN_ID``; prints one JSON summary with the trace and span ids last on stdout.
Any ERROR record (the exporter logs failed exports) makes it exit 1.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from openinference.semconv.trace import (
    DocumentAttributes,
    MessageAttributes,
    OpenInferenceSpanKindValues,
    SpanAttributes,
)
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer


class ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def hex_ids(span: Span) -> tuple[str, str]:
    context = span.get_span_context()
    return f"{context.trace_id:032x}", f"{context.span_id:016x}"


@contextmanager
def provider(exporter: OTLPSpanExporter, service: str) -> Iterator[Tracer]:
    resource = Resource.create(
        {"service.name": service, "service.version": "2.1.0", "deployment.environment": "staging"}
    )
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(exporter))
    try:
        yield tracer_provider.get_tracer("compat.instrumentation", "0.1.0")
    finally:
        tracer_provider.force_flush()
        tracer_provider.shutdown()


def openinference_trace(tracer: Tracer, run_id: str) -> dict[str, Any]:
    kind = SpanAttributes.OPENINFERENCE_SPAN_KIND
    ids: dict[str, Any] = {}
    with tracer.start_as_current_span(
        "rag-pipeline",
        attributes={
            kind: OpenInferenceSpanKindValues.CHAIN.value,
            SpanAttributes.INPUT_VALUE: "What does AgentTrace store?",
            SpanAttributes.SESSION_ID: f"oi-session-{run_id}",
            SpanAttributes.USER_ID: "oi-user",
            SpanAttributes.TAG_TAGS: ["rag", "compat"],
            SpanAttributes.METADATA: json.dumps({"team": "search"}),
        },
    ) as chain:
        ids["trace"], ids["chain"] = hex_ids(chain)
        with tracer.start_as_current_span(
            "retrieve",
            attributes={
                kind: OpenInferenceSpanKindValues.RETRIEVER.value,
                SpanAttributes.INPUT_VALUE: "What does AgentTrace store?",
                f"{SpanAttributes.RETRIEVAL_DOCUMENTS}.0.{DocumentAttributes.DOCUMENT_ID}": "doc-1",
                f"{SpanAttributes.RETRIEVAL_DOCUMENTS}.0.{DocumentAttributes.DOCUMENT_CONTENT}": "Traces and spans.",
                f"{SpanAttributes.RETRIEVAL_DOCUMENTS}.0.{DocumentAttributes.DOCUMENT_SCORE}": 0.92,
            },
        ) as retriever:
            ids["retriever"] = hex_ids(retriever)[1]
        messages = {
            f"{SpanAttributes.LLM_INPUT_MESSAGES}.0.{MessageAttributes.MESSAGE_ROLE}": "user",
            f"{SpanAttributes.LLM_INPUT_MESSAGES}.0.{MessageAttributes.MESSAGE_CONTENT}": "What does AgentTrace store?",
            f"{SpanAttributes.LLM_OUTPUT_MESSAGES}.0.{MessageAttributes.MESSAGE_ROLE}": "assistant",
            f"{SpanAttributes.LLM_OUTPUT_MESSAGES}.0.{MessageAttributes.MESSAGE_CONTENT}": "Traces.",
        }
        with tracer.start_as_current_span(
            "ChatCompletion",
            kind=SpanKind.CLIENT,
            attributes={
                kind: OpenInferenceSpanKindValues.LLM.value,
                SpanAttributes.LLM_MODEL_NAME: "gpt-4o",
                SpanAttributes.LLM_PROVIDER: "openai",
                SpanAttributes.LLM_INVOCATION_PARAMETERS: json.dumps({"temperature": 0.1}),
                SpanAttributes.LLM_TOKEN_COUNT_PROMPT: 1000,
                SpanAttributes.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ: 400,
                SpanAttributes.LLM_TOKEN_COUNT_COMPLETION: 200,
                SpanAttributes.LLM_TOKEN_COUNT_TOTAL: 1200,
                **messages,
            },
        ) as llm:
            ids["llm"] = hex_ids(llm)[1]
        with tracer.start_as_current_span(
            "lookup-order",
            attributes={
                kind: OpenInferenceSpanKindValues.TOOL.value,
                SpanAttributes.TOOL_NAME: "lookup-order",
                SpanAttributes.INPUT_VALUE: json.dumps({"order": 7}),
            },
        ) as tool:
            ids["tool"] = hex_ids(tool)[1]
            try:
                raise TimeoutError("the order service did not answer")
            except TimeoutError as exc:
                tool.record_exception(exc)
                tool.set_status(Status(StatusCode.ERROR, "order lookup failed"))
        chain.set_attribute(SpanAttributes.OUTPUT_VALUE, json.dumps({"answer": "Traces."}))
        chain.set_attribute(SpanAttributes.OUTPUT_MIME_TYPE, "application/json")
    return ids


def genai_trace(tracer: Tracer, run_id: str) -> dict[str, Any]:
    ids: dict[str, Any] = {}
    with tracer.start_as_current_span(
        "invoke_agent support",
        attributes={
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.agent.name": "support",
            "gen_ai.conversation.id": f"conversation-{run_id}",
        },
    ) as agent:
        ids["trace"], ids["agent"] = hex_ids(agent)
        with tracer.start_as_current_span(
            "chat gpt-4o-mini",
            kind=SpanKind.CLIENT,
            attributes={
                "gen_ai.operation.name": "chat",
                "gen_ai.provider.name": "openai",
                "gen_ai.request.model": "gpt-4o-mini",
                "gen_ai.request.temperature": 0.3,
                "gen_ai.usage.input_tokens": 2000,
                "gen_ai.usage.output_tokens": 100,
            },
        ) as chat:
            ids["chat"] = hex_ids(chat)[1]
            chat.add_event("gen_ai.system.message", {"content": "You help customers."})
            chat.add_event("gen_ai.user.message", {"content": "Where is my order?"})
            chat.add_event(
                "gen_ai.choice",
                {
                    "index": 0,
                    "finish_reason": "tool_calls",
                    "message": json.dumps({"role": "assistant"}),
                },
            )
        with tracer.start_as_current_span(
            "execute_tool track_order",
            attributes={
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": "track_order",
                "gen_ai.tool.call.id": "call-1",
                "gen_ai.tool.call.arguments": json.dumps({"order": 7}),
                "gen_ai.tool.call.result": json.dumps({"status": "shipped"}),
            },
        ) as tool:
            ids["tool"] = hex_ids(tool)[1]
            tool.add_event("cache.lookup", {"hit": False})
    return ids


def main() -> None:
    run_id = os.environ["COMPAT_RUN_ID"]
    base = os.environ["AGENTTRACE_URL"]
    pair = f"{os.environ['LANGFUSE_PUBLIC_KEY']}:{os.environ['LANGFUSE_SECRET_KEY']}"
    basic = "Basic " + base64.b64encode(pair.encode()).decode()
    errors = ErrorRecords()
    logging.getLogger().addHandler(errors)

    langfuse_path = OTLPSpanExporter(
        endpoint=f"{base}/api/public/otel/v1/traces", headers={"Authorization": basic}
    )
    with provider(langfuse_path, "openinference-app") as tracer:
        openinference = openinference_trace(tracer, run_id)

    # The standard variables, as a user of any instrumentation sets them.
    os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = base
    os.environ["OTEL_EXPORTER_OTLP_HEADERS"] = f"Authorization={basic.replace(' ', '%20')}"
    os.environ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "gzip"
    with provider(OTLPSpanExporter(), "genai-app") as tracer:
        genai = genai_trace(tracer, run_id)

    if errors.messages:
        raise SystemExit("errors were logged:\n" + "\n".join(errors.messages))
    sys.stdout.write(json.dumps({"openinference": openinference, "genai": genai}) + "\n")


if __name__ == "__main__":
    main()
