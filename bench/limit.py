"""The raw insert limit: how many observation rows a second the database itself takes.

    .venv/bin/python -m bench.limit [--db sqlite|postgresql|all] [--rows 200000]

The same table as the server writes (migrated schema: same columns, indexes and JSON
encoding), the same statement (``db/bulk.py``'s upsert: ``executemany`` on SQLite,
``unnest`` arrays on PostgreSQL), the same driver (aiosqlite, asyncpg), SQLite's WAL
checkpointed as the server does it (``db/checkpoints.py``) and the same commit
size of a busy group commit (1,000 rows; one 100-event batch stores 70). Rows are built and converted to driver
values before the clock starts, so the figure is the database's and the driver's work
alone: the ceiling that ``bench/ingest.py`` and ``bench/otlp.py`` report their rate
against, measured in the same run so that the fraction compares across machines: once
before the load and once after it (``bracketed``), since a shared VM's speed drifts by a
third within minutes, and a limit read before the load alone can be read in another
minute than the load's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.dialects import postgresql, sqlite

from agenttrace.db.bulk import BulkInsert, bulk_insert
from agenttrace.db.checkpoints import WRITER_AUTOCHECKPOINT_PAGES, WalCheckpointer
from agenttrace.db.migrate import upgrade
from agenttrace.models.tracing import Observation
from agenttrace.settings import Settings

POSTGRES_ADMIN = os.environ.get(
    "AGENTTRACE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
# A 100-event Langfuse batch stores 70 rows (10 traces, 40 observations, 20 scores); under
# load the writer's group commit takes several batches at once. Per 70-row commit the limit
# is about half of this.
ROWS_PER_COMMIT = 1000
PROJECT = "bench-limit"
TABLE = Observation.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Limit:
    dialect: str
    rows: int
    seconds: float
    # The rate of each measurement pooled into this one (``bracketed``), in order.
    readings: tuple[float, ...] = ()

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds

    def fraction(self, events_per_second: float) -> str:
        """``events_per_second`` as a share of this limit, for a bench's report line."""
        readings = " and ".join(f"{rate:,.0f}" for rate in self.readings)
        return (
            f"{events_per_second / self.rows_per_second:5.1%} of the raw insert limit "
            f"({self.rows_per_second:,.0f} rows/s, {self.dialect}, same run"
            + (f": {readings} before and after)" if readings else ")")
        )


def bracketed(before: Limit, after: Limit) -> Limit:
    """The limit measured before and after a load, pooled (rows over seconds)."""
    return Limit(
        dialect=before.dialect,
        rows=before.rows + after.rows,
        seconds=before.seconds + after.seconds,
        readings=(before.rows_per_second, after.rows_per_second),
    )


def observation_rows(count: int) -> list[dict[str, Any]]:
    """Rows shaped like the ingest core's merged observations: JSON payloads, usage, costs."""
    start = datetime.now(UTC) - timedelta(hours=1)
    text = "x" * 200
    rows = []
    for number in range(count):
        at = start + timedelta(microseconds=number)
        generation = number % 4 == 3
        rows.append(
            {
                "project_id": PROJECT,
                "id": uuid.uuid4().hex,
                "trace_id": f"trace-{number // 4}",
                "parent_observation_id": None if number % 4 == 0 else f"obs-{number // 4}",
                "type": "GENERATION" if generation else "SPAN",
                "name": "llm" if generation else "plan",
                "start_time": at,
                "end_time": at + timedelta(milliseconds=900),
                "completion_start_time": None,
                "level": "DEFAULT",
                "status_message": None,
                "version": None,
                "environment": "default",
                "input": [{"role": "user", "content": text}] if generation else {"q": text},
                "output": text,
                "metadata": {"run": number % 9},
                "model": "gpt-4o" if generation else None,
                "internal_model": "gpt-4o" if generation else None,
                "model_parameters": {"temperature": 0.2} if generation else None,
                "usage_details": {"input": 1200, "output": 300} if generation else {},
                "provided_cost_details": None,
                "cost_details": {"input": 0.003, "output": 0.003} if generation else None,
                "input_usage": 1200 if generation else 0,
                "output_usage": 300 if generation else 0,
                "total_usage": 1500 if generation else 0,
                "input_cost": 0.003 if generation else None,
                "output_cost": 0.003 if generation else None,
                "total_cost": 0.006 if generation else None,
                "prompt_id": None,
                "prompt_name": None,
                "prompt_version": None,
                "created_at": at,
                "updated_at": at,
                "field_times": {"input": 1, "output": 2, "end_time": 2},
                "input_bytes": 230,
                "output_bytes": 202,
                "metadata_bytes": 9,
            }
        )
    return rows


def chunks(statement: BulkInsert, rows: list[dict[str, Any]]) -> list[Any]:
    return [
        statement.parameters(rows[at : at + ROWS_PER_COMMIT])
        for at in range(0, len(rows), ROWS_PER_COMMIT)
    ]


async def sqlite_limit(rows: list[dict[str, Any]]) -> Limit:
    import aiosqlite

    statement = bulk_insert(TABLE, sqlite.dialect(), "update", ("created_at",))
    batches = chunks(statement, rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "limit.db"
        await upgrade(Settings(database_url=f"sqlite:///{path}"))
        # Checkpoints as the server takes them: in the background, the writer's own only
        # past WRITER_AUTOCHECKPOINT_PAGES (db/checkpoints.py).
        checkpointer = WalCheckpointer(path, busy_timeout_ms=30_000)
        async with aiosqlite.connect(path, isolation_level=None) as connection:
            for pragma in (
                "journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536",
                f"wal_autocheckpoint={WRITER_AUTOCHECKPOINT_PAGES}", "foreign_keys=OFF",
            ):  # fmt: skip
                await connection.execute(f"PRAGMA {pragma}")
            checkpointer.start()
            began = time.perf_counter()
            for parameters in batches:
                await connection.execute("BEGIN IMMEDIATE")
                await connection.executemany(statement.sql, parameters)
                await connection.execute("COMMIT")
            seconds = time.perf_counter() - began
            await checkpointer.stop()
    return Limit("sqlite", len(rows), seconds)


async def postgres_limit(rows: list[dict[str, Any]]) -> Limit:
    statement = bulk_insert(TABLE, postgresql.asyncpg.dialect(), "update", ("created_at",))
    batches = chunks(statement, rows)
    name = f"agenttrace_limit_{os.getpid()}"
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        await upgrade(Settings(database_url=url))
        connection = await asyncpg.connect(url)
        try:
            # No foreign-key triggers (there is no project row): the rows' own cost only.
            await connection.execute("SET session_replication_role = replica")
            prepared = await connection.prepare(statement.sql)
            began = time.perf_counter()
            for (arrays,) in batches:
                async with connection.transaction():
                    await prepared.fetch(*arrays)
            seconds = time.perf_counter() - began
        finally:
            await connection.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    return Limit("postgresql", len(rows), seconds)


async def measure(dialect: str, count: int = 100_000) -> Limit:
    """The raw limit for ``dialect`` (``sqlite`` or ``postgresql``), measured now."""
    rows = observation_rows(count)
    return await (sqlite_limit(rows) if dialect == "sqlite" else postgres_limit(rows))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    for dialect in ("sqlite", "postgresql") if args.db == "all" else (args.db,):
        limit = asyncio.run(measure(dialect, args.rows))
        print(
            f"{dialect:10s} {limit.rows_per_second:9,.0f} rows/s   "
            f"({limit.rows:,} observation rows, {ROWS_PER_COMMIT} a commit)"
        )


if __name__ == "__main__":
    main()
