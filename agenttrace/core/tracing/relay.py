"""Carry the notices of committed writes between server processes, so a live view
(GraphQL's ``traceUpdated``) on one process sees writes made through any other.

Two brokers: Redis pub/sub when ``AGENTTRACE_REDIS_URL`` is set, otherwise PostgreSQL's
``LISTEN/NOTIFY`` on the database itself (SQLite runs one process: no relay). Each process
sends what its writer committed (``Notifier.publish``) and hands what the others sent to
its own subscribers (``Notifier.deliver``); its own messages come back and are skipped by
their origin id.

Live views are best effort, as before: sending never waits on the ingest path (a queue
and a task), a notice is at most a few ids, and while the broker is unreachable the
relay logs one warning, drops what it cannot send and reconnects every ``RETRY_SECONDS``.
Within one process notices never depend on the broker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import orjson
import redis.asyncio as redis_asyncio
from redis.exceptions import RedisError

logger = logging.getLogger("agenttrace.relay")

CHANNEL = "agenttrace_traces"
# PostgreSQL's NOTIFY payload limit is 8000 bytes; ids are packed below it.
MAX_PAYLOAD_BYTES = 7000
# Notices waiting to be sent; past this a burst is dropped (live views only).
MAX_QUEUED = 10_000
RETRY_SECONDS = 1.0
# How often an idle Postgres connection is checked, so a lost LISTEN is noticed.
KEEPALIVE_SECONDS = 5.0


@dataclass(frozen=True)
class Notice:
    project_id: str
    trace_ids: tuple[str, ...]
    observation_ids: tuple[str, ...]


Deliver = Callable[[Notice], None]


def payloads(origin: str, notices: Sequence[Notice]) -> Iterator[str]:
    """Each notice as JSON messages under ``MAX_PAYLOAD_BYTES``, ids split as needed."""
    for notice in notices:
        traces: list[str] = []
        observations: list[str] = []
        size = 0
        tagged = [(t, traces) for t in notice.trace_ids] + [
            (o, observations) for o in notice.observation_ids
        ]
        for row_id, bucket in tagged:
            if size + len(row_id) + 4 > MAX_PAYLOAD_BYTES - 200 and (traces or observations):
                yield _encode(origin, notice.project_id, traces, observations)
                traces, observations, size = [], [], 0
            bucket.append(row_id)
            size += len(row_id.encode()) + 4
        if traces or observations:
            yield _encode(origin, notice.project_id, traces, observations)


def _encode(origin: str, project_id: str, traces: list[str], observations: list[str]) -> str:
    return orjson.dumps({"o": origin, "p": project_id, "t": traces, "b": observations}).decode()


def decode(payload: str | bytes, origin: str) -> Notice | None:
    """A message of another process as a notice; None for our own or a malformed one."""
    try:
        message = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(message, dict) or message.get("o") == origin:
        return None
    return Notice(
        str(message.get("p", "")),
        tuple(str(t) for t in message.get("t", ())),
        tuple(str(o) for o in message.get("b", ())),
    )


class Relay:
    """The queue, the task and the reconnection common to both brokers."""

    def __init__(self) -> None:
        self.origin = uuid.uuid4().hex
        self._queue: asyncio.Queue[str] = asyncio.Queue(maxsize=MAX_QUEUED)
        self._deliver: Deliver | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._down = False

    def start(self, deliver: Deliver) -> None:
        self._deliver = deliver
        self._tasks = [asyncio.create_task(self._supervise(), name="agenttrace-relay")]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self._disconnect()

    def send(self, notices: Sequence[Notice]) -> None:
        """Queue the notices; never waits (a full queue drops them)."""
        for payload in payloads(self.origin, notices):
            try:
                self._queue.put_nowait(payload)
            except asyncio.QueueFull:
                return

    def _received(self, payload: str | bytes) -> None:
        notice = decode(payload, self.origin)
        if notice is not None and self._deliver is not None:
            self._deliver(notice)

    async def _supervise(self) -> None:
        while True:
            try:
                await self._connect()
                if self._down:
                    logger.warning("live-view relay reconnected")
                self._down = False
                await self._pump()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not self._down:
                    logger.warning(
                        "live-view relay unavailable (%s): subscriptions see this process's "
                        "writes only until it is back",
                        exc,
                    )
                self._down = True
                await self._disconnect()
                await asyncio.sleep(RETRY_SECONDS)

    async def _pump(self) -> None:
        while True:
            try:
                payload = await asyncio.wait_for(self._queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                await self._check()
                continue
            await self._publish(payload)

    async def _connect(self) -> None:
        raise NotImplementedError

    async def _disconnect(self) -> None:
        raise NotImplementedError

    async def _publish(self, payload: str) -> None:
        raise NotImplementedError

    async def _check(self) -> None:
        raise NotImplementedError


class PostgresRelay(Relay):
    """``LISTEN`` and ``NOTIFY`` on one dedicated connection of the database."""

    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._dsn = dsn
        self._connection: Any = None

    async def _connect(self) -> None:
        self._connection = await asyncpg.connect(self._dsn, timeout=5)
        await self._connection.add_listener(
            CHANNEL, lambda _conn, _pid, _channel, payload: self._received(payload)
        )

    async def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close(timeout=1)

    async def _publish(self, payload: str) -> None:
        await self._connection.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)

    async def _check(self) -> None:
        await self._connection.execute("SELECT 1")


class RedisRelay(Relay):
    """Redis pub/sub: one client publishes, its pub/sub connection listens."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self._url = url
        self._client: Any = None
        self._listener: asyncio.Task[None] | None = None

    async def _connect(self) -> None:
        self._client = redis_asyncio.from_url(self._url, socket_connect_timeout=2)
        pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(CHANNEL)
        self._listener = asyncio.create_task(self._listen(pubsub))

    async def _listen(self, pubsub: Any) -> None:
        with contextlib.suppress(RedisError, OSError):
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    self._received(message["data"])

    async def _disconnect(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await listener
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.aclose()

    async def _publish(self, payload: str) -> None:
        await self._client.publish(CHANNEL, payload)

    async def _check(self) -> None:
        if self._listener is None or self._listener.done():
            raise ConnectionError("the Redis subscription ended")
        await self._client.ping()


def create_relay(*, redis_url: str | None, database_url: str, dialect: str) -> Relay | None:
    if redis_url:
        return RedisRelay(redis_url)
    if dialect == "postgresql":
        return PostgresRelay(database_url.replace("postgresql+asyncpg://", "postgresql://", 1))
    return None
