"""Several real server processes on one database behave as one server: a rate limit
counted across them through one Redis (and in-process limits, never a 5xx, when that
Redis dies), live views that see writes made through another process (PostgreSQL
LISTEN/NOTIFY, or Redis pub/sub), ``serve --workers``, and a revoked key refused by the
other processes within its cache bound."""

from __future__ import annotations

import asyncio
import math
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import orjson
import pytest
import websockets

from tests.graphql.conftest import operation
from tests.redis_server import PrivateRedis, private_redis
from tests.serving import RunningServer, serve

PUBLIC, SECRET = "pk-at-processes-0001", "sk-at-processes-secret-0001"
KEYS = {
    "AGENTTRACE_INIT_PROJECT_NAME": "processes",
    "AGENTTRACE_INIT_PUBLIC_KEY": PUBLIC,
    "AGENTTRACE_INIT_SECRET_KEY": SECRET,
}
BEARER = {"Authorization": f"Bearer {SECRET}"}


@contextmanager
def two_servers(database_url: str, **env: str) -> Iterator[tuple[RunningServer, RunningServer]]:
    """Started one after the other (the first migrates), on the same database."""
    with ExitStack() as stack:
        first = stack.enter_context(serve(database_url, **KEYS, **env))
        second = stack.enter_context(serve(database_url, **KEYS, **env))
        yield first, second


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    with private_redis() as server:
        yield server


def test_a_free_tier_limit_is_counted_across_processes_and_survives_redis_dying(
    fresh_database_url: str, redis_server: PrivateRedis
) -> None:
    """Then, on the same two processes: a key revoked through the CLI is refused by both
    within the key cache's bound (AGENTTRACE_KEY_CACHE_SECONDS, 1 s here)."""
    env = {
        "AGENTTRACE_RATE_LIMIT_TIER": "free",
        "AGENTTRACE_REDIS_URL": redis_server.url,
        "AGENTTRACE_KEY_CACHE_SECONDS": "1",
    }
    with two_servers(fresh_database_url, **env) as servers:
        clients = [httpx.Client(base_url=s.url, headers=BEARER) for s in servers]
        try:
            # 60 at once (alternating processes, 12 in flight), then the 61st: sent together,
            # so the bucket refills as little as possible meanwhile (one token a second).
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=12) as pool:
                statuses = list(
                    pool.map(
                        lambda n: clients[n % 2].get("/v1/projects/current").status_code,
                        range(60),
                    )
                )
            statuses.append(clients[1].get("/v1/projects/current").status_code)
            elapsed = time.monotonic() - started
            assert set(statuses) <= {200, 429}
            assert statuses[-1] == 429
            # The free tier: a burst of 10, then one a second. Counted per process, the two
            # would allow at least 10 each; counted together, 10 plus what refilled meanwhile.
            allowed = statuses.count(200)
            assert allowed <= 10 + math.ceil(elapsed) + 1, (allowed, elapsed)
            refused = clients[0].get("/v1/projects/current")
            assert refused.headers["X-RateLimit-Limit"] == "60"

            redis_server.stop()
            after = [clients[number % 2].get("/v1/projects/current") for number in range(8)]
            assert [r.status_code for r in after] == [200] * 8  # each process's own bucket
            assert all(r.headers["X-RateLimit-Limit"] == "60" for r in after)

            revoke(fresh_database_url)
            started = time.monotonic()
            for client in clients:
                while client.get("/v1/projects/current").status_code != 401:
                    assert time.monotonic() - started < 3, "still accepted past the cache bound"
                    time.sleep(0.1)
        finally:
            for client in clients:
                client.close()
        for server in servers:
            assert "limiting in this process" in server.log()


