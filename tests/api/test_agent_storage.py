"""Where checkpoint contents live and who may touch agent records, on both databases: the
directory and S3 blob stores keep bytes under names made of hashes (rows keep no
content, reads and downloads still work), and a key without the ``agents`` scope is
refused. S3 is a real S3 API on the loopback (moto's server), not a patched client."""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer
from pydantic import ValidationError
from sqlalchemy import select

from agenttrace.core.agents import archive, checkpoints
from agenttrace.core.agents.blobs import BlobStore, blob_name, blob_store
from agenttrace.core.agents.events import record_stores
from agenttrace.core.agents.manifest import ContentLimits
from agenttrace.core.agents.records import with_shells
from agenttrace.core.agents.tables import CHECKPOINT_BLOB
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.db import Database
from agenttrace.settings import Settings
from tests.api.agents import call, file
from tests.conftest import ProjectKeys, make_project
from tests.serving import free_port

LIMITS = ContentLimits(max_file_bytes=1024, max_checkpoint_bytes=4096)


def _files(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, by name."""
    return {path.name: path.read_bytes() for path in root.rglob("*") if path.is_file()}


async def _store_and_download(
    database: Database, project: ProjectKeys, blobs: BlobStore, location: str
) -> None:
    """A checkpoint with one content through the writer; its row says where the bytes are
    and the tar.gz holds them."""
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
    assert tuple(row) == (location, None)
    pieces = [
        piece
        async for piece in archive.tar_gz(
            database=database, blobs=blobs, project_id=project.project_id, checkpoint=checkpoint
        )
    ]
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(b"".join(pieces))), mode="r:") as tar:
        assert tar.extractfile("a/b.txt").read() == b"hello"  # type: ignore[union-attr]


async def test_the_directory_store_keeps_contents_in_files_named_by_hash(
    database: Database, project: ProjectKeys, tmp_path: Path
) -> None:
    blobs = blob_store(Settings(blob_store="directory", blob_directory=tmp_path))
    await _store_and_download(database, project, blobs, "directory")
    digest = hashlib.sha256(b"hello").hexdigest()
    assert _files(tmp_path) == {digest: b"hello"}


@pytest.fixture
def s3_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An S3 API on the loopback with one bucket, and made-up credentials for it."""
    for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):  # fmt: skip
        monkeypatch.setenv(name, value)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=url, region_name="us-east-1").create_bucket(Bucket="blobs")
    yield url
    server.stop()


async def test_the_s3_store_keeps_contents_as_objects_named_by_hash(
    database: Database, project: ProjectKeys, s3_endpoint: str
) -> None:
    settings = Settings(blob_store="s3", s3_bucket="blobs", s3_endpoint_url=s3_endpoint)
    await _store_and_download(database, project, blob_store(settings), "s3")
    digest = hashlib.sha256(b"hello").hexdigest()
    name = blob_name(project.project_id, digest)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    # moto keeps one S3 per process: the other database's run left its own objects.
    listed = client.list_objects_v2(Bucket="blobs", Prefix=f"agenttrace/{name.split('/')[0]}/")
    assert [item["Key"] for item in listed["Contents"]] == [f"agenttrace/{name}"]


def test_the_s3_store_needs_a_bucket() -> None:
    with pytest.raises(ValidationError, match="AGENTTRACE_S3_BUCKET"):
        Settings(blob_store="s3")


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
