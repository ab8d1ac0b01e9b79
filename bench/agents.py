"""Coding-agent views at scale: the git-link timeline over 1,000 commits with 10,000
traces, and the replay of one trace with 5,000 observations and 2,000 agent records.

    .venv/bin/python -m bench.agents [--db sqlite|postgresql|all] [--requests 20]

A real server process is filled through batch ingestion (as the SDKs send), from a fixed
seed: 1,000 commits of 10 traces each (half tied by git links, half by the traces' own
gitCommitSha; 2 observations, one score each), and one trace with 5,000 observations and
500 each of file operations, terminal commands, checkpoints and git links (500 more
commits, on a branch of their own). Then each view
is timed over HTTP (p50/p95), after an ANALYZE (the statistics autovacuum would keep).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx

from bench.ingest import remove_sqlite_files
from bench.read import POSTGRES_ADMIN, Timing, timed
from tests.serving import serve

SECRET = "sk-at-bench-agents-secret-0123456789abcdef"
PUBLIC = "pk-at-bench-agents-public"
COMMITS, TRACES_PER_COMMIT = 1000, 10
REPLAY_OBSERVATIONS, REPLAY_RECORDS_PER_KIND = 5000, 500
BATCH = 500
START = datetime(2026, 1, 1, tzinfo=UTC)


def at(seconds: float) -> str:
    return (START + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def event(number: int, kind: str, body: dict[str, Any], when: str) -> dict[str, Any]:
    return {"id": f"ev-{number}", "type": kind, "timestamp": when, "body": body}


def timeline_events(seed: random.Random) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for commit in range(COMMITS):
        sha = f"{commit:040x}"
        when = commit * 3600.0
        for n in range(TRACES_PER_COMMIT):
            trace_id = f"t-{commit}-{n}"
            by_field = n % 2 == 0
            trace = {"id": trace_id, "name": "agent", "timestamp": at(when + n),
                     **({"gitCommitSha": sha, "gitBranch": "main"} if by_field else {})}  # fmt: skip
            events.append(event(len(events), "trace-create", trace, at(when + n)))
            for o in range(2):
                tokens = seed.randint(100, 2000)
                events.append(event(len(events), "generation-create", {
                    "id": f"o-{commit}-{n}-{o}", "traceId": trace_id, "model": "gpt-4o",
                    "startTime": at(when + n + o), "endTime": at(when + n + o + seed.random() * 3),
                    "level": "ERROR" if seed.random() < 0.02 else "DEFAULT",
                    "usage": {"input": tokens, "output": tokens // 4}}, at(when + n)))  # fmt: skip
            events.append(event(len(events), "score-create", {
                "traceId": trace_id, "name": "quality", "value": seed.random()}, at(when + n)))  # fmt: skip
            if not by_field:
                events.append(event(len(events), "git-link-create", {
                    "traceId": trace_id, "commitSha": sha, "branch": "main",
                    "commitTimestamp": at(when), "commitMessage": f"commit {commit}"}, at(when + n)))  # fmt: skip
    return events


def replay_events(seed: random.Random) -> list[dict[str, Any]]:
    trace_id = "replay-trace"
    events: list[dict[str, Any]] = [
        event(0, "trace-create", {"id": trace_id, "timestamp": at(0)}, at(0))
    ]
    for o in range(REPLAY_OBSERVATIONS):
        kind = "generation-create" if o % 3 == 0 else "span-create"
        events.append(event(len(events), kind, {
            "id": f"r-{o}", "traceId": trace_id, "name": "tool-edit" if o % 3 == 1 else "step",
            "model": "gpt-4o" if o % 3 == 0 else None, "startTime": at(o), "endTime": at(o + 0.5),
            "usage": {"input": 100, "output": 20} if o % 3 == 0 else None,
            "input": {"prompt": "x" * 200}, "output": {"text": "y" * 200}}, at(o)))  # fmt: skip
    for r in range(REPLAY_RECORDS_PER_KIND):
        when = at(r * 10 + 0.25)
        events += [
            event(len(events), "file-operation-create", {
                "traceId": trace_id, "operation": "update", "filePath": f"src/f{r % 50}.py",
                "startedAt": when, "diffPreview": "+x\n-y"}, when),
            event(len(events) + 1, "terminal-command-create", {
                "traceId": trace_id, "command": "pytest", "args": ["-q"], "exitCode": seed.choice([0, 0, 1]),
                "startedAt": when, "stdout": "." * 200}, when),
            event(len(events) + 2, "checkpoint-create", {
                "traceId": trace_id, "name": f"cp-{r}", "timestamp": when,
                "files": [{"path": f"src/f{i}.py", "size": 100, "sha256": f"{i:064x}"} for i in range(20)]}, when),
            event(len(events) + 3, "git-link-create", {
                "traceId": trace_id, "commitSha": f"replay-{r}", "branch": "replay",
                "commitTimestamp": when}, when),
        ]  # fmt: skip
    return events


async def send(client: httpx.AsyncClient, events: list[dict[str, Any]]) -> float:
    began = time.perf_counter()
    for start in range(0, len(events), BATCH):
        response = await client.post(
            "/api/public/ingestion", json={"batch": events[start : start + BATCH]}
        )
        errors = response.json().get("errors")
        if response.status_code != 207 or errors:
            raise SystemExit(f"ingestion failed: {response.status_code} {str(errors)[:300]}")
    return time.perf_counter() - began


async def analyze(url: str) -> None:
    """Fresh planner statistics, as autovacuum (Postgres) or a long-running server would
    have them: right after a bulk load the planner still thinks the tables are empty."""
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            connection.execute("ANALYZE")
        return
    connection = await asyncpg.connect(url)
    await connection.execute("ANALYZE")
    await connection.close()


async def database_url(dialect: str) -> str:
    if dialect == "sqlite":
        url = "sqlite:////tmp/agenttrace-bench-agents.db"
        remove_sqlite_files(url)
        return url
    name = "agenttrace_bench_agents"
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def bench(dialect: str, requests: int, keep: bool = False) -> None:
    url = await database_url(dialect)
    env = {"AGENTTRACE_INIT_PROJECT_NAME": "bench", "AGENTTRACE_INIT_PUBLIC_KEY": PUBLIC,
           "AGENTTRACE_INIT_SECRET_KEY": SECRET, "AGENTTRACE_RATE_LIMIT_TIER": "unlimited",
           "AGENTTRACE_LOG_LEVEL": "warning"}  # fmt: skip
    seed = random.Random(12)
    with serve(url, **env) as server:
        async with httpx.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {SECRET}"}, timeout=300
        ) as client:
            timeline = timeline_events(seed)
            replay = replay_events(seed)
            seconds = await send(client, timeline)
            print(f"{dialect}: ingested {len(timeline):,} timeline events in {seconds:.1f} s")
            seconds = await send(client, replay)
            print(f"{dialect}: ingested {len(replay):,} replay events in {seconds:.1f} s")
            await analyze(url)
            sha = f"{COMMITS // 2:040x}"
            cases = [
                ("timeline, branch=main (1,000 commits), page of 50", "/v1/git-links/timeline", {"branch": "main"}),
                ("timeline, branch=main, page of 1,000 (every commit)", "/v1/git-links/timeline",
                 {"branch": "main", "limit": "1000"}),
                ("timeline, no filter (1,500 commits), page of 50", "/v1/git-links/timeline", {}),
                ("one commit (links + figures)", f"/v1/git-links/commit/{sha}", {}),
                ("replay, 5,000 observations + 2,000 records", "/v1/traces/replay-trace/replay", {}),
                ("replay with observation IO", "/v1/traces/replay-trace/replay", {"includeIo": "true"}),
            ]  # fmt: skip
            timings: list[Timing] = [
                await timed(client, label, path, query, requests) for label, path, query in cases
            ]
            check = (
                await client.get(
                    "/v1/git-links/timeline", params={"limit": "1000", "branch": "main"}
                )
            ).json()
            assert check["meta"]["totalCount"] == COMMITS, check["meta"]
            assert sum(c["traceCount"] for c in check["data"]) == COMMITS * TRACES_PER_COMMIT
            events = (await client.get("/v1/traces/replay-trace/replay")).json()["events"]
            assert len(events) == REPLAY_OBSERVATIONS + 4 * REPLAY_RECORDS_PER_KIND
    for timing in timings:
        print(timing.line())
    if keep:
        return
    if dialect == "sqlite":
        remove_sqlite_files(url)
        return
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    await admin.execute('DROP DATABASE IF EXISTS "agenttrace_bench_agents" WITH (FORCE)')
    await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    for dialect in ("postgresql", "sqlite") if args.db == "all" else (args.db,):
        asyncio.run(bench(dialect, args.requests))


if __name__ == "__main__":
    main()
