"""A checkpoint's file manifest, read from what clients send, with its contents checked.

Two shapes arrive: ``files``, a list of ``{path, size, sha256|hash, mode|permissions,
content}`` (content in base64, optional), and the SDKs' ``filesSnapshot``, an object of
path → ``{size, hash, mode}`` (or that object as JSON text). Each entry is checked:

- its path is relative and stays inside the tree: no ``..`` component, no leading ``/``
  or ``\\``, no drive letter, no NUL. Paths are only ever names inside an archive or an
  answer, never a path on the server's disk (blobs are stored by hash);
- a content must decode, fit the per-file limit, and match the declared SHA-256 and
  size; all contents together must fit the per-checkpoint limit (413 past either).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from agenttrace.core.agents.records import at
from agenttrace.core.errors import Invalid, TooLarge

_SHA256 = re.compile(r"[0-9a-f]{64}")
_DRIVE = re.compile(r"[A-Za-z]:")


@dataclass(frozen=True)
class ContentLimits:
    max_file_bytes: int
    max_checkpoint_bytes: int


@dataclass
class Manifest:
    entries: list[dict[str, Any]] = field(default_factory=list)
    contents: dict[str, bytes] = field(default_factory=dict)  # by SHA-256

    @property
    def total_size(self) -> int:
        return sum(entry["size"] or 0 for entry in self.entries)


def safe_path(value: Any, *, field: str) -> str:
    """A manifest path: relative, inside the tree, with ``.`` segments dropped."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"{field} must be a non-empty relative path", field=field)
    if "\x00" in value:
        raise Invalid(f"{field} must not contain NUL", field=field)
    if value.startswith(("/", "\\")) or _DRIVE.match(value):
        raise Invalid(f"{field} must be a relative path, got {value!r}", field=field)
    parts = re.split(r"[/\\]", value)
    if ".." in parts:
        raise Invalid(f"{field} must not contain '..', got {value!r}", field=field)
    kept = [part for part in parts if part not in ("", ".")]
    if not kept:
        raise Invalid(f"{field} must name a file, got {value!r}", field=field)
    return "/".join(kept)


def _hash_field(entry: dict[str, Any], prefix: str) -> tuple[str, Any]:
    for name in ("sha256", "hash", "contentHash", "content_hash"):
        if entry.get(name) is not None:
            return at(prefix, name), entry[name]
    return at(prefix, "sha256"), None


def _declared_hash(value: Any, name: str) -> str | None:
    if value is None:
        return None
    text = str(value).lower().removeprefix("sha256:")
    if not _SHA256.fullmatch(text):
        raise Invalid(f"{name} must be a SHA-256 in hex, got {value!r}", field=name)
    return text


def _size(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(f"{name} must be a non-negative integer", field=name)
    return value


def _content(value: Any, name: str, limits: ContentLimits) -> bytes:
    if not isinstance(value, str):
        raise Invalid(f"{name} must be base64 text", field=name)
    # Base64 is 4/3 of the bytes: refuse a huge one before decoding it.
    if len(value) * 3 // 4 > limits.max_file_bytes + 3:
        raise TooLarge(f"{name} exceeds {limits.max_file_bytes} bytes", field=name)
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid(f"{name} is not valid base64", field=name) from None
    if len(data) > limits.max_file_bytes:
        raise TooLarge(f"{name} exceeds {limits.max_file_bytes} bytes", field=name)
    return data


def _entry(raw: Any, prefix: str, limits: ContentLimits, manifest: Manifest) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Invalid(f"{prefix} must be an object", field=prefix)
    path = safe_path(raw.get("path"), field=at(prefix, "path"))
    hash_name, hash_value = _hash_field(raw, prefix)
    declared = _declared_hash(hash_value, hash_name)
    size = _size(raw.get("size"), at(prefix, "size"))
    mode = raw.get("mode", raw.get("permissions"))
    if raw.get("content") is not None:
        data = _content(raw["content"], at(prefix, "content"), limits)
        digest = hashlib.sha256(data).hexdigest()
        if declared is not None and declared != digest:
            raise Invalid(f"{hash_name} does not match the SHA-256 of the content", field=hash_name)
        if size is not None and size != len(data):
            name = at(prefix, "size")
            raise Invalid(f"{name} is {size} but the content has {len(data)} bytes", field=name)
        declared, size = digest, len(data)
        manifest.contents[digest] = data
    return {
        "path": path,
        "size": size,
        "sha256": declared,
        "mode": None if mode is None else str(mode),
        "stored": False,
    }


def _snapshot_entries(snapshot: Any) -> list[tuple[str, Any]]:
    """(field prefix, entry) of each file of a ``filesSnapshot``."""
    if isinstance(snapshot, str):
        try:
            snapshot = orjson.loads(snapshot)
        except orjson.JSONDecodeError:
            raise Invalid(
                "filesSnapshot must be an object or its JSON", field="filesSnapshot"
            ) from None
    if not isinstance(snapshot, dict):
        raise Invalid(
            "filesSnapshot must be an object of path → {size, hash}", field="filesSnapshot"
        )
    found = []
    for path, details in snapshot.items():
        entry = dict(details) if isinstance(details, dict) else {}
        found.append((f"filesSnapshot.{path}", {**entry, "path": path}))
    return found


def read_manifest(
    *, files: Any, snapshot: Any, limits: ContentLimits, field_prefix: str = ""
) -> Manifest:
    """The manifest of a checkpoint body, sorted by path; its contents by SHA-256."""
    raw: list[tuple[str, Any]] = []
    if files is not None:
        if not isinstance(files, list):
            name = at(field_prefix, "files")
            raise Invalid(f"{name} must be an array of files", field=name)
        raw += [(at(field_prefix, f"files[{index}]"), entry) for index, entry in enumerate(files)]
    if snapshot is not None:
        raw += [(at(field_prefix, name), entry) for name, entry in _snapshot_entries(snapshot)]
    manifest = Manifest()
    seen: set[str] = set()
    for prefix, entry in raw:
        parsed = _entry(entry, prefix, limits, manifest)
        if parsed["path"] in seen:
            name = at(prefix, "path")
            raise Invalid(f"{name} {parsed['path']!r} appears twice", field=name)
        seen.add(parsed["path"])
        manifest.entries.append(parsed)
    stored = sum(len(data) for data in manifest.contents.values())
    if stored > limits.max_checkpoint_bytes:
        name = at(field_prefix, "files")
        raise TooLarge(
            f"the checkpoint's contents ({stored} bytes) exceed {limits.max_checkpoint_bytes}",
            field=name,
        )
    manifest.entries.sort(key=lambda entry: entry["path"])
    return manifest
