"""What changed between two checkpoints: added, removed and changed files by path (a
change is a different SHA-256, or a different size where no hash is known), with a
unified diff for each text file whose two sides are stored."""

from __future__ import annotations

import difflib
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.blobs import BlobStore
from agenttrace.core.agents.checkpoints import contents, get

# Files larger than this get no line diff (their hashes and sizes still show the change).
MAX_DIFF_FILE_BYTES = 1024 * 1024
# A diff longer than this is cut (``diffTruncated``).
MAX_DIFF_CHARS = 200_000


def _text(data: bytes | None) -> str | None:
    """Text when it decodes as UTF-8 and holds no NUL (the usual test for binary)."""
    if data is None or len(data) > MAX_DIFF_FILE_BYTES or b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _changed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    if old["sha256"] is not None and new["sha256"] is not None:
        return bool(old["sha256"] != new["sha256"])
    return bool(old["size"] != new["size"] or old["sha256"] != new["sha256"])


def _unified(path: str, before: str | None, after: str | None) -> str:
    lines = difflib.unified_diff(
        (before or "").splitlines(keepends=True),
        (after or "").splitlines(keepends=True),
        fromfile="/dev/null" if before is None else f"a/{path}",
        tofile="/dev/null" if after is None else f"b/{path}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


async def diff(
    *,
    session: AsyncSession,
    blobs: BlobStore,
    project_id: str,
    checkpoint_id: str,
    against_id: str,
) -> dict[str, Any]:
    """From ``against`` (the older side) to ``checkpoint``."""
    new = await get(session=session, project_id=project_id, checkpoint_id=checkpoint_id)
    old = await get(session=session, project_id=project_id, checkpoint_id=against_id)
    before = {entry["path"]: entry for entry in old["files"]}
    after = {entry["path"]: entry for entry in new["files"]}
    files: list[dict[str, Any]] = []
    for path in sorted(before.keys() | after.keys()):
        was, now = before.get(path), after.get(path)
        if was is not None and now is not None and not _changed(was, now):
            continue
        status = "added" if was is None else "removed" if now is None else "changed"
        files.append({"path": path, "status": status, "before": was, "after": now})
    wanted = [
        side["sha256"]
        for item in files
        for side in (item["before"], item["after"])
        if side is not None and side["stored"] and (side["size"] or 0) <= MAX_DIFF_FILE_BYTES
    ]
    held = await contents(session=session, blobs=blobs, project_id=project_id, hashes=wanted)
    for item in files:
        was, now = item.pop("before"), item.pop("after")
        old_text = _text(held.get(was["sha256"])) if was is not None else None
        new_text = _text(held.get(now["sha256"])) if now is not None else None
        comparable = (was is None or old_text is not None) and (now is None or new_text is not None)
        text = _unified(item["path"], old_text, new_text) if comparable else None
        item.update(
            old_sha256=was and was["sha256"], new_sha256=now and now["sha256"],
            old_size=was and was["size"], new_size=now and now["size"],
            diff=text[:MAX_DIFF_CHARS] if text is not None else None,
            diff_truncated=text is not None and len(text) > MAX_DIFF_CHARS,
        )  # fmt: skip
    counts = {
        status: sum(1 for f in files if f["status"] == status)
        for status in ("added", "removed", "changed")
    }
    return {
        "checkpoint_id": new["id"],
        "against_id": old["id"],
        "added": [f["path"] for f in files if f["status"] == "added"],
        "removed": [f["path"] for f in files if f["status"] == "removed"],
        "changed": [f["path"] for f in files if f["status"] == "changed"],
        "unchanged_count": len(before.keys() & after.keys()) - counts["changed"],
        "files": files,
    }
