"""Git state read from the working tree by running ``git`` (5 s per call): HEAD, branch,
remote, the files of the tree and what a commit changed. No git, or not a repository:
None, never an error."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

TIMEOUT = 5.0


def git(*args: str, cwd: str | Path | None = None) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def _line(*args: str, cwd: str | Path | None) -> str | None:
    out = git(*args, cwd=cwd)
    return out.strip() or None if out is not None else None


def public_url(url: str | None) -> str | None:
    """A remote URL without the credentials some clones carry (``https://token@host/…``)."""
    if not url or "://" not in url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True)
class GitState:
    commit_sha: str | None
    branch: str | None
    repo_url: str | None


def state(cwd: str | Path | None = None) -> GitState | None:
    sha = _line("rev-parse", "HEAD", cwd=cwd)
    if sha is None:
        return None
    branch = _line("rev-parse", "--abbrev-ref", "HEAD", cwd=cwd)
    remote = _line("config", "--get", "remote.origin.url", cwd=cwd)
    return GitState(sha, None if branch == "HEAD" else branch, public_url(remote))


def tree_files(cwd: str | Path | None = None) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files, relative to ``cwd``."""
    out = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=cwd)
    if out is None:
        return None
    return sorted({path for path in out.split("\0") if path})


@dataclass(frozen=True)
class Commit:
    sha: str
    parent_sha: str | None
    author: str | None
    author_email: str | None
    timestamp: str | None
    message: str | None
    added: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    additions: int = 0
    deletions: int = 0


def commit(rev: str = "HEAD", cwd: str | Path | None = None) -> Commit | None:
    shown = git("show", "-s", "--format=%H%x00%P%x00%an%x00%ae%x00%cI%x00%s", rev, cwd=cwd)
    if shown is None:
        return None
    sha, parents, author, email, when, subject = (shown.rstrip("\n").split("\0") + [""] * 6)[:6]
    added: list[str] = []
    modified: list[str] = []
    deleted: list[str] = []
    status = git("diff-tree", "--no-commit-id", "-r", "--root", "--name-status", "-z", sha, cwd=cwd)
    fields = (status or "").split("\0")
    index = 0
    while index + 1 < len(fields):
        code, path = fields[index], fields[index + 1]
        index += 2
        if code.startswith(("R", "C")):  # rename/copy: old path, then new path
            path = fields[index] if index < len(fields) else path
            index += 1
            (added if code.startswith("C") else modified).append(path)
        elif code.startswith("A"):
            added.append(path)
        elif code.startswith("D"):
            deleted.append(path)
        elif code:
            modified.append(path)
    additions = deletions = 0
    for row in (
        git("diff-tree", "--no-commit-id", "-r", "--root", "--numstat", sha, cwd=cwd) or ""
    ).splitlines():
        plus, minus, *_ = [*row.split("\t"), "", ""]
        if plus.isdigit() and minus.isdigit():  # "-" for binary files
            additions += int(plus)
            deletions += int(minus)
    return Commit(
        sha=sha, parent_sha=parents.split(" ")[0] or None, author=author or None,
        author_email=email or None, timestamp=when or None, message=subject or None,
        added=added, modified=modified, deleted=deleted, additions=additions, deletions=deletions,
    )  # fmt: skip
