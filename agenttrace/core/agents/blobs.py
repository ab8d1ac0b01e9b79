"""Where checkpoint file contents live: in the database (the default), in a local
directory (``AGENTTRACE_BLOB_STORE=directory``) or in S3 (``s3``, through ``boto3``,
installed with ``pip install 'agenttrace[s3]'``).

Whatever the store, each content has one ``checkpoint_blob`` row per project and SHA-256,
so a content sent again (the same file in the next checkpoint) is stored once, and which
contents exist is one indexed lookup. The row says where its bytes are, so a store
changed later still reads what the earlier one wrote (while that one stays configured).
Outside the database, a content is named by a digest of the project id and its hash
only, never by a client's path. S3 credentials come from boto3's usual chain (the
``AWS_*`` variables, a profile, an instance role): AgentTrace never holds them.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.tables import CHECKPOINT_BLOB
from agenttrace.core.time import utcnow
from agenttrace.db import bulk
from agenttrace.settings import Settings

# Hashes per lookup: far under both databases' bind-parameter limits.
LOOKUP_CHUNK = 500
DATABASE = "database"


def blob_name(project_id: str, sha256: str) -> str:
    """``<project digest>/<first two hex>/<sha256>``: no client text in it."""
    project = hashlib.sha256(project_id.encode()).hexdigest()[:32]
    return f"{project}/{sha256[:2]}/{sha256}"


class Bytes(Protocol):
    """A place outside the database that keeps contents by name."""

    async def write(self, names: Mapping[str, bytes]) -> None: ...

    async def read(self, name: str) -> bytes: ...


@dataclass(frozen=True)
class DirectoryBytes:
    directory: Path

    def _write(self, names: Mapping[str, bytes]) -> None:
        for name, data in names.items():
            target = self.directory / name
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
                handle.write(data)
            os.replace(handle.name, target)

    async def write(self, names: Mapping[str, bytes]) -> None:
        await asyncio.to_thread(self._write, names)

    async def read(self, name: str) -> bytes:
        return await asyncio.to_thread((self.directory / name).read_bytes)


@dataclass
class S3Bytes:
    """Objects ``<prefix>/<name>`` of a bucket; the client is made on first use (boto3 is
    an optional dependency) and its blocking calls run in threads."""

    bucket: str
    prefix: str = "agenttrace"
    endpoint_url: str | None = None
    region: str | None = None

    @cached_property
    def _client(self) -> Any:
        import boto3  # an extra: agenttrace[s3]

        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=self.region)

    def _key(self, name: str) -> str:
        return f"{self.prefix.strip('/')}/{name}" if self.prefix.strip("/") else name

    def _write(self, names: Mapping[str, bytes]) -> None:
        for name, data in names.items():
            self._client.put_object(Bucket=self.bucket, Key=self._key(name), Body=data)

    def _read(self, name: str) -> bytes:
        answer = self._client.get_object(Bucket=self.bucket, Key=self._key(name))
        return bytes(answer["Body"].read())

    async def write(self, names: Mapping[str, bytes]) -> None:
        await asyncio.to_thread(self._write, names)

    async def read(self, name: str) -> bytes:
        return await asyncio.to_thread(self._read, name)


@dataclass(frozen=True)
class BlobStore:
    """``location``: where new contents go (``database`` or a key of ``places``);
    ``places``: where each location's bytes are read from."""

    location: str = DATABASE
    places: Mapping[str, Bytes] = field(default_factory=dict)

    async def put(
        self, *, session: AsyncSession, project_id: str, contents: Mapping[str, bytes]
    ) -> None:
        """Keep each content once (rows in the caller's transaction). Bytes outside the
        database are written first: a rolled-back transaction leaves unreferenced bytes,
        never a row without them."""
        if not contents:
            return
        outside = self.location != DATABASE
        if outside:
            new = contents.keys() - await self.existing(
                session=session, project_id=project_id, hashes=contents
            )
            await self.places[self.location].write(
                {blob_name(project_id, sha): contents[sha] for sha in sorted(new)}
            )
        now = utcnow()
        rows = [
            {
                "project_id": project_id,
                "sha256": sha256,
                "size": len(data),
                "location": self.location,
                "content": None if outside else data,
                "created_at": now,
            }
            for sha256, data in sorted(contents.items())
        ]
        await bulk.upsert(session, CHECKPOINT_BLOB, rows, on_conflict="ignore")

    async def existing(
        self, *, session: AsyncSession, project_id: str, hashes: Iterable[str]
    ) -> set[str]:
        wanted = sorted(set(hashes))
        found: set[str] = set()
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            result = await session.execute(
                select(CHECKPOINT_BLOB.c.sha256).where(
                    CHECKPOINT_BLOB.c.project_id == project_id,
                    CHECKPOINT_BLOB.c.sha256.in_(wanted[start : start + LOOKUP_CHUNK]),
                )
            )
            found.update(result.scalars())
        return found

    async def get(
        self, *, session: AsyncSession, project_id: str, hashes: Sequence[str]
    ) -> dict[str, bytes]:
        """The bytes of these contents (at most ``LOOKUP_CHUNK`` per call)."""
        result = await session.execute(
            select(
                CHECKPOINT_BLOB.c.sha256, CHECKPOINT_BLOB.c.location, CHECKPOINT_BLOB.c.content
            ).where(
                CHECKPOINT_BLOB.c.project_id == project_id,
                CHECKPOINT_BLOB.c.sha256.in_(sorted(set(hashes))),
            )
        )
        found: dict[str, bytes] = {}
        for sha256, location, content in result.all():
            if location == DATABASE:
                found[sha256] = bytes(content)
            else:
                found[sha256] = await self.places[location].read(blob_name(project_id, sha256))
        return found


def blob_store(settings: Settings) -> BlobStore:
    """The store of the settings; every configured place stays readable."""
    places: dict[str, Bytes] = {"directory": DirectoryBytes(settings.blob_directory)}
    if settings.s3_bucket is not None:
        places["s3"] = S3Bytes(
            bucket=settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
        )
    return BlobStore(location=settings.blob_store, places=places)
