"""CPU per ingested event, in-process: the app (middleware, validation, ingest core, the
database driver) answers ``POST /api/public/ingestion`` (``--payload langfuse-later``:
each trace's updates and scores one request after its creates; ``--payload long-run``:
one trace growing by 100 generations a request, rounds in order; ``--payload otlp``:
``POST /api/public/otel/v1/traces`` with protobuf exports of 512 spans) through an
in-process ASGI client, one request at a time, and the process's CPU time (all threads,
the SQLite driver's too) is divided by the events (spans) stored. ``--processes N``
maps the OTLP exports in N worker processes (``AGENTTRACE_OTLP_PROCESSES``), whose CPU
is not counted: what is left is the server process's own share, the one its event loop
has to keep up with.

    .venv/bin/python -m bench.cpu [--db sqlite|postgresql|all]
                                  [--payload langfuse|langfuse-later|long-run|otlp]
                                  [--batches 300] [--rounds 5] [--processes 0]

Wall-clock throughput on a shared 2-core VM moves by ±30 % between minutes; CPU time per
event moves far less, so this is the figure to compare two versions of the ingest path by
(run both in the same minute). It uses only the public HTTP surface, so it runs unchanged
against older checkouts. The batches are ``bench/ingest.py``'s (fixed seed); each round
posts traces of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

import asyncpg
import httpx
import orjson
from asgi_lifespan import LifespanManager

from agenttrace.app import create_app
from agenttrace.settings import Settings
from bench.ingest import BATCH_SIZE, POSTGRES_ADMIN, build_batches
from bench.otlp import EXPORT_SPANS, SPANS_PER_TRACE, replay_exports

PUBLIC, SECRET = "pk-bench-cpu", "sk-bench-cpu-0123456789abcdef"


@dataclass(frozen=True)
class Payload:
    """What one kind of request carries: where it goes, how many events each holds, and
    how to build ``count`` of them (fixed seeds)."""

    path: str
    content_type: str
    events: int
    build: Callable[[int], list[bytes]]
    answered: int

    def refused(self, answer: httpx.Response) -> bool:
        if answer.status_code != self.answered:
            return True
        return self.answered == 207 and bool(answer.json()["errors"])


def long_run(count: int) -> list[bytes]:
    """One trace that grows by ``BATCH_SIZE`` generations a request, as an agent run
    streaming its steps: each round of the run adds to the same, ever longer trace, so a
    per-event cost that grows from round to round is a cost that grows with the trace."""
    bodies = []
    for number in range(count):
        events = [
            {
                "id": f"long-run-{number}-{step}",
                "type": "generation-create",
                "timestamp": "2026-12-01T00:00:00Z",
                "body": {
                    "id": f"long-run-step-{number}-{step}",
                    "traceId": "long-run",
                    "name": "step",
                    "startTime": f"2026-12-01T00:00:00.{number:04d}{step:02d}Z",
                    "endTime": f"2026-12-01T00:00:01.{number:04d}{step:02d}Z",
                    "model": "gpt-4o",
                    "usage": {"input": 10, "output": 5},
                    "input": "x" * 100,
                },
            }
            for step in range(BATCH_SIZE)
        ]
        bodies.append(orjson.dumps({"batch": events}))
    return bodies


def later_updates(count: int) -> list[bytes]:
    """``build_batches(count)`` with each trace's updates and scores sent in the next
    request, after its creates, as SDKs that flush often do: the ingest core then loads
    stored rows and aggregates stored traces (the last batch's updates are not sent)."""
    bodies, carried = [], []
    for body in build_batches(count):
        events = orjson.loads(body)["batch"]
        later = [e for e in events if e["type"].endswith("-update") or e["type"] == "score-create"]
        first = [e for e in events if e not in later]
        bodies.append(orjson.dumps({"batch": carried + first}))
        carried = later
    return bodies


PAYLOADS = {
    "langfuse": Payload(
        "/api/public/ingestion", "application/json", BATCH_SIZE, build_batches, 207
    ),
    "langfuse-later": Payload(
        "/api/public/ingestion", "application/json", BATCH_SIZE, later_updates, 207
    ),
    "long-run": Payload("/api/public/ingestion", "application/json", BATCH_SIZE, long_run, 207),
    "otlp": Payload(
        "/api/public/otel/v1/traces",
        "application/x-protobuf",
        EXPORT_SPANS,
        lambda count: replay_exports(count * EXPORT_SPANS // SPANS_PER_TRACE, run=0),
        200,
    ),
}


async def _postgres_database() -> str:
    name = f"agenttrace_bench_cpu_{os.getpid()}"
    connection = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def _drop_postgres(url: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await connection.close()


async def measure(
    dialect: str,
    batches: int,
    rounds: int,
    payload: Payload = PAYLOADS["langfuse"],
    post: bool = True,
    processes: int = 0,
) -> list[tuple[float, float]]:
    """(µs of CPU, µs of wall-clock time) per event, one pair per round: the wall-clock
    figure, one request at a time, also holds PostgreSQL's own work, which runs in another
    process. ``post=False`` builds the same requests and sends none:
    ``bench/instructions.py`` subtracts that run's count."""
    folder = tempfile.mkdtemp(prefix="agenttrace-cpu-")
    url = f"sqlite:///{folder}/bench.db" if dialect == "sqlite" else await _postgres_database()
    settings = Settings(
        database_url=url,
        rate_limit_tier="unlimited",
        init_project_name="bench",
        init_public_key=PUBLIC,
        init_secret_key=SECRET,
        otlp_processes=processes,
    )
    app = create_app(settings)
    figures: list[tuple[float, float]] = []
    try:
        # No start-up deadline: under valgrind (bench/instructions.py) it takes minutes.
        async with LifespanManager(app, startup_timeout=None, shutdown_timeout=None) as manager:
            gc.freeze()  # as `agenttrace serve` does once started (agenttrace/cli.py)
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", auth=(PUBLIC, SECRET)
            ) as client:
                every = payload.build(batches * rounds)
                for round_number in range(rounds):
                    bodies = every[round_number * batches : (round_number + 1) * batches]
                    started, clock = time.process_time(), time.perf_counter()
                    for body in bodies if post else ():
                        answer = await client.post(
                            payload.path,
                            content=body,
                            headers={"content-type": payload.content_type},
                        )
                        if payload.refused(answer):
                            raise RuntimeError(answer.text[:500])
                    events = max(batches * payload.events, 1)
                    figures.append(
                        (
                            (time.process_time() - started) / events * 1e6,
                            (time.perf_counter() - clock) / events * 1e6,
                        )
                    )
    finally:
        if dialect == "postgresql":
            await _drop_postgres(url)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--payload", choices=sorted(PAYLOADS), default="langfuse")
    parser.add_argument("--batches", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-post", action="store_true", help="build the requests, send none")
    parser.add_argument(
        "--processes", type=int, default=0, help="OTLP worker processes (their CPU is not counted)"
    )
    args = parser.parse_args()
    for dialect in ["sqlite", "postgresql"] if args.db == "all" else [args.db]:
        payload = PAYLOADS[args.payload]
        figures = asyncio.run(
            measure(
                dialect,
                args.batches,
                args.rounds,
                payload,
                post=not args.no_post,
                processes=args.processes,
            )
        )
        cpu, wall = [f[0] for f in figures], [f[1] for f in figures]
        print(
            f"{dialect:<11} {args.payload:<8} "
            f"{f'(OTLP workers: {args.processes}, not counted) ' if args.processes else ''}"
            f"CPU per event: median {statistics.median(cpu):.1f} µs "
            f"(min {min(cpu):.1f}; rounds {', '.join(f'{f:.1f}' for f in cpu)}); wall-clock "
            f"median {statistics.median(wall):.1f} µs (rounds {', '.join(f'{f:.1f}' for f in wall)})"
        )


if __name__ == "__main__":
    main()
