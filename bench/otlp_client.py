"""The load generator of ``bench/otlp.py``: the OpenTelemetry SDK, as an instrumented app runs
it, creating traces of 5 GenAI spans as fast as it can and exporting them with the
OTLP/HTTP protobuf exporter through a ``BatchSpanProcessor``.

Runs in the OpenTelemetry SDK's own virtual environment (not the server's), started by
``bench/otlp.py``. The processor's queue holds every span the run creates, so the SDK
never drops one; the exporter is wrapped to count what the server acknowledged. Prints
one JSON line: when span creation started and ended, when the last export returned, and
how many spans were acknowledged or failed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence

from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.trace import SpanKind, Tracer

SPANS_PER_TRACE = 5
EXPORT_BATCH = 512
MODELS = ("gpt-4o", "gpt-4o-mini", "claude-sonnet-4-20250514")


class CountingExporter(SpanExporter):
    """The OTLP exporter, counting the spans the server acknowledged and those it did not."""

    def __init__(self, exporter: SpanExporter) -> None:
        self.exporter = exporter
        self.acknowledged = 0
        self.failed = 0

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        result = self.exporter.export(spans)
        if result is SpanExportResult.SUCCESS:
            self.acknowledged += len(spans)
        else:
            self.failed += len(spans)
        return result

    def shutdown(self) -> None:
        self.exporter.shutdown()


def one_trace(tracer: Tracer, rng: random.Random, number: int) -> None:
    """An agent run: two model calls, a tool call and an embedding."""
    text = "x" * rng.randint(50, 400)
    with tracer.start_as_current_span(
        "invoke_agent support",
        attributes={
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.agent.name": "support",
            "gen_ai.conversation.id": f"conversation-{rng.randint(1, 500)}",
            "user.id": f"user-{rng.randint(1, 50)}",
            "input.value": text,
        },
    ):
        for step in range(2):
            with tracer.start_as_current_span(
                "chat",
                kind=SpanKind.CLIENT,
                attributes={
                    "gen_ai.operation.name": "chat",
                    "gen_ai.provider.name": "openai",
                    "gen_ai.request.model": rng.choice(MODELS),
                    "gen_ai.request.temperature": 0.2,
                    "gen_ai.request.max_tokens": 512,
                    "gen_ai.usage.input_tokens": rng.randint(100, 5000),
                    "gen_ai.usage.output_tokens": rng.randint(10, 800),
                    "gen_ai.input.messages": json.dumps([{"role": "user", "content": text}]),
                    "gen_ai.output.messages": json.dumps(
                        [{"role": "assistant", "content": f"answer {number}.{step}"}]
                    ),
                },
            ):
                pass
        with tracer.start_as_current_span(
            "execute_tool lookup",
            attributes={
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": "lookup",
                "gen_ai.tool.call.id": f"call-{number}",
                "gen_ai.tool.call.arguments": json.dumps({"id": number}),
                "gen_ai.tool.call.result": json.dumps({"found": True}),
            },
        ):
            pass
        with tracer.start_as_current_span(
            "embeddings",
            attributes={
                "gen_ai.operation.name": "embeddings",
                "gen_ai.request.model": "text-embedding-3-small",
                "gen_ai.usage.input_tokens": rng.randint(10, 200),
            },
        ):
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--authorization", required=True)
    parser.add_argument("--traces", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()

    spans = args.traces * SPANS_PER_TRACE
    exporter = CountingExporter(
        OTLPSpanExporter(
            endpoint=args.endpoint, headers={"Authorization": args.authorization}, timeout=120
        )
    )
    provider = TracerProvider(
        resource=Resource.create({"service.name": "bench", "service.version": "1.0.0"})
    )
    provider.add_span_processor(
        BatchSpanProcessor(
            exporter,
            max_queue_size=spans,
            max_export_batch_size=EXPORT_BATCH,
            schedule_delay_millis=50,
            export_timeout_millis=120_000,
        )
    )
    tracer = provider.get_tracer("bench.otlp", "1.0.0")
    rng = random.Random(args.seed)
    started = time.time()
    for number in range(args.traces):
        one_trace(tracer, rng, number)
    created = time.time()
    provider.force_flush(timeout_millis=600_000)
    flushed = time.time()
    provider.shutdown()
    summary = {
        "started": started,
        "created": created,
        "flushed": flushed,
        "spans": spans,
        "acknowledged": exporter.acknowledged,
        "failed": exporter.failed,
    }
    sys.stdout.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
