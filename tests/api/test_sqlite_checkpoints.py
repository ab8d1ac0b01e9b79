"""SQLite's WAL is checkpointed by the server in the background (``db/checkpoints.py``),
not by the writer in the middle of ingestion: what a batch stored reaches the database
file itself without any later write, and only a server's writer holds off its own
checkpoints."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import uuid
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import text

from agenttrace.app import create_app
from agenttrace.db import create_database
from agenttrace.db.checkpoints import WRITER_AUTOCHECKPOINT_PAGES
from agenttrace.settings import Settings

PUBLIC, SECRET = "pk-checkpoints", "sk-checkpoints-0123456789abcdef"


def _in_the_file_alone(path: Path, copy: Path, trace_id: str) -> bool:
    """Whether the database file, read without its log, holds the trace."""
    shutil.copyfile(path, copy)
    try:
        with sqlite3.connect(copy) as connection:
            found = connection.execute("SELECT count(*) FROM trace WHERE id = ?", (trace_id,))
            return bool(found.fetchone()[0])
    except sqlite3.DatabaseError:  # copied halfway through a checkpoint's writes
        return False
    finally:
        copy.unlink(missing_ok=True)
        Path(f"{copy}-wal").unlink(missing_ok=True)


async def test_a_server_copies_the_log_into_the_database_file_in_the_background(
    tmp_path: Path,
) -> None:
    path = tmp_path / "agenttrace.db"
    settings = Settings(
        database_url=f"sqlite:///{path}",
        init_project_name="checkpoints",
        init_public_key=PUBLIC,
        init_secret_key=SECRET,
    )
    trace_id = uuid.uuid4().hex
    event = {
        "id": uuid.uuid4().hex,
        "type": "trace-create",
        "timestamp": "2026-12-01T10:00:00Z",
        "body": {"id": trace_id, "name": "checkpointed"},
    }
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://cp") as client:
            sent = await client.post(
                "/api/public/ingestion", json={"batch": [event]}, auth=(PUBLIC, SECRET)
            )
            assert sent.status_code == 207, sent.text
            # One small batch is far below any automatic checkpoint: only the background
            # checkpointer can bring it into the file, while the server runs.
            for _ in range(100):
                if _in_the_file_alone(path, tmp_path / "copy.db", trace_id):
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("the batch never left the WAL while the server ran")


async def test_only_a_server_writer_defers_its_own_checkpoints(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'agenttrace.db'}")
    for server, pages in ((True, WRITER_AUTOCHECKPOINT_PAGES), (False, 1000)):
        database = create_database(settings, server=server)
        try:
            async with database.write() as session:
                shown = (await session.execute(text("PRAGMA wal_autocheckpoint"))).scalar()
            assert shown == pages
        finally:
            await database.dispose()
