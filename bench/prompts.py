"""Prompt-fetch latency, the hot path of users' apps: ``GET /v1/prompts/:name`` (and
Langfuse's ``GET /api/public/v2/prompts/:name``) from the in-process cache and from the
database, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.prompts [--db sqlite|postgresql|all] [--prompts 200]
        [--versions 5] [--requests 300]

A real server process holds ``--prompts`` prompts (a fifth of them chat prompts, in
folders) of ``--versions`` versions each, labels on three of the versions, made through
``POST /v1/prompts`` from a fixed seed. One client fetches them over keep-alive HTTP,
cycling through 20 of them (as an app fetches a few prompts again and again) by default
label, by version and by label; p50 and p95 over ``--requests`` requests per case after a
first pass over the 20 (which fills the cache). "uncached" is the same server started
with ``AGENTTRACE_PROMPT_CACHE_SECONDS=0``; ``GET /health`` is the floor of a request
(HTTP, auth middleware, JSON) without any prompt work.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time

import httpx

from bench.ingest import remove_sqlite_files
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.serving import serve

SEED = 20261201
SECRET = "sk-at-bench-prompts-secret-0123456789abcdef"
PUBLIC = "pk-at-bench-prompts-public"
# Prompts an app fetches (a chat prompt among them).
HOT = 20


def prompt_bodies(prompts: int, versions: int) -> list[dict[str, object]]:
    rng = random.Random(SEED)
    bodies: list[dict[str, object]] = []
    for n in range(prompts):
        name = f"team-{n % 7}/prompt-{n}"
        for version in range(1, versions + 1):
            labels = {1: ["production"], 2: ["staging"], versions: ["canary"]}.get(version, [])
            words = " ".join(
                rng.choice(("review", "code", "carefully", "explain")) for _ in range(40)
            )
            if n % 5 == 0:
                prompt: object = [
                    {"role": "system", "content": f"You are {{{{role}}}}. {words}"},
                    {"type": "placeholder", "name": "history"},
                    {"role": "user", "content": "{{question}}"},
                ]
            else:
                prompt = f"{words} {{{{language}}}} {{{{ code }}}} v{version}"
            bodies.append({"name": name, "prompt": prompt, "labels": labels,
                           "config": {"model": "gpt-4o", "temperature": 0.2}, "tags": ["bench"]})  # fmt: skip
    return bodies


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def timed(
    client: httpx.AsyncClient, paths: list[tuple[str, dict[str, object]]], requests: int
) -> tuple[float, float]:
    samples = []
    warm = len(paths) + 2  # a first pass fills the cache (when there is one)
    for index in range(requests + warm):
        path, params = paths[index % len(paths)]
        began = time.perf_counter()
        response = await client.get(path, params=params)
        elapsed = time.perf_counter() - began
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
        samples.append(elapsed)
    kept = samples[warm:]
    return statistics.median(kept) * 1000, percentile(kept, 0.95)


async def measure(
    url: str, cache_seconds: str, prompts: int, versions: int, requests: int
) -> dict[str, tuple[float, float]]:
    env = {"AGENTTRACE_INIT_PROJECT_NAME": "bench", "AGENTTRACE_INIT_PUBLIC_KEY": PUBLIC,
           "AGENTTRACE_INIT_SECRET_KEY": SECRET, "AGENTTRACE_RATE_LIMIT_TIER": "unlimited",
           "AGENTTRACE_LOG_LEVEL": "warning", "AGENTTRACE_PROMPT_CACHE_SECONDS": cache_seconds}  # fmt: skip
    with serve(url, **env) as server:
        async with httpx.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {SECRET}"}, timeout=60
        ) as client:
            listed = await client.get("/v1/prompts", params={"limit": 1})
            if listed.json()["meta"]["totalCount"] == 0:
                for body in prompt_bodies(prompts, versions):
                    created = await client.post("/v1/prompts", json=body)
                    if created.status_code != 201:
                        raise SystemExit(f"create: {created.status_code} {created.text[:300]}")
            names = [f"team-{n % 7}/prompt-{n}" for n in range(0, prompts, max(1, prompts // HOT))]
            cases = {
                "health (floor)": [("/health", {})],
                "/v1 default label": [(f"/v1/prompts/{n}", {}) for n in names],
                "/v1 ?version=3": [(f"/v1/prompts/{n}", {"version": 3}) for n in names],
                "/v1 ?label=staging": [(f"/v1/prompts/{n}", {"label": "staging"}) for n in names],
                "Langfuse /v2 default label": [
                    (f"/api/public/v2/prompts/{n.replace('/', '%2F')}", {}) for n in names
                ],
            }
            # An app fetches a few prompts again and again: HOT of them, in turn, after a
            # pass that fills the cache; a case runs for a few seconds, within its 5 s.
            return {case: await timed(client, paths, requests) for case, paths in cases.items()}


async def bench(dialect: str, prompts: int, versions: int, requests: int) -> None:
    name = f"agenttrace_bench_prompts_{os.getpid()}"
    url = (
        f"sqlite:////tmp/agenttrace-bench-prompts-{os.getpid()}.db"
        if dialect == "sqlite"
        else await create_postgres_database(name)
    )
    try:
        cached = await measure(url, "5", prompts, versions, requests)
        uncached = await measure(url, "0", prompts, versions, requests)
    finally:
        if dialect == "sqlite":
            remove_sqlite_files(url)
        else:
            await drop_postgres_database(name)
    print(
        f"{dialect}: {prompts} prompts x {versions} versions, {requests} requests per case (p50 / p95 ms)"
    )
    for case in cached:
        c, u = cached[case], uncached[case]
        print(f"  {case:28s} cached {c[0]:6.2f} / {c[1]:6.2f}   uncached {u[0]:6.2f} / {u[1]:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--prompts", type=int, default=200)
    parser.add_argument("--versions", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    for dialect in ("sqlite", "postgresql") if args.db == "all" else (args.db,):
        asyncio.run(bench(dialect, args.prompts, args.versions, args.requests))


if __name__ == "__main__":
    main()
