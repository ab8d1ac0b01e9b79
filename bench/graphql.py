"""GraphQL read latency against REST for the same data, in-process, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.graphql [--db sqlite|postgresql|all] [--traces 1000]
        [--observations 10] [--big 5000] [--requests 30]

The trace explorer's operations (``graphql/operations``) run against the app in this
process (``httpx.ASGITransport``, no network), beside the ``/v1`` requests that fetch the
same data:

- TraceList: 50 traces with their aggregates, against ``GET /v1/traces?limit=50&fields=core``;
- TraceListWithObservations: 50 traces, each with its observations and scores, against the
  list plus one ``/v1/traces/:id?includeObservations&includeScores`` per trace (what a REST
  client has to do);
- TraceDetail of a trace of ``--big`` observations: the first page of 1,000, and all of
  them (GraphQL pages at most 1,000 at a time), against ``/v1/traces/:id`` with as many.

Data goes in through Langfuse ingestion (so every aggregate is the ingest core's), built
from a fixed seed; its SHA-256 is printed so runs can be compared. Each case: p50 and p95
of the whole request over ``--requests`` runs after 2 warm-ups, split into database time
(statements, as SQLAlchemy's cursor events see them, rows fetched included) and the rest
(Python: rows into objects, GraphQL execution or REST shaping, JSON); for GraphQL also the
execution alone without the database (from an extension timing ``on_execute``).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
from asgi_lifespan import LifespanManager
from sqlalchemy import event
from sqlalchemy.engine import Engine
from strawberry.extensions import SchemaExtension

from agenttrace.app import create_app
from agenttrace.graphql.schema import schema
from agenttrace.settings import Settings

SEED = 20260501
POSTGRES_ADMIN = os.environ.get(
    "AGENTTRACE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
SECRET = "sk-at-bench-graphql-secret-0123456789abcdef"
PUBLIC = "pk-at-bench-graphql-public"
OPERATIONS = Path(__file__).resolve().parents[1] / "graphql" / "operations"
BIG_TRACE = "big-trace"
BATCH = 1000


def trace_events(rng: random.Random, number: int, observations: int) -> Iterator[dict[str, Any]]:
    """A trace with a root span, generations and tool calls under it, and two scores."""
    trace_id = f"trace-{number:06d}"
    start = 1_780_000_000 + number * 7

    def at(seconds: float) -> str:
        whole = int(start + seconds)
        return (
            time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
            + f".{int(seconds % 1 * 1000):03d}Z"
        )

    text = "x" * rng.randint(40, 400)
    yield {"type": "trace-create", "body": {"id": trace_id, "timestamp": at(0), "name": rng.choice(["chat", "search", "agent"]), "userId": f"user-{rng.randint(1, 50)}", "sessionId": f"session-{number // 4}", "tags": ["bench", rng.choice(["a", "b"])], "input": {"q": text}, "output": {"a": text}, "metadata": {"n": number}}}  # fmt: skip
    yield {"type": "span-create", "body": {"id": f"{trace_id}-0", "traceId": trace_id, "name": "run", "startTime": at(0), "endTime": at(observations), "input": text}}  # fmt: skip
    for step in range(1, observations):
        body: dict[str, Any] = {"id": f"{trace_id}-{step}", "traceId": trace_id, "parentObservationId": f"{trace_id}-0", "name": f"step-{step}", "startTime": at(step), "endTime": at(step + 0.5), "input": text, "output": text}  # fmt: skip
        if step % 2:
            body |= {"model": rng.choice(["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-20250514"]), "usage": {"input": rng.randint(100, 5000), "output": rng.randint(10, 800)}}  # fmt: skip
        yield {"type": "generation-create" if step % 2 else "tool-create", "body": body}
    yield {"type": "score-create", "body": {"id": f"{trace_id}-q", "traceId": trace_id, "name": "quality", "value": rng.random()}}  # fmt: skip
    yield {"type": "score-create", "body": {"id": f"{trace_id}-h", "traceId": trace_id, "observationId": f"{trace_id}-1", "name": "helpful", "value": rng.choice([0, 1]), "dataType": "BOOLEAN"}}  # fmt: skip


def big_trace_events(rng: random.Random, observations: int) -> Iterator[dict[str, Any]]:
    """One trace of ``observations`` observations, ten children to a parent."""
    yield {"type": "trace-create", "body": {"id": BIG_TRACE, "timestamp": "2026-06-01T00:00:00Z", "name": "long-agent-run"}}  # fmt: skip
    for step in range(observations):
        seconds = step * 0.1
        at = f"2026-06-01T{int(seconds // 3600):02d}:{int(seconds // 60 % 60):02d}:{seconds % 60:06.3f}Z"
        parent = None if step == 0 else f"{BIG_TRACE}-{(step - 1) // 10:05d}"
        yield {"type": "span-create", "body": {"id": f"{BIG_TRACE}-{step:05d}", "traceId": BIG_TRACE, "parentObservationId": parent, "name": f"step-{step % 13}", "startTime": at, "endTime": at, "input": {"x": "y" * rng.randint(20, 200)}, "output": "z" * rng.randint(20, 200)}}  # fmt: skip


def dataset(traces: int, observations: int, big: int) -> tuple[list[list[dict[str, Any]]], str]:
    """Ingestion batches from the fixed seed, and their SHA-256."""
    rng = random.Random(SEED)
    events = [e for n in range(traces) for e in trace_events(rng, n, observations)]
    events += big_trace_events(rng, big)
    for number, item in enumerate(events):
        item |= {"id": f"event-{number}", "timestamp": "2026-06-01T00:00:00Z"}
    digest = hashlib.sha256(orjson.dumps(events)).hexdigest()
    return [events[i : i + BATCH] for i in range(0, len(events), BATCH)], digest


@dataclass
class Clock:
    """Database time of the statements run since the last ``reset`` (every engine)."""

    database: float = 0.0
    execution: float = 0.0
    started: dict[int, float] = field(default_factory=dict)

    def before(self, conn: Any, cursor: Any, *_: Any) -> None:
        self.started[id(cursor)] = time.perf_counter()

    def after(self, conn: Any, cursor: Any, *_: Any) -> None:
        self.database += time.perf_counter() - self.started.pop(id(cursor))

    def reset(self) -> None:
        self.database = self.execution = 0.0


CLOCK = Clock()


class ExecutionTimer(SchemaExtension):
    """Bench-only: the time between the start and the end of execution."""

    def on_execute(self) -> Iterator[None]:
        began = time.perf_counter()
        yield
        CLOCK.execution += time.perf_counter() - began


@dataclass
class Timing:
    name: str
    total: list[float] = field(default_factory=list)
    database: list[float] = field(default_factory=list)
    execution: list[float] = field(default_factory=list)

    def line(self) -> str:
        def p(values: list[float], q: float) -> float:
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

        total50, db50 = (
            statistics.median(self.total) * 1000,
            statistics.median(self.database) * 1000,
        )
        text = f"  {self.name:46s} p50 {total50:7.1f} ms  p95 {p(self.total, 0.95):7.1f} ms  db {db50:6.1f} ms  python {total50 - db50:7.1f} ms"
        if any(self.execution):
            execution = (
                statistics.median(e - d for e, d in zip(self.execution, self.database, strict=True))
                * 1000
            )
            text += f"  (graphql execution w/o db {execution:6.1f} ms)"
        return text


async def measure(name: str, run: Callable[[], Awaitable[None]], requests: int) -> Timing:
    timing = Timing(name)
    for number in range(requests + 2):
        CLOCK.reset()
        began = time.perf_counter()
        await run()
        elapsed = time.perf_counter() - began
        if number >= 2:  # the first two warm caches
            timing.total.append(elapsed)
            timing.database.append(CLOCK.database)
            timing.execution.append(CLOCK.execution)
    return timing


async def _postgres(statement: str) -> None:
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


Report = Callable[[httpx.AsyncClient, int, int], Awaitable[None]]


async def bench(
    dialect: str,
    traces: int,
    observations: int,
    big: int,
    requests: int,
    cases: Report | None = None,
    name: str = "agenttrace_bench_graphql",
) -> None:
    """Ingest the data set into a fresh database of ``dialect``, then run ``cases`` (this
    module's ``report`` unless given: ``bench/explorer.py`` brings its own)."""
    batches, digest = dataset(traces, observations, big)
    with tempfile.TemporaryDirectory() as directory:
        if dialect == "postgresql":
            await _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await _postgres(f'CREATE DATABASE "{name}"')
            url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        else:
            url = f"sqlite:///{directory}/bench.db"
        settings = Settings(
            database_url=url,
            rate_limit_tier="unlimited",
            init_project_name="bench",
            init_public_key=PUBLIC,
            init_secret_key=SECRET,
            log_level="warning",
        )
        async with LifespanManager(create_app(settings)) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            auth = {"Authorization": f"Bearer {SECRET}"}
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", headers=auth, timeout=300
            ) as client:
                began = time.perf_counter()
                for batch in batches:
                    response = await client.post("/api/public/ingestion", json={"batch": batch})
                    if response.status_code != 207 or response.json()["errors"]:
                        raise SystemExit(f"ingestion failed: {response.text[:300]}")
                events = sum(len(batch) for batch in batches)
                print(
                    f"{dialect}: {traces:,} traces of {observations} observations and one of "
                    f"{big:,}; {events:,} events (sha256 {digest[:16]}) ingested in "
                    f"{time.perf_counter() - began:.1f} s"
                )
                await (cases or report)(client, requests, big)
    if dialect == "postgresql":
        await _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def run_operation(client: httpx.AsyncClient, name: str, **variables: Any) -> dict[str, Any]:
    """One operation of ``graphql/operations``; a GraphQL error ends the bench."""
    query = (OPERATIONS / f"{name}.graphql").read_text()
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    if "errors" in body:
        raise SystemExit(f"{name}: {body['errors']}")
    return body["data"]  # type: ignore[no-any-return]


