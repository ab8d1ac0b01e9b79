"""OTLP log events per second: Claude Code sessions' events (prompts, model calls with
cost, Bash and Edit tool results, decisions) posted as OTLP/HTTP protobuf exports to one
``agenttrace serve`` process; reported is events/s from the first post until the last
export is acknowledged (a 200 means committed), checked against ``/v1/observations``.

    .venv/bin/python -m bench.otlp_logs [--db sqlite|postgresql] [--sessions 200]
                                        [--clients 4] [--runs 3]

Exports are built and encoded with ``opentelemetry-proto`` before the clock starts, 512
records each (the SDK's default batch), in the documented Claude Code shape
(``tests/api/otlp_logs.py``), from a fixed seed.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import random
import statistics
import tempfile
import time
from typing import Any

import asyncpg
import httpx
import orjson

from bench.ingest import POSTGRES_ADMIN
from tests.api.otlp_logs import CLAUDE_RESOURCE, ClaudeSession, logs_export, logs_protobuf
from tests.serving import serve

SEED = 20261201
EXPORT_RECORDS = 512
PROMPTS_PER_SESSION = 5


def session_records(rng: random.Random, number: int) -> list[dict[str, Any]]:
    """One session: per prompt a user prompt, then 2 to 4 model calls, each with a tool
    decision and a tool result."""
    session = ClaudeSession(f"bench-session-{number}", user_id=f"dev-{number % 17}")
    at = 0
    for prompt in range(PROMPTS_PER_SESSION):
        prompt_id = f"s{number}-p{prompt}"
        session.event("user_prompt", prompt_id, at, prompt_length=rng.randint(5, 400))
        for _ in range(rng.randint(2, 4)):
            at += rng.randint(500, 4000)
            session.event(
                "api_request",
                prompt_id,
                at,
                model="claude-sonnet-4-5",
                cost_usd=round(rng.uniform(0.001, 0.05), 6),
                input_tokens=rng.randint(100, 5000),
                output_tokens=rng.randint(10, 800),
                cache_read_tokens=rng.randint(0, 20000),
                duration_ms=rng.randint(300, 4000),
            )
            tool = rng.choice(["Bash", "Edit", "Read"])
            parameters = (
                {"full_command": f"pytest -k test_{rng.randint(0, 99)}"}
                if tool == "Bash"
                else {"file_path": f"/repo/src/module_{rng.randint(0, 50)}.py"}
            )
            session.event(
                "tool_decision",
                prompt_id,
                at + 10,
                tool_name=tool,
                decision="accept",
                source="config",
            )
            session.event(
                "tool_result",
                prompt_id,
                at + 200,
                tool_name=tool,
                success="true",
                duration_ms=rng.randint(5, 2000),
                tool_parameters=orjson.dumps(parameters).decode(),
            )
        at += 10_000
    return session.records  # fmt: skip


def exports(sessions: int) -> tuple[list[bytes], int]:
    rng = random.Random(SEED)
    records = [r for number in range(sessions) for r in session_records(rng, number)]
    bodies = [
        logs_protobuf(logs_export(records[start : start + EXPORT_RECORDS], CLAUDE_RESOURCE))
        for start in range(0, len(records), EXPORT_RECORDS)
    ]
    return bodies, len(records)


async def post_all(url: str, basic: str, bodies: list[bytes], clients: int) -> float:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    headers = {"Authorization": basic, "Content-Type": "application/x-protobuf"}

    async def client() -> None:
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120) as http:
            while not queue.empty():
                body = queue.get_nowait()
                response = await http.post("/v1/logs", content=body)
                response.raise_for_status()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - started


async def _fresh_postgres(name: str) -> str:
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def run(database: str, bodies: list[bytes], events: int, clients: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        url = (
            f"sqlite:///{folder}/bench.db"
            if database == "sqlite"
            else asyncio.run(_fresh_postgres("agenttrace_bench_otlp_logs"))
        )
        with serve(url, AGENTTRACE_RATE_LIMIT_TIER="unlimited",
                   AGENTTRACE_LOG_LEVEL="warning") as server:  # fmt: skip
            public_key, secret_key = server.printed_keys()
            basic = "Basic " + base64.b64encode(f"{public_key}:{secret_key}".encode()).decode()
            seconds = asyncio.run(post_all(server.url, basic, bodies, clients))
            with httpx.Client(base_url=server.url, headers={"Authorization": basic}) as http:
                stored = http.get("/v1/observations", params={"limit": 1, "fields": "core"})
                total = int(stored.json()["meta"]["totalCount"])
            if total != events:
                raise SystemExit(f"expected {events} observations, found {total}")
            return events / seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bodies, events = exports(args.sessions)
    size = sum(len(body) for body in bodies)
    print(f"{events} events in {len(bodies)} exports ({size / 1e6:.1f} MB protobuf), "
          f"{args.clients} clients, {args.db}")  # fmt: skip
    rates = []
    for number in range(args.runs):
        rate = run(args.db, bodies, events, args.clients)
        rates.append(rate)
        print(f"run {number + 1}: {rate:,.0f} events/s")
    print(f"median {statistics.median(rates):,.0f} events/s "
          f"(min {min(rates):,.0f}, max {max(rates):,.0f})")  # fmt: skip


if __name__ == "__main__":
    main()
