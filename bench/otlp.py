"""OTLP ingestion throughput: traces of 5 GenAI spans exported to one ``agenttrace serve``
process on SQLite; reported is spans/s from the first span until every span is readable
through ``/v1`` (``GET /v1/observations`` counts them).

    .venv/bin/python -m bench.otlp [--traces 8000] [--clients 1] [--runs 3] [--replay]
                                   [--processes N]

By default the load is the real OpenTelemetry Python SDK (``bench/otlp_client.py``): its
``BatchSpanProcessor`` and OTLP/HTTP protobuf exporter, in the SDK's own virtual
environment (the one the compatibility tests build under ``.compat-venvs/``), one process
per client. Each processor's queue holds every span of the run, so the SDK drops nothing,
and the script fails unless every span was acknowledged and is readable. The clock starts
when the first client starts creating spans, so the SDK's own cost is inside the figure.

``--replay`` measures the server alone: the same kind of exports, built and encoded with
``opentelemetry-proto`` before the clock starts, posted by concurrent HTTP clients.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import random
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from agenttrace.core.telemetry.processes import default_processes
from bench.limit import bracketed, measure
from tests.api.otlp import as_protobuf, export, span
from tests.compat.conftest import OTEL_SDK_REQUIREMENTS, OTEL_SDK_VENV, ensure_venv
from tests.serving import RunningServer, serve

CLIENT = Path(__file__).resolve().parent / "otlp_client.py"
SPANS_PER_TRACE = 5
EXPORT_SPANS = 512
SEED = 20261129
READ_TIMEOUT_SECONDS = 120
# Sends a run's spans to a server with the given Basic authorization; answers when it
# started, how many spans it sent, and notes for the report.
Load = Callable[[RunningServer, str], tuple[float, int, str]]


@dataclass
class Run:
    spans: int
    seconds: float
    notes: str

    @property
    def spans_per_second(self) -> float:
        return self.spans / self.seconds


def stored_spans(client: httpx.Client) -> int:
    response = client.get("/v1/observations", params={"limit": 1, "fields": "core"})
    response.raise_for_status()
    return int(response.json()["meta"]["totalCount"])


def measured(load: Load, processes: int | None = None) -> Run:
    """Serve a fresh SQLite database, apply ``load``, then wait until every span is readable.
    ``processes``: the server's ``AGENTTRACE_OTLP_PROCESSES`` (None: its default)."""
    workers = {} if processes is None else {"AGENTTRACE_OTLP_PROCESSES": str(processes)}
    with (
        tempfile.TemporaryDirectory() as folder,
        serve(
            f"sqlite:///{folder}/bench.db",
            AGENTTRACE_RATE_LIMIT_TIER="unlimited",
            AGENTTRACE_LOG_LEVEL="warning",
            **workers,
        ) as server,
    ):
        public_key, secret_key = server.printed_keys()
        basic = "Basic " + base64.b64encode(f"{public_key}:{secret_key}".encode()).decode()
        started, expected, notes = load(server, basic)
        with httpx.Client(
            base_url=server.url, headers={"Authorization": f"Bearer {secret_key}"}
        ) as client:
            deadline = time.time() + READ_TIMEOUT_SECONDS
            while (stored := stored_spans(client)) < expected and time.time() < deadline:
                time.sleep(0.01)
            readable = time.time()
    if stored != expected:
        raise SystemExit(f"spans lost: {expected} sent, {stored} readable")
    return Run(spans=expected, seconds=readable - started, notes=notes)


