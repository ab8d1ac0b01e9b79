"""Ingestion throughput with 1, 2 and 4 server processes on one PostgreSQL
(``agenttrace serve --workers N``): the same load as ``bench/ingest.py`` (batches of 100
mixed Langfuse events), from 8 concurrent clients, then every acknowledged event checked.

    .venv/bin/python -m bench.processes [--workers 1 2 4] [--seconds 15] [--clients 8]

Results go to bench/README.md ("Several processes"). On a machine with fewer cores than
processes plus the load generator, the extra processes compete for the same CPU: the
figure shows what the processes cost and share (one database, advisory locks), not what
more cores would buy.
"""

from __future__ import annotations

import argparse
import asyncio
import os

import asyncpg

from bench.ingest import BATCH_SIZE, EVENTS_PER_TRACE, POSTGRES_ADMIN, build_batches, run_load
from bench.ingest import stored_rows as count_rows
from tests.serving import serve


async def fresh_database(name: str) -> str:
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def drop_database(name: str) -> None:
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def bench(workers: int, seconds: float, clients: int) -> float:
    name = f"agenttrace_bench_processes_{os.getpid()}"
    url = await fresh_database(name)
    batches = build_batches(int(seconds * 300) + 300)
    try:
        with serve(
            url,
            "--workers",
            str(workers),
            AGENTTRACE_RATE_LIMIT_TIER="unlimited",
            AGENTTRACE_LOG_LEVEL="warning",
        ) as server:
            auth = server.printed_keys()
            queue = iter(batches)
            warm = await run_load(server, auth, queue, clients, 2.0, "postgresql")
            result = await run_load(server, auth, queue, clients, seconds, "postgresql")
        traces = (warm.batches + result.batches) * (BATCH_SIZE // EVENTS_PER_TRACE)
        expected = {"trace": traces, "observation": traces * 4, "score": traces * 2}
        stored = await count_rows(url)
    finally:
        await drop_database(name)
    print(
        f"{workers} process{'es' if workers > 1 else '  '} "
        f"{result.events_per_second:9,.0f} events/s   "
        f"p50 {result.percentile(0.5):6.1f} ms   p99 {result.percentile(0.99):6.1f} ms   "
        f"{result.acknowledged:,} acknowledged, {result.rejected} rejected   "
        f"stored {'all' if stored == expected else stored}"
    )
    if stored != expected or result.rejected:
        raise SystemExit("acknowledged events are missing")
    return result.events_per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    for workers in args.workers:
        asyncio.run(bench(workers, args.seconds, args.clients))


if __name__ == "__main__":
    main()
