"""Evaluators: what matching costs ingestion, and how fast the job runtime works through
evaluations with a fake judge.

    .venv/bin/python -m bench.evaluators [--db sqlite|postgresql|all] [--seconds 10] [--rounds 3]
                                         [--jobs 1000]

1. Ingest throughput, ``bench/ingest.py``'s load (4 clients, batches of 100 mixed events),
   with no evaluator and with three enabled ones (a trace rule sampled at 1.0, an
   observation rule on generations at 0.5, a judge on tagged traces at 0.1), rounds
   alternated on fresh databases. The quiet period is an hour, so every matching trace
   queues its job in the ingest transaction but none runs during the measurement: the
   figure is what matching and queueing cost, not the CPU the evaluations take.
2. Job throughput: ``--jobs`` traces ingested at once, each matching one evaluator, quiet
   period 0; the time from the last ingest answer to the last job completed, for a rule
   and for an LLM judge (the fake OpenAI-compatible judge of the tests, answering at once),
   with the server's 4 workers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from typing import Any

import asyncpg
import httpx
import orjson

from bench.ingest import POSTGRES_ADMIN, build_batches, remove_sqlite_files, run_load
from tests.api.judge import fake_judge
from tests.serving import serve

THREE = [
    {"name": "bench-trace-rule", "type": "rule", "sampling": 1.0,
     "filter": {"traceNames": ["agent-run"]},
     "config": {"operator": "contains", "source": "input", "value": "x"}},
    {"name": "bench-generation-rule", "type": "rule", "target": "observation", "sampling": 0.5,
     "filter": {"observationTypes": ["GENERATION"]}, "config": {"operator": "json_valid"}},
    {"name": "bench-judge", "type": "llm_as_judge", "sampling": 0.1,
     "filter": {"tags": ["bench", "a"]}, "config": {"model": "good"}, "prompt": "{{input}}"},
]  # fmt: skip


async def fresh_url(dialect: str, tag: str) -> str:
    if dialect == "sqlite":
        return f"sqlite:////tmp/agenttrace-bench-evals-{os.getpid()}-{tag}.db"
    name = f"agenttrace_bench_evals_{os.getpid()}_{tag}"
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def drop(url: str) -> None:
    if url.startswith("sqlite"):
        remove_sqlite_files(url)
        return
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await admin.close()


async def count_jobs(url: str) -> tuple[int, int]:
    """(all jobs, finished jobs), straight from the database."""
    sql = "SELECT count(*), count(*) FILTER (WHERE status IN ('completed','failed','skipped')) FROM job"
    if url.startswith("sqlite"):
        import sqlite3

        sql = sql.replace("count(*) FILTER (WHERE", "sum(CASE WHEN").replace(
            "('completed','failed','skipped'))",
            "('completed','failed','skipped') THEN 1 ELSE 0 END)",
        )
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            total, done = connection.execute(sql).fetchone()
            return int(total), int(done or 0)
    connection = await asyncpg.connect(url)
    try:
        row = await connection.fetchrow(sql)
        return int(row[0]), int(row[1])
    finally:
        await connection.close()


def bearer(auth: tuple[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {auth[1]}"}


async def ingest_round(
    dialect: str, with_evaluators: bool, seconds: float, judge_url: str, tag: str
) -> float:
    url = await fresh_url(dialect, tag)
    env = {"AGENTTRACE_RATE_LIMIT_TIER": "unlimited", "AGENTTRACE_LOG_LEVEL": "warning",
           "AGENTTRACE_EVAL_QUIET_SECONDS": "3600", "AGENTTRACE_LLM_BASE_URL": judge_url}  # fmt: skip
    batches = build_batches(int(seconds * 400) + 200)
    try:
        with serve(url, **env) as server:
            auth = server.printed_keys()
            if with_evaluators:
                async with httpx.AsyncClient(base_url=server.url) as client:
                    for body in THREE:
                        made = await client.post("/v1/evaluators", json=body, headers=bearer(auth))
                        assert made.status_code == 201, made.text
            queue = iter(batches)
            await run_load(server, auth, queue, 4, 2.0, dialect)  # warm-up, not counted
            result = await run_load(server, auth, queue, 4, seconds, dialect)
        queued, _ = await count_jobs(url)
        if with_evaluators and queued == 0:
            raise SystemExit("no job was queued: the evaluators did not match")
        return result.events_per_second
    finally:
        await drop(url)


async def job_round(dialect: str, kind: str, jobs: int, judge_url: str) -> tuple[float, int]:
    url = await fresh_url(dialect, f"jobs-{kind}")
    env = {"AGENTTRACE_RATE_LIMIT_TIER": "unlimited", "AGENTTRACE_LOG_LEVEL": "warning",
           "AGENTTRACE_EVAL_QUIET_SECONDS": "0", "AGENTTRACE_LLM_BASE_URL": judge_url,
           "AGENTTRACE_LLM_API_KEY": "bench", "AGENTTRACE_WORKER_POLL_SECONDS": "0.05"}  # fmt: skip
    body: dict[str, Any] = (
        {"name": "rule", "type": "rule", "config": {"operator": "contains", "value": "yes"}}
        if kind == "rule"
        else {"name": "judge", "type": "llm_as_judge", "config": {"model": "good"},
              "prompt": "Q: {{input}}\nA: {{output}}"}
    )  # fmt: skip
    stamp = "2026-12-01T10:00:00Z"
    try:
        with serve(url, **env) as server:
            auth = server.printed_keys()
            async with httpx.AsyncClient(base_url=server.url, auth=auth, timeout=60) as client:
                made = await client.post("/v1/evaluators", json=body, headers=bearer(auth))
                assert made.status_code == 201, made.text
                for start in range(0, jobs, 100):
                    batch = {"batch": [
                        {"id": f"e{n}", "type": "trace-create", "timestamp": stamp,
                         "body": {"id": f"t{n}", "input": f"q{n}", "output": "yes"}}
                        for n in range(start, min(jobs, start + 100))
                    ]}  # fmt: skip
                    sent = await client.post("/api/public/ingestion", content=orjson.dumps(batch),
                                             headers={"Content-Type": "application/json"})  # fmt: skip
                    assert sent.status_code == 207
                began = time.perf_counter()
                while True:
                    total, done = await count_jobs(url)
                    if total == jobs and done == jobs:
                        break
                    await asyncio.sleep(0.05)
                return jobs / (time.perf_counter() - began), done
    finally:
        await drop(url)


async def bench(dialect: str, seconds: float, rounds: int, jobs: int) -> None:
    with fake_judge() as judge:
        none: list[float] = []
        three: list[float] = []
        for number in range(rounds):  # alternated, so drift in the VM's load hits both
            none.append(await ingest_round(dialect, False, seconds, judge.url, f"n{number}"))
            three.append(await ingest_round(dialect, True, seconds, judge.url, f"t{number}"))
        low = min(none + three)
        print(
            f"{dialect:10s} ingest events/s  none: median {statistics.median(none):,.0f} "
            f"({', '.join(f'{v:,.0f}' for v in none)})   three evaluators: median "
            f"{statistics.median(three):,.0f} ({', '.join(f'{v:,.0f}' for v in three)})   "
            f"change {statistics.median(three) / statistics.median(none) - 1:+.1%} "
            f"(lowest round {low:,.0f})"
        )
        for kind in ("rule", "judge"):
            rate, done = await job_round(dialect, kind, jobs, judge.url)
            print(f"{dialect:10s} {kind:5s} jobs/s {rate:7,.0f}   ({done} jobs completed)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1000)
    args = parser.parse_args()
    for dialect in ("sqlite", "postgresql") if args.db == "all" else (args.db,):
        asyncio.run(bench(dialect, args.seconds, args.rounds, args.jobs))


if __name__ == "__main__":
    main()
