"""A checkpoint's stored files as a tar.gz, streamed: contents are read a chunk of hashes
at a time and each compressed piece is handed on as soon as it exists, so a large tree
never sits in memory whole. Names come from the manifest, whose paths were checked when
the checkpoint was made (relative, no ``..``)."""

from __future__ import annotations

import io
import re
import tarfile
from collections.abc import AsyncIterator
from typing import Any

from agenttrace.core.agents.blobs import LOOKUP_CHUNK, BlobStore
from agenttrace.core.agents.checkpoints import contents
from agenttrace.db.engine import Database
from agenttrace.db.types import Row

DEFAULT_MODE = 0o644
_OCTAL = re.compile(r"(?:0o)?([0-7]{3,6})")


def file_mode(value: Any) -> int:
    """A manifest mode (``644``, ``100755`` as git writes it, ``0o600``) as permission bits."""
    match = _OCTAL.fullmatch(str(value)) if value is not None else None
    return int(match.group(1), 8) & 0o7777 if match else DEFAULT_MODE


class _Pieces(io.RawIOBase):
    """Where the tar stream writes; the generator takes what has piled up."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.pieces.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        taken, self.pieces = b"".join(self.pieces), []
        return taken


async def tar_gz(
    *, database: Database, blobs: BlobStore, project_id: str, checkpoint: Row
) -> AsyncIterator[bytes]:
    """The stored files of ``checkpoint`` (read before the answer starts, so a missing one
    is a 404 and not a broken stream), as tar.gz pieces."""
    sink = _Pieces()
    stored = [entry for entry in checkpoint["files"] if entry["stored"]]
    mtime = checkpoint["created_at"].timestamp()
    with tarfile.open(fileobj=sink, mode="w|gz") as archive:
        for start in range(0, len(stored), LOOKUP_CHUNK):
            chunk = stored[start : start + LOOKUP_CHUNK]
            async with database.read() as session:
                held = await contents(
                    session=session, blobs=blobs, project_id=project_id,
                    hashes=[entry["sha256"] for entry in chunk],
                )  # fmt: skip
            for entry in chunk:
                data = held.get(entry["sha256"])
                if data is None:
                    continue
                info = tarfile.TarInfo(entry["path"])
                info.size, info.mode, info.mtime = len(data), file_mode(entry["mode"]), mtime
                archive.addfile(info, io.BytesIO(data))
                piece = sink.take()
                if piece:
                    yield piece
    yield sink.take()