def revoke(database_url: str) -> None:
    revoked = subprocess.run(
        [sys.executable, "-m", "agenttrace", "keys", "revoke", PUBLIC],
        env={"AGENTTRACE_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert revoked.returncode == 0, revoked.stderr


async def _subscribe(url: str) -> Any:
    socket = await websockets.connect(
        url.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"]
    )
    await socket.send(orjson.dumps({"type": "connection_init", "payload": BEARER}).decode())
    assert orjson.loads(await socket.recv())["type"] == "connection_ack"
    await socket.send(
        orjson.dumps(
            {"id": "1", "type": "subscribe", "payload": {"query": operation("TraceUpdates")}}
        ).decode()
    )
    return socket


async def _write_until_pushed(socket: Any, server: RunningServer, trace_id: str) -> dict[str, Any]:
    """Repeat an idempotent write through the other process until the push arrives (the
    subscription starts listening a moment after its subscribe message)."""
    async with httpx.AsyncClient(base_url=server.url, headers=BEARER) as client:
        for _ in range(50):
            created = await client.post("/v1/traces", json={"id": trace_id, "name": "far"})
            assert created.status_code == 201
            try:
                message = orjson.loads(await asyncio.wait_for(socket.recv(), 0.3))
            except TimeoutError:
                continue
            assert message["type"] == "next", message
            return message["payload"]["data"]["traceUpdated"]  # type: ignore[no-any-return]
    raise AssertionError("the write through the other process was never pushed")


async def test_a_subscription_on_one_process_sees_a_write_through_another(
    dialect: str, fresh_database_url: str, redis_server: PrivateRedis
) -> None:
    """PostgreSQL relays through LISTEN/NOTIFY; SQLite (two processes on one file) through
    the Redis of AGENTTRACE_REDIS_URL."""
    env = {"AGENTTRACE_REDIS_URL": redis_server.url} if dialect == "sqlite" else {}
    with two_servers(fresh_database_url, AGENTTRACE_PROMPT_CACHE_SECONDS="1", **env) as (
        first,
        second,
    ):
        socket = await _subscribe(first.url)
        try:
            pushed = await _write_until_pushed(socket, second, "written-elsewhere")
        finally:
            await socket.close()
        await _prompt_change_reaches_the_other_process(first, second)
    assert (pushed["id"], pushed["name"]) == ("written-elsewhere", "far")


async def _prompt_change_reaches_the_other_process(
    reader: RunningServer, writer: RunningServer
) -> None:
    """The prompt cache's bound (AGENTTRACE_PROMPT_CACHE_SECONDS, 1 s here)."""
    async with (
        httpx.AsyncClient(base_url=reader.url, headers=BEARER) as here,
        httpx.AsyncClient(base_url=writer.url, headers=BEARER) as there,
    ):
        body = {"name": "shared", "prompt": "one", "labels": ["production"]}
        assert (await there.post("/v1/prompts", json=body)).status_code == 201
        assert (await here.get("/v1/prompts/shared")).json()["prompt"] == "one"  # now cached
        body = {"name": "shared", "prompt": "two", "labels": ["production"]}
        assert (await there.post("/v1/prompts", json=body)).status_code == 201
        started = time.monotonic()
        while (await here.get("/v1/prompts/shared")).json()["prompt"] != "two":
            assert time.monotonic() - started < 3, "a stale prompt past the cache bound"
            await asyncio.sleep(0.1)


@pytest.mark.postgresql_only  # --workers needs PostgreSQL
def test_serve_workers_shares_one_port_and_sums_metrics(
    dialect: str, fresh_database_url: str
) -> None:
    with (
        serve(fresh_database_url, "--workers", "2", **KEYS) as server,
        httpx.Client(base_url=server.url, headers=BEARER) as client,
    ):
        for _ in range(20):
            assert client.get("/v1/projects/current").status_code == 200
        text = client.get("/metrics").text
    total = sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("agenttrace_http_requests_total{")
        and 'route="/v1/projects/current"' in line
    )
    # Whichever process answered the scrape, it summed both processes' files.
    assert total == 20
