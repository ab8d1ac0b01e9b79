"""Where checkpoint contents live and who may touch agent records, on both databases: the
directory blob store keeps bytes in files named by hash (rows keep no content, reads and
downloads still work), and a key without the ``agents`` scope is refused."""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
from pathlib import Path

import httpx
from sqlalchemy import select

from agenttrace.core.agents import archive, checkpoints
from agenttrace.core.agents.blobs import BlobStore
from agenttrace.core.agents.events import record_stores
from agenttrace.core.agents.manifest import ContentLimits
from agenttrace.core.agents.records import with_shells
from agenttrace.core.agents.tables import CHECKPOINT_BLOB
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.db import Database
from tests.api.agents import call, file
from tests.conftest import ProjectKeys, make_project

LIMITS = ContentLimits(max_file_bytes=1024, max_checkpoint_bytes=4096)


def _files(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, by name."""
    return {path.name: path.read_bytes() for path in root.rglob("*") if path.is_file()}


async def test_the_directory_store_keeps_contents_in_files_named_by_hash(
    database: Database, project: ProjectKeys, tmp_path: Path
) -> None:
    blobs = BlobStore(directory=tmp_path)
    writer = IngestWriter(database, PriceBook(), stores=record_stores(blobs))
    writer.start()
    try:
        write = checkpoints.checkpoint_write(
            {"traceId": "t-dir", "files": [file("a/b.txt", "hello")]},
            project_id=project.project_id,
            limits=LIMITS,
        )
        assert await writer.write(with_shells([write])) == [None, None]
    finally:
        await writer.stop()
    digest = hashlib.sha256(b"hello").hexdigest()
    assert _files(tmp_path) == {digest: b"hello"}
    async with database.read() as session:
        row = (
            await session.execute(
                select(CHECKPOINT_BLOB.c.location, CHECKPOINT_BLOB.c.content).where(
                    CHECKPOINT_BLOB.c.project_id == project.project_id
                )
            )
        ).one()
        checkpoint = await checkpoints.get(
            session=session, project_id=project.project_id, checkpoint_id=write.id
        )
    assert tuple(row) == ("directory", None)
    pieces = [
        piece
        async for piece in archive.tar_gz(
            database=database, blobs=blobs, project_id=project.project_id, checkpoint=checkpoint
        )
    ]
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(b"".join(pieces))), mode="r:") as tar:
        assert tar.extractfile("a/b.txt").read() == b"hello"  # type: ignore[union-attr]


async def test_a_key_without_the_agents_scope_is_refused(
    client: httpx.AsyncClient, database: Database
) -> None:
    tracing_only = await make_project(database, scopes=["traces:*", "scores:*"])
    for method, path in (
        ("GET", "/v1/checkpoints"), ("POST", "/v1/git-links"), ("GET", "/v1/ci-runs/stats"),
        ("POST", "/v1/file-operations"), ("GET", "/v1/terminal-commands"),
        ("GET", "/v1/traces/any/replay"),
    ):  # fmt: skip
        response = await call(client, tracing_only, method, path, {})
        assert response.status_code == 403, path
    answer = await client.post(
        "/api/public/ingestion",
        json={"batch": [{"id": "e", "type": "git-link-create", "timestamp": "2026-01-01T00:00:00Z",
                         "body": {"traceId": "t", "commitSha": "a"}}]},
        headers=tracing_only.bearer,
    )  # fmt: skip
    assert [e["status"] for e in answer.json()["errors"]] == [403]
