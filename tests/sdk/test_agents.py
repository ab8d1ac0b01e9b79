"""The agent helpers against a real server: checkpoint, git_link, file_op, run_cmd, ci_run,
with what each stored read back through ``/v1``."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from agenttrace_client import AgentTrace
from tests.sdk.conftest import eventually, git_repo


def records(reader: httpx.Client, path: str) -> list[dict[str, Any]]:
    return eventually(lambda: reader.get(path).json()["data"])  # type: ignore[no-any-return]


def test_checkpoint_reads_the_git_tree_and_uploads_contents(
    tracer: AgentTrace, reader: httpx.Client, tmp_path: Path
) -> None:
    repo = git_repo(tmp_path / "repo", {"app.py": "print('hi')\n", "docs/readme.md": "# app\n"})
    (repo / "notes.txt").write_text("untracked but not ignored\n")
    trace = tracer.trace("agent run")
    stored = tracer.checkpoint(
        root=repo, include_contents=True, name="before edit", type="pre_edit", trace_id=trace.id
    )
    assert stored is not None
    found = reader.get(f"/v1/checkpoints/{stored['id']}").json()
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert (found["traceId"], found["name"], found["type"]) == (trace.id, "before edit", "pre_edit")
    assert (found["gitCommitSha"], found["gitBranch"]) == (head, "main")
    assert found["gitRepoUrl"] == "https://example.com/acme/app.git"  # the token is not kept
    files = {entry["path"]: entry for entry in found["files"]}
    assert set(files) == {"app.py", "docs/readme.md", "notes.txt"}
    assert files["app.py"]["sha256"] == hashlib.sha256(b"print('hi')\n").hexdigest()
    assert all(entry["stored"] for entry in files.values())

    # A second checkpoint of the same tree sends no content again: the server holds it.
    again = tracer.checkpoint(["app.py"], root=repo, include_contents=True, trace_id=trace.id)
    assert again is not None
    assert again["storedFiles"] == 1


def test_checkpoint_without_contents_stores_the_manifest(
    tracer: AgentTrace, reader: httpx.Client, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("a")
    stored = tracer.checkpoint(["a.txt"], root=tmp_path)
    assert stored is not None
    assert [(f["path"], f["size"], f["stored"]) for f in stored["files"]] == [("a.txt", 1, False)]
    assert stored["gitCommitSha"] is None


def test_git_link_links_head_with_its_changes(
    tracer: AgentTrace, reader: httpx.Client, tmp_path: Path
) -> None:
    repo = git_repo(tmp_path / "repo", {"a.txt": "one\n", "b.txt": "two\n"})
    trace = tracer.trace("linked")
    link_id = tracer.git_link(root=repo, trace_id=trace.id, link_type="commit")
    tracer.flush(10)
    (link,) = records(reader, f"/v1/git-links?traceId={trace.id}")
    assert link["id"] == link_id
    assert (link["commitMessage"], link["commitAuthor"], link["commitAuthorEmail"]) == (
        "first commit",
        "Ada",
        "ada@example.com",
    )
    assert (sorted(link["filesAdded"]), link["additions"], link["deletions"]) == (
        ["a.txt", "b.txt"],
        2,
        0,
    )
    assert (link["branch"], link["linkType"], link["repoUrl"]) == (
        "main",
        "commit",
        "https://example.com/acme/app.git",
    )


def test_git_link_outside_a_repository_records_nothing_and_does_not_raise(
    tracer: AgentTrace, tmp_path: Path
) -> None:
    assert tracer.git_link(root=tmp_path) is None
    assert "not a git repository" in tracer.stats().errors[-1]


def test_file_op_hashes_before_and_after(
    tracer: AgentTrace, reader: httpx.Client, tmp_path: Path
) -> None:
    target = tmp_path / "app.py"
    trace = tracer.trace("edits")
    with trace.span("edit") as span:
        with tracer.file_op(target, tool_name="write"):
            target.write_text("a\nb\n")
        with tracer.file_op(target, reason="fix") as op:
            target.write_text("a\nc\nd\n")
            op.reason = "fix the bug"
        with tracer.file_op(target):
            target.unlink()
        with pytest.raises(PermissionError), tracer.file_op(tmp_path / "locked"):
            raise PermissionError("denied")
    tracer.flush(10)
    stored = eventually(
        lambda: (
            len(found := reader.get(f"/v1/traces/{trace.id}/file-operations").json()["data"]) == 4
            and found
        )
    )
    by_operation = {item["operation"]: item for item in stored}
    created, updated, deleted, failed = (
        by_operation[name] for name in ("create", "update", "delete", "read")
    )
    assert (created["operation"], created["contentBeforeHash"], created["toolName"]) == (
        "create",
        None,
        "write",
    )
    assert created["contentAfterHash"] == hashlib.sha256(b"a\nb\n").hexdigest()
    assert (
        updated["operation"],
        updated["linesAdded"],
        updated["linesRemoved"],
        updated["reason"],
    ) == ("update", 2, 1, "fix the bug")
    assert updated["contentBeforeHash"] == created["contentAfterHash"]
    assert "+c" in updated["diffPreview"]
    assert (deleted["operation"], deleted["contentAfterHash"]) == ("delete", None)
    assert (failed["success"], failed["errorMessage"]) == (False, "PermissionError: denied")
    assert {item["observationId"] for item in (created, updated, deleted)} == {span.id}


def test_run_cmd_records_the_command_with_capped_output(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    trace = tracer.trace("commands")
    ok = tracer.run_cmd(
        [sys.executable, "-c", "print('x' * 5000)"], max_output_bytes=100, trace_id=trace.id
    )
    failing = tracer.run_cmd(
        "echo oops >&2; exit 4", trace_id=trace.id, env={"API_TOKEN": "s3cret-value"}
    )
    slow = tracer.run_cmd(
        [sys.executable, "-c", "import time; time.sleep(10)"], timeout=0.5, trace_id=trace.id
    )
    assert (ok.exit_code, ok.stdout_truncated, len(ok.stdout) < 200) == (0, True, True)
    assert (failing.exit_code, failing.stderr, failing.ok) == (4, "oops\n", False)
    assert (slow.timed_out, slow.ok) == (True, False)
    with pytest.raises(subprocess.CalledProcessError):
        tracer.run_cmd("exit 1", check=True, trace_id=trace.id)
    with pytest.raises(FileNotFoundError):
        tracer.run_cmd(["/no/such/tool"], trace_id=trace.id)
    tracer.flush(10)
    stored = eventually(
        lambda: (
            len(found := reader.get(f"/v1/traces/{trace.id}/terminal-commands").json()["data"]) == 5
            and found
        )
    )
    by_id = {item["id"]: item for item in stored}
    first, second, third = by_id[ok.record_id], by_id[failing.record_id], by_id[slow.record_id]
    assert (first["command"], first["exitCode"], first["stdoutTruncated"], first["success"]) == (
        sys.executable,
        0,
        True,
        True,
    )
    assert "bytes left out" in first["stdout"]
    assert (second["exitCode"], second["stderr"], second["success"], second["shell"]) == (
        4,
        "oops\n",
        False,
        "sh",
    )
    assert second["envVars"] == {"API_TOKEN": "[REDACTED:env_secret]"}
    assert (third["timedOut"], third["killed"], third["success"]) == (True, True, False)
    (missing,) = [item for item in stored if item["command"] == "/no/such/tool"]
    assert (missing["exitCode"], missing["success"]) == (127, False)


def test_ci_run_starts_attaches_and_completes(tracer: AgentTrace, reader: httpx.Client) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "sdk-4242", "GITHUB_REPOSITORY": "acme/app",
           "GITHUB_WORKFLOW": "ci", "GITHUB_JOB": "test", "GITHUB_SHA": "abc123", "GITHUB_REF": "refs/pull/7/merge",
           "GITHUB_HEAD_REF": "feature", "GITHUB_BASE_REF": "main", "GITHUB_ACTOR": "ada", "GITHUB_EVENT_NAME": "pull_request"}  # fmt: skip
    trace = tracer.trace("ci job")
    tracer.generation(
        "llm", model="gpt-4o-mini", usage={"input": 10, "output": 5}, trace_id=trace.id
    )
    tracer.flush(10)
    with tracer.ci_run(environ=env) as run:
        assert run.id is not None
        run.attach(trace.id)
    found = reader.get(f"/v1/ci-runs/{run.id}").json()
    assert (found["provider"], found["providerRunId"], found["status"]) == (
        "github_actions",
        "sdk-4242",
        "success",
    )
    assert found["providerRunUrl"] == "https://github.com/acme/app/actions/runs/sdk-4242"
    assert (
        found["prNumber"],
        found["prSourceBranch"],
        found["gitBranch"],
        found["triggeredBy"],
    ) == (7, "feature", "feature", "ada")
    assert (found["traceIds"], found["totalTokens"]) == ([trace.id], 15)
    assert found["completedAt"] is not None

    failed = tracer.ci_run(environ={"AGENTTRACE_CI_PROVIDER_RUN_ID": "sdk-failing"})
    assert failed.complete("failed", error_message="tests failed") is not None
    assert reader.get(f"/v1/ci-runs/{failed.id}").json()["status"] == "failure"


def test_checkpoint_contents_come_back_from_the_server_byte_for_byte(
    tracer: AgentTrace, reader: httpx.Client, tmp_path: Path
) -> None:
    payload = bytes(range(256)) * 4
    (tmp_path / "blob.bin").write_bytes(payload)
    stored = tracer.checkpoint(["blob.bin"], root=tmp_path, include_contents=True)
    assert stored is not None
    restored = reader.post(f"/v1/checkpoints/{stored['id']}/restore", json={}).json()
    assert base64.b64decode(restored["files"][0]["content"]) == payload
