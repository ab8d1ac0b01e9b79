"""CPU per ingested event, in-process: the app (middleware, validation, ingest core, the
database driver) answers ``POST /api/public/ingestion`` through an in-process ASGI client,
one batch at a time, and the process's CPU time (all threads, the SQLite driver's too) is
divided by the events stored.

    .venv/bin/python -m bench.cpu [--db sqlite|postgresql|all] [--batches 300] [--rounds 5]

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

import asyncpg
import httpx
from asgi_lifespan import LifespanManager

from agenttrace.app import create_app
from agenttrace.settings import Settings
from bench.ingest import BATCH_SIZE, POSTGRES_ADMIN, build_batches

PUBLIC, SECRET = "pk-bench-cpu", "sk-bench-cpu-0123456789abcdef"


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


async def measure(dialect: str, batches: int, rounds: int) -> list[float]:
    """µs of CPU per event, one figure per round."""
    folder = tempfile.mkdtemp(prefix="agenttrace-cpu-")
    url = f"sqlite:///{folder}/bench.db" if dialect == "sqlite" else await _postgres_database()
    settings = Settings(
        database_url=url,
        rate_limit_tier="unlimited",
        init_project_name="bench",
        init_public_key=PUBLIC,
        init_secret_key=SECRET,
    )
    app = create_app(settings)
    figures = []
    try:
        async with LifespanManager(app) as manager:
            gc.freeze()  # as `agenttrace serve` does once started (agenttrace/cli.py)
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", auth=(PUBLIC, SECRET)
            ) as client:
                every = build_batches(batches * rounds)
                for round_number in range(rounds):
                    bodies = every[round_number * batches : (round_number + 1) * batches]
                    started = time.process_time()
                    for body in bodies:
                        answer = await client.post(
                            "/api/public/ingestion",
                            content=body,
                            headers={"content-type": "application/json"},
                        )
                        if answer.status_code != 207 or answer.json()["errors"]:
                            raise RuntimeError(answer.text[:500])
                    spent = time.process_time() - started
                    figures.append(spent / (batches * BATCH_SIZE) * 1e6)
    finally:
        if dialect == "postgresql":
            await _drop_postgres(url)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--batches", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for dialect in ["sqlite", "postgresql"] if args.db == "all" else [args.db]:
        figures = asyncio.run(measure(dialect, args.batches, args.rounds))
        shown = ", ".join(f"{f:.1f}" for f in figures)
        print(
            f"{dialect:<11} CPU per event: median {statistics.median(figures):.1f} µs "
            f"(min {min(figures):.1f}; rounds {shown})"
        )


if __name__ == "__main__":
    main()
