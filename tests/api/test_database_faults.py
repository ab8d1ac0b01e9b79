"""Faults of the database under load: PostgreSQL going away (backends terminated, then
the connection cut at a proxy) gives 503 with ``Retry-After``, never another 5xx, and the
server recovers by itself; every acknowledged event is stored. SQLite running out of
space (``max_page_count``) gives 503 and recovers once there is room."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import text

from agenttrace.app import create_app
from agenttrace.db import Database
from agenttrace.settings import Settings
from tests.cut_proxy import cut_proxy
from tests.serving import serve

PUBLIC, SECRET = "pk-at-faults-0001", "sk-at-faults-secret-0001"
KEYS = {
    "AGENTTRACE_INIT_PROJECT_NAME": "faults",
    "AGENTTRACE_INIT_PUBLIC_KEY": PUBLIC,
    "AGENTTRACE_INIT_SECRET_KEY": SECRET,
    "AGENTTRACE_RATE_LIMIT_TIER": "unlimited",
}
T = "2026-06-01T10:00:00Z"


def batch(ids: list[str]) -> dict[str, Any]:
    return {
        "batch": [
            {
                "id": f"{trace_id}-e",
                "type": "trace-create",
                "timestamp": T,
                "body": {"id": trace_id, "name": "load"},
            }
            for trace_id in ids
        ]
    }


class Load:
    """Batches and single writes and reads, noting what was acknowledged and every answer."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.acknowledged: set[str] = set()
        self.statuses: list[int] = []
        self.unavailable_without_retry_after = 0
        self.graphql_codes: set[str] = set()

    def _note(self, response: httpx.Response) -> None:
        self.statuses.append(response.status_code)
        if response.status_code == 503 and "retry-after" not in response.headers:
            self.unavailable_without_retry_after += 1

    def step(self) -> bool:
        """One round; True when every request of it succeeded."""
        ids = [uuid.uuid4().hex for _ in range(5)]
        ok = True
        sent = self.client.post("/api/public/ingestion", json=batch(ids))
        self._note(sent)
        if sent.status_code == 207:
            body = sent.json()
            self.acknowledged |= {entry["id"].removesuffix("-e") for entry in body["successes"]}
            ok = not body["errors"]
        else:
            ok = False
        single = uuid.uuid4().hex
        created = self.client.post("/v1/traces", json={"id": single, "name": "one"})
        self._note(created)
        if created.status_code == 201:
            self.acknowledged.add(single)
        else:
            ok = False
        read = self.client.get("/v1/traces?limit=5")
        self._note(read)
        graphql = self.client.post("/graphql", json={"query": "{ project { id name } }"})
        self._note(graphql)
        errors = graphql.json().get("errors") or []
        self.graphql_codes |= {error["extensions"]["code"] for error in errors}
        return ok and read.status_code == 200 and graphql.status_code == 200 and not errors

    def until_recovered(self, seconds: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.step():
                return time.monotonic() - started
            time.sleep(0.2)
        raise AssertionError(f"not recovered after {seconds} s: {self.statuses[-12:]}")


async def stored_ids(database_url: str) -> set[str]:
    connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        rows = await connection.fetch("SELECT id FROM trace")
    finally:
        await connection.close()
    return {row["id"] for row in rows}


async def terminate_backends(database_url: str) -> int:
    name = urlsplit(database_url).path.lstrip("/")
    connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        return int(
            await connection.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> pg_backend_pid()",
                name,
            )
        )
    finally:
        await connection.close()


@pytest.mark.postgresql_only  # a PostgreSQL fault
async def test_postgresql_going_away_is_503_and_recovers_without_restart(
    dialect: str, fresh_database_url: str
) -> None:
    parts = urlsplit(fresh_database_url)
    with cut_proxy(parts.hostname or "127.0.0.1", parts.port or 5432) as proxy:
        through_proxy = fresh_database_url.replace(f":{parts.port}/", f":{proxy.port}/")
        with serve(through_proxy, **KEYS) as server:
            with httpx.Client(base_url=server.url, auth=(PUBLIC, SECRET), timeout=30) as client:
                load = Load(client)
                for _ in range(5):
                    assert load.step()
                # A restart, as the server sees one: every backend killed mid-load...
                assert await terminate_backends(fresh_database_url) >= 1
                load.until_recovered(20)
                # ...then the database unreachable for a while, then back.
                proxy.cut()
                outage = time.monotonic()
                while time.monotonic() - outage < 3:
                    load.step()
                assert 503 in load.statuses
                proxy.restore()
                recovery = load.until_recovered(30)
                for _ in range(5):
                    assert load.step()
            log = server.log()
    assert set(load.statuses) <= {200, 201, 207, 503}, sorted(set(load.statuses))
    assert load.unavailable_without_retry_after == 0
    assert load.graphql_codes <= {"SERVICE_UNAVAILABLE"}
    assert "Traceback" not in log, log[-3000:]
    assert recovery < 30
    missing = load.acknowledged - await stored_ids(fresh_database_url)
    assert missing == set()


@pytest.fixture
async def small_sqlite(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, Database]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'full.db'}", **{
        "init_project_name": "full", "init_public_key": PUBLIC, "init_secret_key": SECRET,
    })  # fmt: skip
    application = create_app(settings)
    async with LifespanManager(application) as manager:
        database: Database = manager._state["database"]  # type: ignore[attr-defined]
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://at.test", auth=(PUBLIC, SECRET)
        ) as client:
            yield client, database


async def set_max_pages(database: Database, pages: int | None) -> int:
    """Cap the writer connection's file at its current size (None: lift the cap)."""
    async with database.writer.connect() as connection:
        count = (await connection.exec_driver_sql("PRAGMA page_count")).scalar_one()
        limit = count if pages is None else pages
        await connection.exec_driver_sql(f"PRAGMA max_page_count = {limit}")
        return int(count)


async def test_sqlite_disk_full_is_503_and_recovers_with_nothing_acknowledged_lost(
    small_sqlite: tuple[httpx.AsyncClient, Database], caplog: pytest.LogCaptureFixture
) -> None:
    client, database = small_sqlite
    acknowledged: set[str] = set()
    before = [uuid.uuid4().hex for _ in range(20)]
    response = await client.post("/api/public/ingestion", json=batch(before))
    assert response.status_code == 207
    assert response.json()["errors"] == []
    acknowledged |= set(before)

    await set_max_pages(database, None)  # no page may be added from now on
    big = {"id": uuid.uuid4().hex, "name": "x", "input": "y" * 200_000}
    full = await client.post("/v1/traces", json=big)
    assert full.status_code == 503, full.text
    assert full.headers["retry-after"]
    assert full.json()["error"]["code"] == "unavailable"
    ids = [uuid.uuid4().hex for _ in range(50)]
    batch_body = batch(ids)
    for item in batch_body["batch"]:
        item["body"]["input"] = "z" * 20_000
    refused = await client.post("/api/public/ingestion", json=batch_body)
    assert refused.status_code == 503, refused.text
    assert (await client.get("/v1/traces?limit=1")).status_code == 200  # reads still work
    assert "database or disk is full" in caplog.text
    assert "y" * 100 not in caplog.text  # the statement's parameters (payloads) stay out
    assert "z" * 100 not in caplog.text

    await set_max_pages(database, 1_073_741_823)  # space is back
    again = await client.post("/v1/traces", json=big)
    assert again.status_code == 201
    acknowledged.add(big["id"])
    async with database.read() as session:
        stored = set((await session.execute(text("SELECT id FROM trace"))).scalars().all())
    assert acknowledged <= stored
