"""Files as the server's records describe them: SHA-256, size, mode, and (for checkpoints)
base64 contents; the manifest of a tree; what changed between two states of one file."""

from __future__ import annotations

import base64
import difflib
import hashlib
import os
import stat
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 5 * 1024 * 1024  # the server's default per-file content limit
MAX_TEXT_BYTES = 1024 * 1024  # files compared line by line
MAX_WALK_FILES = 10_000
SKIPPED_DIRECTORIES = {"node_modules", "__pycache__", "venv"}
PREVIEW_LINES = 40
PREVIEW_CHARS = 4000


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def mode_of(st: os.stat_result) -> str:
    return format(stat.S_IMODE(st.st_mode), "o")


def relative(root: Path, path: str | Path) -> str | None:
    """``path`` relative to ``root`` with ``/`` separators; None when it is outside."""
    full = (root / path).resolve()
    try:
        return full.relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def walk(root: Path) -> list[str]:
    """Files under ``root`` when git cannot list them: hidden and dependency folders skipped."""
    found: list[str] = []
    for directory, folders, files in os.walk(root):
        folders[:] = sorted(
            f for f in folders if not f.startswith(".") and f not in SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            found.append((Path(directory) / name).relative_to(root).as_posix())
            if len(found) >= MAX_WALK_FILES:
                return found
    return found


def manifest(
    root: Path, paths: Iterable[str], *, include_contents: bool, skip_contents: AbstractSet[str],
    max_file_bytes: int = MAX_FILE_BYTES,
) -> list[dict[str, Any]]:  # fmt: skip
    """One entry per regular file; contents (base64) when asked, the file is small enough
    and its hash is not in ``skip_contents`` (already sent: the server holds it)."""
    entries: list[dict[str, Any]] = []
    for path in paths:
        name = relative(root, path)
        full = root / path
        if name is None or not full.is_file():
            continue
        st = full.stat()
        digest = sha256_of(full)
        entry: dict[str, Any] = {
            "path": name,
            "size": st.st_size,
            "sha256": digest,
            "mode": mode_of(st),
        }
        if include_contents and st.st_size <= max_file_bytes and digest not in skip_contents:
            entry["content"] = base64.b64encode(full.read_bytes()).decode()
        entries.append(entry)
    return entries


@dataclass(frozen=True)
class FileState:
    exists: bool
    sha256: str | None = None
    size: int | None = None
    mode: str | None = None
    text: str | None = None  # for line counts: small UTF-8 files only


def state_of(path: Path) -> FileState:
    try:
        st = path.stat()
    except OSError:
        return FileState(False)
    if not stat.S_ISREG(st.st_mode):
        return FileState(True, mode=mode_of(st))
    text = None
    if st.st_size <= MAX_TEXT_BYTES:
        data = path.read_bytes()
        if b"\0" not in data:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
    return FileState(True, sha256_of(path), st.st_size, mode_of(st), text)


def changes(before: FileState, after: FileState, name: str) -> dict[str, Any]:
    """Lines added and removed and the head of a unified diff, when both sides are text."""
    if before.text is None and after.text is None:
        return {}
    old = (before.text or "").splitlines(keepends=True)
    new = (after.text or "").splitlines(keepends=True)
    diff = list(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"))
    added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
    preview = "".join(diff[:PREVIEW_LINES])[:PREVIEW_CHARS]
    return {"linesAdded": added, "linesRemoved": removed, "diffPreview": preview or None}


def operation_of(before: FileState, after: FileState) -> str:
    if not before.exists and after.exists:
        return "create"
    if before.exists and not after.exists:
        return "delete"
    if before.sha256 != after.sha256 or before.mode != after.mode:
        return "update"
    return "read"
