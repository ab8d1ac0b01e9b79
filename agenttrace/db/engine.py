"""Database engines: SQLite (embedded default) or PostgreSQL, chosen by the URL.

SQLite has one writer. The writer engine holds a single connection checked out exclusively,
so concurrent sessions queue for it instead of interleaving their BEGIN/COMMIT on one
connection; readers get their own read-only pool and, under WAL, never block the writer.
Postgres uses one pooled engine for both paths.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

import orjson
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from agenttrace import instruments
from agenttrace.db.checkpoints import WRITER_AUTOCHECKPOINT_PAGES, WalCheckpointer
from agenttrace.db.counts import CountCache
from agenttrace.settings import Settings

# Seconds a SQLite connection waits for a lock held by another process before failing.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Page cache per connection (KiB) and memory-mapped reads: index inserts and trace reads
# stay in memory for databases of a few GB instead of the 2 MB default cache.
SQLITE_CACHE_KIB = 64 * 1024
SQLITE_MMAP_BYTES = 1024 * 1024 * 1024
# Readers run concurrently with the writer under WAL; two cores rarely use more than four.
SQLITE_READ_POOL_SIZE = 4
POSTGRES_POOL_SIZE = 10
POSTGRES_MAX_OVERFLOW = 10


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _json_loads(value: Any) -> Any:
    """SQLite gives a JSON column NUMERIC affinity, so a stored bare number (``1``) comes
    back as a number, not as JSON text."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


class Database:
    """The engines of one database, and its sessions: writes commit at the end of their
    block; reads never wait for the writer on SQLite."""

    def __init__(
        self,
        *,
        writer: AsyncEngine,
        reader: AsyncEngine,
        dialect: Literal["sqlite", "postgresql"],
        checkpointer: WalCheckpointer | None = None,
    ) -> None:
        self.writer = writer
        self.reader = reader
        self.dialect = dialect
        self._checkpointer = checkpointer
        self.counts = CountCache()
        _measure_pool(writer, "writer")
        if reader is not writer:
            _measure_pool(reader, "reader")
        self._writes = async_sessionmaker(writer, class_=AsyncSession, expire_on_commit=False)
        self._reads = async_sessionmaker(reader, class_=AsyncSession, expire_on_commit=False)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends, rolled back on error."""
        async with self._writes() as session, session.begin():
            yield session
        self.counts.written()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only session. It carries the counts cache (``session.info["counts"]``),
        so list queries can reuse counts without every caller handing it down."""
        async with self._reads() as session:
            session.info["counts"] = self.counts
            yield session

    def start(self) -> None:
        """Start what the database runs beside the server (SQLite's WAL checkpoints)."""
        if self._checkpointer is not None:
            self._checkpointer.start()

    async def dispose(self) -> None:
        if self._checkpointer is not None:
            await self._checkpointer.stop()
        await self.writer.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()


def _measure_pool(engine: AsyncEngine, name: str) -> None:
    """Keep the pool gauges on the pool's own events (no scrape-time reads, so the numbers
    sum across processes in multi-process mode).

    Connections in use are set from the pool's own count, not added up: a connection
    invalidated mid-checkout (a database restart) is checked in without a matching
    checkout, and a running sum would drift below zero. The ``checkin`` event fires before
    the connection is back in the pool, hence the one subtracted there.
    """
    in_use = instruments.POOL_CONNECTIONS_IN_USE.labels(pool=name)
    opened = instruments.POOL_CONNECTIONS_OPEN.labels(pool=name)
    pool: Any = engine.sync_engine.pool
    event.listen(pool, "connect", lambda *_: opened.inc())
    event.listen(pool, "close", lambda *_: opened.dec())
    event.listen(pool, "close_detached", lambda *_: opened.dec())
    event.listen(pool, "checkout", lambda *_: in_use.set(pool.checkedout()))
    event.listen(pool, "checkin", lambda *_: in_use.set(max(pool.checkedout() - 1, 0)))


def create_database(settings: Settings, *, server: bool = False) -> Database:
    """``server``: the database of a running server, which checkpoints SQLite's WAL in the
    background once ``Database.start`` is called (``db/checkpoints.py``)."""
    if settings.dialect == "sqlite":
        return _sqlite_database(settings, server=server)
    engine = create_async_engine(
        settings.database_url,
        hide_parameters=True,  # an error's text never carries a payload into the log
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_MAX_OVERFLOW,
        pool_pre_ping=True,
        connect_args={"server_settings": {"plan_cache_mode": "force_custom_plan"}},
        json_serializer=_json_dumps,
        json_deserializer=_json_loads,
    )
    return Database(writer=engine, reader=engine, dialect="postgresql")


def _sqlite_database(settings: Settings, *, server: bool) -> Database:
    path = settings.sqlite_path
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    writer = create_async_engine(
        settings.database_url,
        hide_parameters=True,
        pool_size=1,
        max_overflow=0,
        pool_timeout=3600,
        json_serializer=_json_dumps,
        json_deserializer=_json_loads,
    )
    reader = create_async_engine(
        settings.database_url,
        hide_parameters=True,
        pool_size=SQLITE_READ_POOL_SIZE,
        max_overflow=0,
        json_serializer=_json_dumps,
        json_deserializer=_json_loads,
    )
    checkpointer = (
        WalCheckpointer(path, busy_timeout_ms=SQLITE_BUSY_TIMEOUT_MS)
        if server and path is not None
        else None
    )
    configure_sqlite(
        writer,
        begin="BEGIN IMMEDIATE",
        autocheckpoint=None if checkpointer is None else WRITER_AUTOCHECKPOINT_PAGES,
    )
    configure_sqlite(reader, begin="BEGIN", read_only=True)
    return Database(writer=writer, reader=reader, dialect="sqlite", checkpointer=checkpointer)


def configure_sqlite(
    engine: AsyncEngine,
    *,
    begin: str,
    read_only: bool = False,
    foreign_keys: bool = True,
    autocheckpoint: int | None = None,
) -> None:
    """WAL, a busy timeout, and transactions we begin ourselves.

    The driver's own implicit transactions are switched off (``isolation_level = None``)
    so that reads are real transactions and SAVEPOINTs work; the writer begins with
    IMMEDIATE so it takes the write lock up front instead of failing on upgrade.
    ``synchronous=NORMAL`` under WAL survives a killed process without corruption.
    ``autocheckpoint``: the log size (pages) at which a commit checkpoints; None keeps
    SQLite's default (``db/checkpoints.py`` says when the server raises it).
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        if autocheckpoint is not None:
            cursor.execute(f"PRAGMA wal_autocheckpoint={autocheckpoint}")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Straight to aiosqlite: one trip to its thread, where ``exec_driver_sql`` takes
        # three (cursor, execute, close); see ``db/driver.py``.
        connection.connection.dbapi_connection.run_async(lambda driver: driver.execute(begin))
