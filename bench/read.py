"""Read-path latency at scale: trace lists (first and 1,000th page, with and without
filters, with and without totalCount) and the detail of a 20,000-observation trace.

    .venv/bin/python -m bench.read [--db postgresql|sqlite|all] [--traces N] [--requests 30]

Data is generated inside the database with one bulk INSERT … SELECT per table (Postgres:
generate_series; SQLite: a recursive CTE), not through HTTP: 1,000,000 traces and
10,000,000 observations on Postgres by default, 100,000 and 1,000,000 on SQLite, plus one
trace with 20,000 observations. Then a real server process answers HTTP requests and
this script times them (p50/p95 over --requests runs each) and prints EXPLAIN ANALYZE of
the main queries.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx

from agenttrace.core import lists
from agenttrace.core.pages import encode_cursor
from agenttrace.core.tracing import listing
from agenttrace.core.tracing.filters import TraceFilter
from agenttrace.core.tracing.tables import TRACE
from agenttrace.db import migrate
from agenttrace.settings import Settings
from bench.ingest import remove_sqlite_files
from tests.serving import serve

POSTGRES_ADMIN = os.environ.get(
    "AGENTTRACE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
PROJECT_ID = "bench-project"
BIG_TRACE = "big-trace"
BIG_TRACE_OBSERVATIONS = 20_000
OBSERVATIONS_PER_TRACE = 10
PAGE = 50
SECRET = "sk-at-bench-secret-key-0123456789abcdef"
PUBLIC = "pk-at-bench-public-key"


def trace_sql(dialect: str, traces: int) -> str:
    """One INSERT … SELECT for all traces: 20 names, 1,000 users, 50,000 sessions, three
    environments, seven tags, a trace every 2.5 s back from 2026-11-01."""
    if dialect == "postgresql":
        series = f"generate_series(1, {traces}) AS g"
        trace_id, time_of = (
            "md5(g::text)",
            "timestamptz '2026-11-01' - make_interval(secs => g * 2.5)",
        )
        json = (
            "jsonb_build_object('q', 'question ' || g)",
            "jsonb_build_object('a', 'answer ' || g)",
            "jsonb_build_object('k', g % 10)",
        )
        tags = "jsonb_build_array('tag-' || (g % 7), 'common')"
        environment = "(ARRAY['production','staging','dev'])[1 + g % 3]"
    else:
        series = f"(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {traces}) SELECT g FROM s)"
        trace_id, time_of = "printf('%032x', g)", "(1793491200000000 - g * 2500000)"
        json = (
            "json_object('q', 'question ' || g)",
            "json_object('a', 'answer ' || g)",
            "json_object('k', g % 10)",
        )
        tags = "json_array('tag-' || (g % 7), 'common')"
        environment = "CASE g % 3 WHEN 0 THEN 'production' WHEN 1 THEN 'staging' ELSE 'dev' END"
    return f"""
        INSERT INTO trace (project_id, id, timestamp, name, user_id, session_id, release, version, environment,
            input, output, metadata, tags, public, bookmarked, created_at, updated_at, field_times,
            start_time, end_time, latency, input_cost, output_cost, total_cost,
            input_tokens, output_tokens, total_tokens, observation_count, level)
        SELECT '{PROJECT_ID}', {trace_id}, {time_of}, 'name-' || (g % 20), 'user-' || (g % 1000),
            'session-' || (g % 50000), 'r' || (g % 5), 'v1', {environment},
            {json[0]}, {json[1]}, {json[2]}, {tags}, false, g % 100 = 0, {time_of}, {time_of}, '{{}}',
            {time_of}, {time_of}, (g % 97) / 10.0, (g % 89) * 0.0001, (g % 83) * 0.0002, (g % 89) * 0.0001 + (g % 83) * 0.0002,
            1000 + g % 500, 200 + g % 100, 1200 + g % 500 + g % 100, {OBSERVATIONS_PER_TRACE},
            CASE WHEN g % 50 = 0 THEN 'ERROR' ELSE 'DEFAULT' END
        FROM {series}
    """


def observation_sql(
    dialect: str, traces: int, trace_id_expression: str | None = None, count: int | None = None
) -> str:
    """Ten observations per trace (or ``count`` for one trace): a span, then children."""
    total = count or traces * OBSERVATIONS_PER_TRACE
    if dialect == "postgresql":
        series = f"generate_series(0, {total - 1}) AS g"
        parent_trace = trace_id_expression or f"md5(((g / {OBSERVATIONS_PER_TRACE}) + 1)::text)"
        time_of = "timestamptz '2026-11-01' - make_interval(secs => g * 0.25)"
        json = "jsonb_build_object('q', 'input ' || g)", "jsonb_build_object('a', 'output ' || g)"
        obs_id = "md5('o' || g::text)"
        parent = f"CASE WHEN g % {OBSERVATIONS_PER_TRACE} = 0 THEN NULL ELSE md5('o' || (g - g % {OBSERVATIONS_PER_TRACE})::text) END"
        empty = "'{}'"
    else:
        series = f"(WITH RECURSIVE s(g) AS (SELECT 0 UNION ALL SELECT g + 1 FROM s WHERE g < {total - 1}) SELECT g FROM s)"
        parent_trace = trace_id_expression or f"printf('%032x', g / {OBSERVATIONS_PER_TRACE} + 1)"
        time_of = "(1793491200000000 - g * 250000)"
        json = "json_object('q', 'input ' || g)", "json_object('a', 'output ' || g)"
        obs_id = "printf('o%031x', g)"
        parent = f"CASE WHEN g % {OBSERVATIONS_PER_TRACE} = 0 THEN NULL ELSE printf('o%031x', g - g % {OBSERVATIONS_PER_TRACE}) END"
        empty = "'{}'"
    if trace_id_expression is not None:
        obs_id = (
            obs_id.replace("'o'", "'big'")
            if dialect == "postgresql"
            else obs_id.replace("'o%031x'", "'b%031x'")
        )
        parent = (
            parent.replace("'o'", "'big'")
            if dialect == "postgresql"
            else parent.replace("'o%031x'", "'b%031x'")
        )
    return f"""
        INSERT INTO observation (project_id, id, trace_id, parent_observation_id, type, name, start_time, end_time,
            level, environment, input, output, metadata, model, usage_details, input_usage, output_usage, total_usage,
            input_cost, output_cost, total_cost, created_at, updated_at, field_times)
        SELECT '{PROJECT_ID}', {obs_id}, {parent_trace}, {parent},
            CASE WHEN g % {OBSERVATIONS_PER_TRACE} = 0 THEN 'SPAN' WHEN g % 3 = 0 THEN 'GENERATION' ELSE 'TOOL' END,
            'step-' || (g % 13), {time_of}, {time_of}, 'DEFAULT', 'production', {json[0]}, {json[1]}, {empty},
            'gpt-4o', {empty}, 100, 20, 120, 0.00025, 0.0002, 0.00045, {time_of}, {time_of}, {empty}
        FROM {series}
    """


async def generate(url: str, dialect: str, traces: int) -> float:
    began = time.perf_counter()
    now = "now()" if dialect == "postgresql" else "1793491200000000"
    statements = [
        f"INSERT INTO organization (id, name, created_at) VALUES ('bench-org', 'bench', {now})",
        f"INSERT INTO project (id, organization_id, name, metadata, created_at) VALUES ('{PROJECT_ID}', 'bench-org', 'bench', '{{}}', {now})",
        trace_sql(dialect, traces),
        observation_sql(dialect, traces),
        observation_sql(
            dialect, traces, trace_id_expression=f"'{BIG_TRACE}'", count=BIG_TRACE_OBSERVATIONS
        ),
        "INSERT INTO trace (project_id, id, timestamp, environment, metadata, tags, public, bookmarked, created_at, updated_at, field_times, "
        "start_time, end_time, latency, input_tokens, output_tokens, total_tokens, observation_count, level) "
        f"VALUES ('{PROJECT_ID}', '{BIG_TRACE}', {now}, 'production', '{{}}', '[]', false, false, {now}, {now}, '{{}}', "
        f"{now}, {now}, 0, 0, 0, 0, {BIG_TRACE_OBSERVATIONS}, 'DEFAULT')",
        "INSERT INTO trace_count (project_id, traces) SELECT project_id, count(*) FROM trace GROUP BY project_id",
        "INSERT INTO trace_session (project_id, id, environment, bookmarked, public, created_at) "
        "SELECT project_id, session_id, 'production', false, false, min(timestamp) FROM trace WHERE session_id IS NOT NULL GROUP BY project_id, session_id",
    ]
    if dialect == "postgresql":
        connection = await asyncpg.connect(url.replace("+asyncpg", ""))
        try:
            for statement in statements:
                await connection.execute(statement)
            await connection.execute("ANALYZE")
        finally:
            await connection.close()
    else:
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite+aiosqlite:///")) as connection:
            for statement in statements:
                connection.execute(statement)
            connection.execute("ANALYZE")
    return time.perf_counter() - began


@dataclass
class Timing:
    name: str
    samples: list[float]

    def line(self) -> str:
        ordered = sorted(self.samples)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        return f"  {self.name:58s} p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


async def timed(
    client: httpx.AsyncClient, name: str, path: str, params: dict[str, Any], requests: int
) -> Timing:
    samples = []
    for _ in range(requests + 2):
        began = time.perf_counter()
        response = await client.get(path, params=params)
        elapsed = time.perf_counter() - began
        if response.status_code != 200:
            raise SystemExit(f"{name}: {response.status_code} {response.text[:300]}")
        samples.append(elapsed)
    return Timing(name, samples[2:])  # the first two warm caches


def cursor_of_page(rows_before: list[Any]) -> str:
    """The cursor that the 1,000th page of the default sort starts after."""
    sort = listing.trace_sort("timestamp", "desc")
    timestamp, trace_id = rows_before
    return encode_cursor(sort, timestamp, trace_id)


async def thousandth_page_cursor(url: str, dialect: str, where: str, pages: int) -> str:
    offset = PAGE * (pages - 1) - 1
    query = f"SELECT timestamp, id FROM trace WHERE project_id = '{PROJECT_ID}' {where} ORDER BY timestamp DESC, id DESC LIMIT 1 OFFSET {offset}"
    if dialect == "postgresql":
        connection = await asyncpg.connect(url.replace("+asyncpg", ""))
        try:
            row = await connection.fetchrow(query)
        finally:
            await connection.close()
        return cursor_of_page([row[0], row[1]])
    import sqlite3

    from agenttrace.db.types import from_micros

    with sqlite3.connect(url.removeprefix("sqlite+aiosqlite:///")) as connection:
        timestamp, trace_id = connection.execute(query).fetchone()
    return cursor_of_page([from_micros(timestamp), trace_id])


async def explain(url: str, dialect: str) -> list[str]:
    """EXPLAIN ANALYZE of the list, count and detail queries the server runs."""
    from sqlalchemy.dialects import postgresql, sqlite

    sa_dialect = postgresql.asyncpg.dialect() if dialect == "postgresql" else sqlite.dialect()
    conditions = listing.trace_conditions(PROJECT_ID, TraceFilter(user_id="user-7"), dialect)  # type: ignore[arg-type]
    page = lists.keyset_statements(
        listing.columns_of(TRACE, True),
        conditions,
        sort=listing.trace_sort(None, None),
        limit=PAGE,
        cursor=None,
    )[0]
    by_cost = lists.keyset_statements(
        listing.columns_of(TRACE, True),
        listing.trace_conditions(PROJECT_ID, TraceFilter(), dialect),  # type: ignore[arg-type]
        sort=listing.trace_sort("totalCost", "desc"),
        limit=PAGE,
        cursor=None,
    )[0]
    statements = {
        "trace page ordered by totalCost": by_cost,
        "trace page (userId filter)": page,
        "totalCount (userId filter)": lists.count_statement(TRACE, conditions),
        "totalCount (no filter): what it would cost without the trace counter": lists.count_statement(
            TRACE, listing.trace_conditions(PROJECT_ID, TraceFilter(), dialect)
        ),  # type: ignore[arg-type]
    }
    lines = []
    for name, statement in statements.items():
        text = str(statement.compile(dialect=sa_dialect, compile_kwargs={"literal_binds": True}))
        prefix = "EXPLAIN ANALYZE " if dialect == "postgresql" else "EXPLAIN QUERY PLAN "
        lines.append(f"-- {name}")
        if dialect == "postgresql":
            connection = await asyncpg.connect(url.replace("+asyncpg", ""))
            try:
                lines += [row[0] for row in await connection.fetch(prefix + text)]
            finally:
                await connection.close()
        else:
            import sqlite3

            with sqlite3.connect(url.removeprefix("sqlite+aiosqlite:///")) as connection:
                lines += [str(row[-1]) for row in connection.execute(prefix + text)]
    return lines


def sqlite_file_exists(url: str) -> bool:
    return os.path.exists(url.removeprefix("sqlite:///"))


async def bench(dialect: str, traces: int, requests: int, reuse: bool) -> None:
    """``reuse``: keep the database of an earlier run with the same size (Postgres takes
    about ten minutes to generate)."""
    if dialect == "postgresql":
        name = f"agenttrace_bench_read_{traces}"
        url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        admin = await asyncpg.connect(POSTGRES_ADMIN)
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        fresh = not (reuse and exists)
        if fresh:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
    else:
        url = f"sqlite:////tmp/agenttrace-bench-read-{traces}.db"
        fresh = not (reuse and sqlite_file_exists(url))
        if fresh:
            remove_sqlite_files(url)
    settings = Settings(database_url=url)
    await migrate.upgrade(settings)
    if fresh:
        seconds = await generate(settings.database_url, dialect, traces)
        print(
            f"{dialect}: generated {traces:,} traces and {traces * OBSERVATIONS_PER_TRACE + BIG_TRACE_OBSERVATIONS:,} observations in {seconds:.0f} s"
        )
    else:
        print(
            f"{dialect}: reusing {traces:,} traces and {traces * OBSERVATIONS_PER_TRACE + BIG_TRACE_OBSERVATIONS:,} observations"
        )
    deep = min(1000, traces // 2 // PAGE)  # 1,000 unless --traces is too small for it
    page_deep = await thousandth_page_cursor(settings.database_url, dialect, "", deep)
    filtered_deep = await thousandth_page_cursor(
        settings.database_url, dialect, "AND environment IN ('production', 'staging')", deep
    )
    env = {"AGENTTRACE_INIT_PROJECT_NAME": "bench", "AGENTTRACE_INIT_PUBLIC_KEY": PUBLIC, "AGENTTRACE_INIT_SECRET_KEY": SECRET,
           "AGENTTRACE_RATE_LIMIT_TIER": "unlimited", "AGENTTRACE_LOG_LEVEL": "warning"}  # fmt: skip
    # The server's init settings find the generated project by name and add the key.
    with serve(url, **env) as server:
        async with httpx.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {SECRET}"}, timeout=120
        ) as client:
            cases = [
                ("page 1, no filter", "/v1/traces", {}),
                (f"page {deep:,}, no filter", "/v1/traces", {"cursor": page_deep}),
                (
                    "page 1, environment=production,staging",
                    "/v1/traces",
                    {"environment": "production,staging"},
                ),
                (
                    f"page {deep:,}, environment=production,staging",
                    "/v1/traces",
                    {"environment": "production,staging", "cursor": filtered_deep},
                ),
                ("page 1, userId=user-7", "/v1/traces", {"userId": "user-7"}),
                ("page 1, tags=tag-3", "/v1/traces", {"tags": "tag-3"}),
                ("page 1, orderBy=totalCost", "/v1/traces", {"orderBy": "totalCost"}),
            ]
            timings = []
            for label, path, query in cases:
                timings.append(
                    await timed(
                        client,
                        label + " (no totalCount)",
                        path,
                        {**query, "totalCount": "false"},
                        requests,
                    )
                )
                timings.append(await timed(client, label + " + totalCount", path, query, requests))
            timings.append(await timed(client, "trace of 20,000 observations (core fields, one page)", f"/v1/traces/{BIG_TRACE}",
                                       {"includeObservations": "true", "observationsLimit": "20000", "observationFields": "core"}, max(5, requests // 3)))  # fmt: skip
            timings.append(await timed(client, "trace of 20,000 observations (first 1,000 with IO)", f"/v1/traces/{BIG_TRACE}",
                                       {"includeObservations": "true"}, requests))  # fmt: skip
            timings.append(await timed(client, "trace of 20,000 observations as a tree (core)", f"/v1/traces/{BIG_TRACE}",
                                       {"tree": "true", "observationsLimit": "20000", "observationFields": "core"}, max(5, requests // 3)))  # fmt: skip
    for timing in timings:
        print(timing.line())
    for line in await explain(settings.database_url, dialect):
        print("   ", line)
    if dialect == "sqlite" and not reuse:
        remove_sqlite_files(url)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument(
        "--traces", type=int, help="default: 1,000,000 on Postgres, 100,000 on SQLite"
    )
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--reuse", action="store_true", help="keep and reuse the generated database"
    )
    args = parser.parse_args()
    for dialect in ("postgresql", "sqlite") if args.db == "all" else (args.db,):
        traces = args.traces or (1_000_000 if dialect == "postgresql" else 100_000)
        asyncio.run(bench(dialect, traces, args.requests, args.reuse))


if __name__ == "__main__":
    main()
