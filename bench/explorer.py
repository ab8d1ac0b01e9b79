"""The web explorer's server side, in-process, on SQLite and PostgreSQL: what the UI asks
for its trace list, its 20,000-observation tree, its search and its dashboard.

    .venv/bin/python -m bench.explorer [--db sqlite|postgresql|all] [--traces 5000]
        [--observations 4] [--big 20000] [--requests 15]

The data set of ``bench/graphql.py`` (the same seed and ingestion), with a big trace of
``--big`` observations. Cases, each the UI's own operation from ``graphql/operations``:

- TraceSkeleton: the big trace's whole tree as columns, one statement (target under 1 s);
- TraceList: 50 rows with their server-cut input/output previews and own scores;
- TraceList with ``search``: a word in a third of the traces' names, then one found in a
  single trace, then the same with a one-day time range;
- TraceList with ``models`` and with ``metadata`` (``n=42``);
- Dashboard: totals, error count, percentiles, models and a series of hourly buckets.

Reported as in ``bench/graphql.py``: p50 and p95 of the whole request, its database time.
"""

from __future__ import annotations

import argparse
import asyncio

import httpx
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.graphql import BIG_TRACE, CLOCK, bench, get_json, measure, run_operation

LIST = {"first": 50, "withCount": True}
ONE_DAY = {"fromTimestamp": "2026-05-29T00:00:00Z", "toTimestamp": "2026-05-30T00:00:00Z"}


async def explorer_cases(client: httpx.AsyncClient, requests: int, big: int) -> None:
    # One trace carries a word no other does: the rare search's answer.
    await client.post(
        "/v1/traces",
        json={"id": "needle", "name": "chat", "output": "the zebra crossing", "timestamp": "2026-05-28T10:00:00Z"},
    )  # fmt: skip
    skeleton = (await run_operation(client, "TraceSkeleton", traceId=BIG_TRACE))["trace"]
    assert len(skeleton["skeleton"]["ids"]) == big
    found = await run_operation(client, "TraceList", filter={"search": "zebra"}, **LIST)
    assert [node["id"] for node in found["traces"]["nodes"]] == ["needle"]
    common = await get_json(client, "/v1/traces", search="chat", limit=1)

    def listing(**filter: object) -> object:
        return lambda: run_operation(client, "TraceList", filter=filter, **LIST)

    cases = [
        (f"TraceSkeleton, {big:,} observations", lambda: run_operation(client, "TraceSkeleton", traceId=BIG_TRACE)),
        ("TraceList: 50 rows, previews", listing()),
        (f"  search, common word ({common['meta']['totalCount']:,} traces)", listing(search="chat")),
        ("  search, rare word (1 trace)", listing(search="zebra")),
        ("  search, common word, one day", listing(search="chat", **ONE_DAY)),
        ("  models: claude-sonnet-4", listing(models=["claude-sonnet-4-20250514"])),
        ("  metadata n=42", listing(metadata=[{"key": "n", "value": "42"}])),
        ("Dashboard: hourly series, one week", lambda: run_operation(client, "Dashboard", bucket="HOUR", filter={"fromTimestamp": "2026-05-25T00:00:00Z", "toTimestamp": "2026-06-01T00:00:00Z"})),
    ]  # fmt: skip
    for name, run in cases:
        print((await measure(name, run, requests)).line(), flush=True)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--traces", type=int, default=5000)
    parser.add_argument("--observations", type=int, default=4, help="per trace")
    parser.add_argument("--big", type=int, default=20_000, help="observations of the big trace")
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args()
    event.listen(Engine, "before_cursor_execute", CLOCK.before)
    event.listen(Engine, "after_cursor_execute", CLOCK.after)
    for dialect in ("sqlite", "postgresql") if args.db == "all" else (args.db,):
        asyncio.run(
            bench(
                dialect,
                args.traces,
                args.observations,
                args.big,
                args.requests,
                explorer_cases,
                name="agenttrace_bench_explorer",
            )
        )


if __name__ == "__main__":
    main()
