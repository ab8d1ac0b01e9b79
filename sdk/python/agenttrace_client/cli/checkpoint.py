"""``agenttrace checkpoint create|list|download|diff|restore``.

``restore`` asks the server for the files (``POST /v1/checkpoints/:id/restore``, which also
records the restore) and writes them into the directory the user names, never elsewhere:
an absolute path, a ``..`` component, or a path that a symlink inside the directory would
lead out of is refused, and then nothing is written. Each content is checked against its
SHA-256 before it is written.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
from pathlib import Path, PurePosixPath
from typing import Any

import typer

from agenttrace_client.agents import checkpoint_body
from agenttrace_client.cli._common import (
    FAILED,
    JsonOption,
    api,
    fail,
    handles_errors,
    print_json,
    progress,
    table,
    trace_for,
)  # fmt: skip

app = typer.Typer(
    help="Snapshots of the working tree: create, list, download, diff, restore.",
    no_args_is_help=True,
)


@app.command()
@handles_errors
def create(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        None, help="Files to include (default: the git tree, else the folder)."
    ),
    root: Path = typer.Option(Path("."), help="The tree's root; paths are relative to it."),
    name: str | None = typer.Option(None),
    type: str = typer.Option(
        "manual", help="manual, auto, pre_edit, post_edit, tool_call, error, milestone."
    ),
    description: str | None = typer.Option(None),
    include_contents: bool = typer.Option(
        False, "--include-contents", help="Upload the files (needed to download and restore)."
    ),
    trace_id: str | None = typer.Option(
        None, help="Default: $AGENTTRACE_TRACE_ID, $AGENTTRACE_CI_TRACE_ID, else a new trace."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Record a checkpoint of the working tree with its git state."""
    base = root.resolve()
    body = checkpoint_body(base, [p if not p.is_absolute() else p.relative_to(base) for p in paths] if paths else None,
                           include_contents=include_contents)  # fmt: skip
    body.update(
        {
            "traceId": trace_for(trace_id),
            "type": type,
            "name": name or f"{type} checkpoint",
            "createTrace": True,
        }
    )
    if description:
        body["description"] = description
    stored = api(ctx).post("/v1/checkpoints", body)
    if as_json:
        print_json(stored)
    else:
        typer.echo(stored["id"])


@app.command("list")
@handles_errors
def list_(
    ctx: typer.Context,
    trace_id: str | None = typer.Option(None),
    git_branch: str | None = typer.Option(None),
    limit: int = typer.Option(50, min=1, max=1000),
    as_json: bool = JsonOption,
) -> None:
    """The newest checkpoints."""
    page = api(ctx).get("/v1/checkpoints", traceId=trace_id, gitBranch=git_branch, limit=limit)
    if as_json:
        print_json(page)
        return
    rows = [{**row, "commit": (row.get("gitCommitSha") or "")[:12] or None} for row in page["data"]]
    table(rows, [("ID", "id"), ("CREATED", "createdAt"), ("TYPE", "type"), ("NAME", "name"),
                 ("FILES", "totalFiles"), ("STORED", "storedFiles"), ("COMMIT", "commit")])  # fmt: skip


@app.command()
@handles_errors
def download(
    ctx: typer.Context,
    checkpoint_id: str,
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Default: checkpoint-<id>.tar.gz"
    ),
) -> None:
    """Download the stored files as a tar.gz."""
    target = output or Path(f"checkpoint-{checkpoint_id}.tar.gz")
    with api(ctx).stream(f"/v1/checkpoints/{checkpoint_id}/download") as response:
        length = response.headers.get("content-length")
        with (
            progress(int(length) if length else None, "downloading") as bar,
            target.open("wb") as out,
        ):
            for chunk in response.iter_bytes():
                out.write(chunk)
                bar.update(len(chunk))
    typer.echo(str(target))


@app.command()
@handles_errors
def diff(
    ctx: typer.Context,
    checkpoint_id: str,
    against: str = typer.Option(..., help="The older checkpoint."),
    as_json: bool = JsonOption,
) -> None:
    """What changed from --against to this checkpoint, with unified diffs of text files."""
    answer = api(ctx).get(f"/v1/checkpoints/{checkpoint_id}/diff", against=against)
    if as_json:
        print_json(answer)
        return
    for entry in answer["files"]:
        typer.echo(f"{entry['status']}: {entry['path']}")
        if entry.get("diff"):
            typer.echo(entry["diff"].rstrip("\n"))
        if entry.get("diffTruncated"):
            typer.echo("… (diff cut)")
    typer.echo(f"{len(answer['added'])} added, {len(answer['removed'])} removed, "
               f"{len(answer['changed'])} changed, {answer['unchangedCount']} unchanged")  # fmt: skip


def safe_target(directory: Path, name: str) -> Path | None:
    """Where ``name`` goes inside ``directory``, or None when it would land outside."""
    pure = PurePosixPath(name)
    if not name or "\0" in name or "\\" in name or pure.is_absolute() or ".." in pure.parts:
        return None
    target = directory.joinpath(*pure.parts)
    resolved = target.resolve()  # follows symlinks already in the directory
    if resolved != directory and directory not in resolved.parents:
        return None
    return target


@app.command()
@handles_errors
def restore(
    ctx: typer.Context,
    checkpoint_id: str,
    into: Path = typer.Option(
        ..., "--into", help="The directory to write the files into (created if absent)."
    ),
    trace_id: str | None = typer.Option(
        None, help="The trace the restore is recorded in (default: the checkpoint's)."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Write a checkpoint's files into a directory (and record the restore)."""
    directory = into.resolve()
    body = {
        "includeContents": True,
        **({"traceId": trace_id, "createTrace": True} if trace_id else {}),
    }
    answer = api(ctx).post(f"/v1/checkpoints/{checkpoint_id}/restore", body)
    files: list[dict[str, Any]] = answer["files"]
    targets = {entry["path"]: safe_target(directory, entry["path"]) for entry in files}
    refused = [name for name, target in targets.items() if target is None]
    if refused:
        raise fail(
            f"refused to restore paths outside {directory}: {', '.join(refused)}; nothing written"
        )
    written, missing = [], []
    with progress(len(files), "restoring") as bar:
        for entry in files:
            content = entry.get("content")
            data = base64.b64decode(content) if content is not None else None
            if data is None or (
                entry.get("sha256") and hashlib.sha256(data).hexdigest() != entry["sha256"]
            ):
                missing.append(entry["path"])
            else:
                _write(targets[entry["path"]], data, entry.get("mode"))  # type: ignore[arg-type]
                written.append(entry["path"])
            bar.update(1)
    result = {
        "checkpoint": answer["checkpoint"]["id"],
        "directory": str(directory),
        "written": written,
        "missing": missing,
    }
    if as_json:
        print_json(result)
    else:
        typer.echo(
            f"restored {len(written)} file(s) into {directory} (restore {answer['checkpoint']['id']})"
        )
    if missing:
        typer.echo(
            f"error: {len(missing)} file(s) have no stored contents: {', '.join(missing)}", err=True
        )
        raise typer.Exit(FAILED)


def _write(target: Path, data: bytes, mode: str | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink():
        target.unlink()  # replace the link itself, never write through it
    target.write_bytes(data)
    if mode:
        with contextlib.suppress(ValueError):
            os.chmod(target, int(mode, 8) & 0o777)
