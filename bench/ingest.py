"""Ingestion throughput: 4 clients post batches of 100 mixed Langfuse events to a real
server process, on SQLite and on PostgreSQL; then every acknowledged event is checked.

    .venv/bin/python -m bench.ingest [--db sqlite|postgresql|all] [--seconds 20]

The server runs as ``agenttrace serve`` in its own process (rate limiting off); this
process is the load generator. Batches are built and serialised before the clock starts,
so the client's own CPU cost is the HTTP round trip only. Reported: events/s, request
latency p50/p99, and whether the stored rows match what was acknowledged.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

from bench.limit import bracketed, measure
from tests.serving import RunningServer, serve

SEED = 20261128
BATCH_SIZE = 100
# One trace's worth of events: trace, 2 spans, generation + update, event, span updates, 2 scores
# (4 observations and 2 scores stored per trace).
EVENTS_PER_TRACE = 10
POSTGRES_ADMIN = os.environ.get(
    "AGENTTRACE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def trace_events(rng: random.Random, trace_id: str, start: float) -> list[dict[str, Any]]:
    def at(offset: float) -> str:
        return (
            time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(start + offset))
            + f".{int((start + offset) % 1 * 1e6):06d}Z"
        )

    span, child, gen = f"{trace_id}-s", f"{trace_id}-c", f"{trace_id}-g"
    text = "x" * rng.randint(50, 400)
    events = [
        ("trace-create", {"id": trace_id, "timestamp": at(0), "name": "agent-run", "userId": f"user-{rng.randint(1, 50)}", "sessionId": f"session-{rng.randint(1, 200)}", "tags": ["bench", rng.choice(["a", "b"])], "metadata": {"run": rng.randint(1, 9)}, "input": {"q": text}}, 0),
        ("span-create", {"id": span, "traceId": trace_id, "name": "plan", "startTime": at(0.01), "input": text}, 0.01),
        ("span-create", {"id": child, "traceId": trace_id, "parentObservationId": span, "name": "tool", "startTime": at(0.02)}, 0.02),
        ("generation-create", {"id": gen, "traceId": trace_id, "parentObservationId": span, "name": "llm", "startTime": at(0.03), "model": rng.choice(["gpt-4o", "claude-sonnet-4-20250514", "gpt-4o-mini"]), "input": [{"role": "user", "content": text}], "modelParameters": {"temperature": 0.2}}, 0.03),
        ("generation-update", {"id": gen, "traceId": trace_id, "endTime": at(0.9), "output": text, "usageDetails": {"input": rng.randint(100, 5000), "output": rng.randint(10, 800), "input_cached_tokens": rng.randint(0, 1000)}}, 0.9),
        ("event-create", {"id": f"{trace_id}-e", "traceId": trace_id, "parentObservationId": span, "name": "log", "startTime": at(0.5), "level": rng.choice(["DEFAULT", "WARNING"])}, 0.5),
        ("span-update", {"id": child, "traceId": trace_id, "endTime": at(0.4), "output": {"ok": True}}, 0.4),
        ("span-update", {"id": span, "traceId": trace_id, "endTime": at(1.0), "output": "done"}, 1.0),
        ("score-create", {"id": f"{trace_id}-q", "traceId": trace_id, "name": "quality", "value": rng.random()}, 1.1),
        ("score-create", {"id": f"{trace_id}-h", "traceId": trace_id, "observationId": gen, "name": "helpful", "value": rng.choice([0, 1]), "dataType": "BOOLEAN"}, 1.2),
    ]  # fmt: skip
    return [
        {
            "id": uuid.UUID(int=rng.getrandbits(128)).hex,
            "type": kind,
            "timestamp": at(offset),
            "body": body,
        }
        for kind, body, offset in events
    ]


def build_batches(count: int) -> list[bytes]:
    """``count`` batches of 10 traces of 10 events, the same for every run (fixed seed)."""
    rng = random.Random(SEED)
    start = time.time() - 3600
    batches = []
    for number in range(count):
        events: list[dict[str, Any]] = []
        for index in range(BATCH_SIZE // EVENTS_PER_TRACE):
            events.extend(
                trace_events(
                    rng, f"{number:08x}{index:08x}{rng.getrandbits(64):016x}", start + number
                )
            )
        batches.append(orjson.dumps({"batch": events}))
    return batches


@dataclass
class Result:
    dialect: str
    seconds: float
    batches: int = 0
    acknowledged: int = 0
    rejected: int = 0
    latencies: list[float] = field(default_factory=list)

    @property
    def events_per_second(self) -> float:
        return self.acknowledged / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def run_load(
    server: RunningServer,
    auth: tuple[str, str],
    queue: Iterator[bytes],
    clients: int,
    seconds: float,
    dialect: str,
) -> Result:
    result = Result(dialect=dialect, seconds=seconds)
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            body = next(queue, None)
            if body is None:
                raise RuntimeError("ran out of pre-built batches")
            began = time.perf_counter()
            response = await client.post(
                "/api/public/ingestion", content=body, headers={"Content-Type": "application/json"}
            )
            result.latencies.append(time.perf_counter() - began)
            outcome = response.json()
            result.batches += 1
            result.acknowledged += len(outcome["successes"])
            result.rejected += len(outcome["errors"])

    async with httpx.AsyncClient(
        base_url=server.url, auth=auth, timeout=60, limits=limits
    ) as client:
        began = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
        result.seconds = time.perf_counter() - began
    return result


async def stored_rows(url: str) -> dict[str, int]:
    """Row counts straight from the database the server wrote (one project in it)."""
    queries = {
        table: f"SELECT count(*) FROM {table}" for table in ("trace", "observation", "score")
    }
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return {table: connection.execute(sql).fetchone()[0] for table, sql in queries.items()}
    connection = await asyncpg.connect(url)
    try:
        return {table: await connection.fetchval(sql) for table, sql in queries.items()}
    finally:
        await connection.close()


async def bench(dialect: str, seconds: float, clients: int) -> None:
    batches = build_batches(int(seconds * 400) + 200)
    before = await measure(dialect)
    if dialect == "sqlite":
        url = f"sqlite:////tmp/agenttrace-bench-{os.getpid()}.db"
    else:
        name = f"agenttrace_bench_{os.getpid()}"
        admin = await asyncpg.connect(POSTGRES_ADMIN)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    with serve(
        url, AGENTTRACE_RATE_LIMIT_TIER="unlimited", AGENTTRACE_LOG_LEVEL="warning"
    ) as server:
        auth = server.printed_keys()
        queue = iter(batches)
        warm = await run_load(server, auth, queue, clients, 2.0, dialect)  # not counted
        result = await run_load(server, auth, queue, clients, seconds, dialect)
    limit = bracketed(before, await measure(dialect))
    traces = (warm.batches + result.batches) * (BATCH_SIZE // EVENTS_PER_TRACE)
    expected = {"trace": traces, "observation": traces * 4, "score": traces * 2}
    stored = await stored_rows(url)
    print(
        f"{dialect:10s} {result.events_per_second:9,.0f} events/s   "
        f"p50 {result.percentile(0.5):6.1f} ms   p99 {result.percentile(0.99):6.1f} ms   "
        f"{result.batches} batches, {result.acknowledged:,} acknowledged, {result.rejected} rejected   "
        f"stored {stored} (expected {expected})\n"
        f"{'':10s} {limit.fraction(result.events_per_second)}"
    )
    if dialect == "sqlite":
        remove_sqlite_files(url)
    else:
        admin = await asyncpg.connect(POSTGRES_ADMIN)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    if stored != expected or result.rejected:
        raise SystemExit("acknowledged events are missing")


def remove_sqlite_files(url: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    for dialect in ("sqlite", "postgresql") if args.db == "all" else (args.db,):
        asyncio.run(bench(dialect, args.seconds, args.clients))


if __name__ == "__main__":
    main()