async def get_json(client: httpx.AsyncClient, path: str, **query: Any) -> dict[str, Any]:
    response = await client.get(path, params=query)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
    return response.json()  # type: ignore[no-any-return]


async def report(client: httpx.AsyncClient, requests: int, big: int) -> None:
    async def graphql(name: str, **variables: Any) -> dict[str, Any]:
        return await run_operation(client, name, **variables)

    async def rest(path: str, **query: Any) -> dict[str, Any]:
        return await get_json(client, path, **query)

    async def rest_list_with_details() -> None:
        listed = await rest("/v1/traces", limit=50, fields="core")
        for trace in listed["data"]:
            await rest(f"/v1/traces/{trace['id']}", includeObservations="true", includeScores="true", observationFields="core", observationsLimit=100)  # fmt: skip

    async def graphql_walk() -> None:
        after = None
        while True:
            page = (await graphql("TraceDetail", id=BIG_TRACE, observationsAfter=after))["trace"][
                "observations"
            ]
            if not page["pageInfo"]["hasNextPage"]:
                return
            after = page["pageInfo"]["endCursor"]

    listed = (await graphql("TraceList", first=50, withCount=True))["traces"]
    rest_listed = await rest("/v1/traces", limit=50)
    assert [node["id"] for node in listed["nodes"]] == [t["id"] for t in rest_listed["data"]]
    assert listed["totalCount"] == rest_listed["meta"]["totalCount"]

    cases = [
        ("TraceList (50 traces, aggregates, previews)", lambda: graphql("TraceList", first=50, withCount=True)),
        ("  REST /v1/traces?limit=50&fields=core", lambda: rest("/v1/traces", limit=50, fields="core")),
        ("TraceListWithObservations (50 + obs + scores)", lambda: graphql("TraceListWithObservations")),
        ("  REST list + 50 trace details", rest_list_with_details),
        (f"TraceDetail, {big:,} obs: first 1,000", lambda: graphql("TraceDetail", id=BIG_TRACE)),
        ("  REST /v1/traces/:id, 1,000 obs + scores", lambda: rest(f"/v1/traces/{BIG_TRACE}", includeObservations="true", includeScores="true", observationsLimit=1000)),
        (f"TraceDetail, {big:,} obs: all, in pages", graphql_walk),
        (f"  REST /v1/traces/:id, {big:,} obs + scores", lambda: rest(f"/v1/traces/{BIG_TRACE}", includeObservations="true", includeScores="true", observationsLimit=big)),
    ]  # fmt: skip
    for name, run in cases:
        few = name.startswith(("  REST list", "TraceDetail", "  REST /v1/traces/:id"))
        print(
            (await measure(name, run, max(5, requests // 3) if few else requests)).line(),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--traces", type=int, default=1000)
    parser.add_argument("--observations", type=int, default=10, help="per trace")
    parser.add_argument("--big", type=int, default=5000, help="observations of the big trace")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    event.listen(Engine, "before_cursor_execute", CLOCK.before)
    event.listen(Engine, "after_cursor_execute", CLOCK.after)
    schema.extensions = (*schema.extensions, ExecutionTimer)
    for dialect in ("sqlite", "postgresql") if args.db == "all" else (args.db,):
        asyncio.run(bench(dialect, args.traces, args.observations, args.big, args.requests))


if __name__ == "__main__":
    main()
