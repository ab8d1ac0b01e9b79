"""Where checkpoint file contents live: in the database (the default) or in a local
directory (``AGENTTRACE_BLOB_STORE=directory``, ``AGENTTRACE_BLOB_DIRECTORY``).

Either way each content has one ``checkpoint_blob`` row per project and SHA-256, so a
content sent again (the same file in the next checkpoint) is stored once, and which
contents exist is one indexed lookup. The row says where its bytes are, so a store
changed later still reads what the earlier one wrote. A file in the directory is named by
a digest of the project id and the content's hash only, never by a client's path.

S3 is the next store to add: ``boto3`` would keep the bytes under the same names (see
``docs/agents.md``).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.tables import CHECKPOINT_BLOB
from agenttrace.core.time import utcnow
from agenttrace.db import bulk
from agenttrace.settings import Settings

# Hashes per lookup: far under both databases' bind-parameter limits.
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class BlobStore:
    """``directory`` None: bytes in the database; else files under that directory."""

    directory: Path | None = None

    @property
    def location(self) -> str:
        return "database" if self.directory is None else "directory"

    def _file(self, project_id: str, sha256: str) -> Path:
        if self.directory is None:
            raise LookupError("no blob directory is configured")
        project = hashlib.sha256(project_id.encode()).hexdigest()[:32]
        return self.directory / project / sha256[:2] / sha256

    def _write_files(self, project_id: str, contents: Mapping[str, bytes]) -> None:
        for sha256, data in contents.items():
            target = self._file(project_id, sha256)
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
                handle.write(data)
            os.replace(handle.name, target)

    async def put(
        self, *, session: AsyncSession, project_id: str, contents: Mapping[str, bytes]
    ) -> None:
        """Keep each content once (in the caller's transaction). Files are written first:
        a rolled-back transaction leaves a file without a row, never a row without bytes."""
        if not contents:
            return
        if self.directory is not None:
            await asyncio.to_thread(self._write_files, project_id, contents)
        now = utcnow()
        rows = [
            {
                "project_id": project_id,
                "sha256": sha256,
                "size": len(data),
                "location": self.location,
                "content": data if self.directory is None else None,
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
            if location == "database":
                found[sha256] = bytes(content)
            else:
                found[sha256] = await asyncio.to_thread(self._file(project_id, sha256).read_bytes)
        return found


def blob_store(settings: Settings) -> BlobStore:
    if settings.blob_store == "directory":
        return BlobStore(directory=settings.blob_directory)
    return BlobStore()