def sdk_load(python: Path, traces: int, clients: int, run: int) -> Load:
    def load(server: RunningServer, basic: str) -> tuple[float, int, str]:
        generators = [
            subprocess.Popen(
                [
                    str(python),
                    str(CLIENT),
                    f"--endpoint={server.url}/api/public/otel/v1/traces",
                    f"--authorization={basic}",
                    f"--traces={traces // clients}",
                    f"--seed={SEED + 100 * run + number}",
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for number in range(clients)
        ]
        summaries = [json.loads(process.communicate()[0]) for process in generators]
        spans = sum(summary["spans"] for summary in summaries)
        acknowledged = sum(summary["acknowledged"] for summary in summaries)
        if acknowledged != spans or any(summary["failed"] for summary in summaries):
            raise SystemExit(f"the SDK created {spans} spans but {acknowledged} were acknowledged")
        started = min(summary["started"] for summary in summaries)
        created = max(summary["created"] for summary in summaries) - started
        flushed = max(summary["flushed"] for summary in summaries) - started
        return started, spans, f"created after {created:.2f} s, flushed after {flushed:.2f} s"

    return load


def replay_exports(traces: int, run: int) -> list[bytes]:
    """Protobuf exports of ``EXPORT_SPANS`` spans, the same shape as the SDK client's traces."""
    rng = random.Random(SEED + run)
    spans = []
    for number in range(traces):
        trace_id = f"{run + 1:08x}{number + 1:024x}"
        root = f"{number + 1:015x}0"
        text = "x" * rng.randint(50, 400)
        spans.append(
            span(
                "invoke_agent support",
                trace_id=trace_id,
                span_id=root,
                end_ms=900,
                attrs={
                    "gen_ai.operation.name": "invoke_agent",
                    "gen_ai.conversation.id": f"conversation-{rng.randint(1, 500)}",
                    "user.id": f"user-{rng.randint(1, 50)}",
                    "input.value": text,
                },
            )
        )
        for step in range(1, SPANS_PER_TRACE):
            spans.append(
                span(
                    "chat",
                    trace_id=trace_id,
                    span_id=f"{number + 1:015x}{step}",
                    parent=root,
                    start_ms=step * 100,
                    end_ms=step * 100 + 80,
                    kind=3,
                    attrs={
                        "gen_ai.operation.name": "chat",
                        "gen_ai.provider.name": "openai",
                        "gen_ai.request.model": rng.choice(("gpt-4o", "gpt-4o-mini")),
                        "gen_ai.request.temperature": 0.2,
                        "gen_ai.usage.input_tokens": rng.randint(100, 5000),
                        "gen_ai.usage.output_tokens": rng.randint(10, 800),
                        "gen_ai.input.messages": json.dumps([{"role": "user", "content": text}]),
                        "gen_ai.output.messages": json.dumps(
                            [{"role": "assistant", "content": f"answer {number}.{step}"}]
                        ),
                    },
                )
            )
    resource = {"service.name": "bench", "service.version": "1.0.0"}
    return [
        as_protobuf(export(*spans[start : start + EXPORT_SPANS], resource=resource))
        for start in range(0, len(spans), EXPORT_SPANS)
    ]


def replay_load(exports: list[bytes], spans: int, clients: int) -> Load:
    def load(server: RunningServer, basic: str) -> tuple[float, int, str]:
        async def post_all() -> None:
            queue = iter(exports)
            headers = {"Content-Type": "application/x-protobuf", "Authorization": basic}
            async with httpx.AsyncClient(base_url=server.url, timeout=120) as client:

                async def worker() -> None:
                    for body in queue:
                        response = await client.post(
                            "/api/public/otel/v1/traces", content=body, headers=headers
                        )
                        if response.status_code != 200 or response.content:
                            raise SystemExit(f"export refused: {response.status_code}")

                await asyncio.gather(*(worker() for _ in range(clients)))

        started = time.time()
        asyncio.run(post_all())
        return started, spans, f"{len(exports)} exports of {EXPORT_SPANS} spans"

    return load


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--traces", type=int, default=8000, help="traces per run (all clients)")
    parser.add_argument("--clients", type=int, default=1, help="concurrent exporters")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--replay", action="store_true", help="pre-encoded exports, no SDK")
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="worker processes that map the exports (default: the server's, "
        f"{default_processes()} on this machine)",
    )
    args = parser.parse_args()
    python = None if args.replay else ensure_venv(OTEL_SDK_VENV, OTEL_SDK_REQUIREMENTS)
    before = asyncio.run(measure("sqlite"))
    runs = []
    for number in range(args.runs):
        if python is None:
            exports = replay_exports(args.traces, number)
            load = replay_load(exports, args.traces * SPANS_PER_TRACE, args.clients)
        else:
            load = sdk_load(python, args.traces, args.clients, number)
        run = measured(load, args.processes)
        runs.append(run)
        print(
            f"run {number + 1}: {run.spans:,} spans in {run.seconds:5.2f} s = "
            f"{run.spans_per_second:7,.0f} spans/s   ({run.notes})"
        )
    rates = sorted(run.spans_per_second for run in runs)
    limit = bracketed(before, asyncio.run(measure("sqlite")))
    print(
        f"sqlite   {'replay' if args.replay else 'SDK'}   clients {args.clients}   "
        f"processes {default_processes() if args.processes is None else args.processes}   "
        f"median {statistics.median(rates):7,.0f} spans/s   (min {rates[0]:,.0f}, "
        f"max {rates[-1]:,.0f}, {args.runs} runs of {runs[0].spans:,} spans)\n"
        f"         {limit.fraction(statistics.median(rates))}"
    )


if __name__ == "__main__":
    main()
