"""The client commands as a user runs them (the installed ``agenttrace`` command) against a
real server, with what they stored read back through ``/v1``."""

from __future__ import annotations

import io
import json
import os
import sys
import tarfile
from pathlib import Path

import httpx

from tests.sdk.conftest import COMMAND, SECRET_KEY, Server, cli, git_repo
from tests.sdk.fakes import html_404, http_server

# Tests for wrap


def test_wrap_records_a_failing_command_and_keeps_its_exit_code(
    server: Server, reader: httpx.Client, tmp_path: Path
) -> None:
    script = "import sys; print('to stdout'); print('to stderr', file=sys.stderr); sys.exit(3)"
    done = cli("wrap", "--name", "failing-step", "--session-id", "cli-session", "--tag", "ci", "--",
               "python3", "-c", script, env=server.env(), cwd=tmp_path)  # fmt: skip
    assert done.returncode == 3
    assert "to stdout" in done.stdout
    assert "to stderr" in done.stderr
    trace_id = done.stderr.strip().splitlines()[-1].removeprefix("agenttrace: trace ")
    trace = reader.get(f"/v1/traces/{trace_id}", params={"includeObservations": True}).json()
    assert (trace["name"], trace["sessionId"], trace["tags"], trace["level"]) == (
        "failing-step",
        "cli-session",
        ["ci"],
        "ERROR",
    )
    assert trace["output"]["exitCode"] == 3
    assert trace["output"]["stdout"] == "to stdout\n"
    assert trace["output"]["durationMs"] >= 0
    assert trace["input"].startswith("python3 -c")
    (span,) = trace["observations"]
    assert (span["level"], span["statusMessage"]) == ("ERROR", "exit code 3")
    (command,) = reader.get(f"/v1/traces/{trace_id}/terminal-commands").json()["data"]
    assert (command["command"], command["exitCode"], command["stderr"], command["success"]) == (
        "python3",
        3,
        "to stderr\n",
        False,
    )


def test_wrap_joins_the_sdk_and_checkpoints_what_changed(
    server: Server, reader: httpx.Client, tmp_path: Path
) -> None:
    repo = git_repo(
        tmp_path / "repo", {"keep.txt": "same\n", "edit.txt": "old\n", "gone.txt": "bye\n"}
    )
    inner = (
        "from pathlib import Path; from agenttrace_client import observe, flush\n"
        "Path('edit.txt').write_text('new\\n'); Path('made.txt').write_text('hi\\n'); Path('gone.txt').unlink()\n"
        "@observe\ndef step(): return 'inner'\nstep(); flush()\n"
    )
    done = cli(
        "wrap",
        "--git",
        "--checkpoints",
        "--",
        sys.executable,
        "-c",
        inner,
        env=server.env(),
        cwd=repo,
    )
    assert done.returncode == 0, done.stderr
    trace_id = done.stderr.strip().splitlines()[-1].removeprefix("agenttrace: trace ")
    trace = reader.get(f"/v1/traces/{trace_id}", params={"includeObservations": True}).json()
    assert trace["gitBranch"] == "main"
    assert trace["gitCommitSha"]
    names = {item["name"]: item for item in trace["observations"]}
    assert (
        names["step"]["parentObservationId"] == names[Path(sys.executable).name]["id"]
    )  # the SDK joined
    (checkpoint,) = reader.get(f"/v1/traces/{trace_id}/checkpoints").json()["data"]
    assert checkpoint["type"] == "auto"
    assert sorted(f["path"] for f in checkpoint["files"]) == ["edit.txt", "made.txt"]
    assert all(f["stored"] for f in checkpoint["files"])
    assert sorted(checkpoint["filesChanged"]) == ["edit.txt", "gone.txt", "made.txt"]


def test_wrap_of_a_missing_command_exits_127(server: Server) -> None:
    done = cli("wrap", "--", "/no/such/program", env=server.env())
    assert done.returncode == 127
    assert "cannot run /no/such/program" in done.stderr


# Tests for ci start|attach|complete


def github_env(server: Server, tmp_path: Path, run_id: str) -> dict[str, str]:
    return server.env(
        GITHUB_ACTIONS="true", GITHUB_RUN_ID=run_id, GITHUB_REPOSITORY="acme/app", GITHUB_WORKFLOW="ci",
        GITHUB_JOB="test", GITHUB_SHA="0" * 40, GITHUB_REF="refs/heads/main", GITHUB_REF_NAME="main",
        GITHUB_ACTOR="ada", GITHUB_EVENT_NAME="push", RUNNER_OS="Linux",
        GITHUB_ENV=str(tmp_path / "github_env"), GITHUB_OUTPUT=str(tmp_path / "github_output"),
    )  # fmt: skip


def exported(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines())


def test_ci_start_and_complete_under_github_actions(
    server: Server, reader: httpx.Client, tmp_path: Path
) -> None:
    env = github_env(server, tmp_path, "gh-1001")
    started = cli("ci", "start", env=env)
    assert started.returncode == 0, started.stderr
    run_id = started.stdout.strip()
    variables = exported(tmp_path / "github_env")
    assert variables["AGENTTRACE_CI_RUN_ID"] == run_id
    assert exported(tmp_path / "github_output")["ci-run-id"] == run_id
    job_trace = variables["AGENTTRACE_CI_TRACE_ID"]

    later = {**env, **variables}  # what GitHub gives the next steps
    linked = cli(
        "git-link",
        "--root",
        str(git_repo(tmp_path / "repo", {"a": "1\n"})),
        "--link-type",
        "ci",
        env=later,
    )
    assert linked.returncode == 0, linked.stderr
    wrapped = cli("wrap", "--", "true", env=later)
    wrapped_trace = wrapped.stderr.strip().splitlines()[-1].removeprefix("agenttrace: trace ")
    completed = cli("ci", "complete", "--status", "failure", "--json", env=later)
    assert completed.returncode == 0, completed.stderr

    run = reader.get(f"/v1/ci-runs/{run_id}").json()
    assert (run["provider"], run["providerRunId"], run["workflowName"], run["jobName"]) == (
        "github_actions",
        "gh-1001",
        "ci",
        "test",
    )
    assert (run["status"], run["gitBranch"], run["runnerOs"]) == ("failure", "main", "Linux")
    assert run["completedAt"] is not None
    assert run["durationMs"] is not None
    assert sorted(run["traceIds"]) == sorted([job_trace, wrapped_trace])
    assert json.loads(completed.stdout)["status"] == "failure"
    (link,) = reader.get("/v1/git-links", params={"traceId": job_trace}).json()["data"]
    assert (link["ciRunId"], link["linkType"]) == (run_id, "ci")
    assert reader.get(f"/v1/traces/{job_trace}").json()["name"] == "ci: ci/test"


def test_ci_complete_finds_the_run_by_its_provider_id_and_status(
    server: Server, reader: httpx.Client, tmp_path: Path
) -> None:
    env = server.env(GITLAB_CI="true", CI_JOB_ID="gl-777", CI_JOB_NAME="lint", CI_COMMIT_SHA="1" * 40,
                     CI_PROJECT_URL="https://gitlab.example.com/acme/app")  # fmt: skip
    started = cli(
        "ci", "start", "--no-trace", "--dotenv", str(tmp_path / "agenttrace.env"), env=env
    )
    assert started.returncode == 0, started.stderr
    assert exported(tmp_path / "agenttrace.env") == {"AGENTTRACE_CI_RUN_ID": started.stdout.strip()}
    completed = cli(
        "ci", "complete", env={**env, "CI_JOB_STATUS": "failed"}
    )  # after_script: a new shell
    assert completed.returncode == 0, completed.stderr
    run = reader.get(f"/v1/ci-runs/{started.stdout.strip()}").json()
    assert (run["provider"], run["providerRunId"], run["status"], run["jobName"]) == (
        "gitlab_ci",
        "gl-777",
        "failure",
        "lint",
    )


def test_ci_attach_adds_traces(server: Server, reader: httpx.Client) -> None:
    env = server.env(AGENTTRACE_CI_PROVIDER_RUN_ID="attach-run")
    run_id = cli("ci", "start", "--no-trace", env=env).stdout.strip()
    attached = cli("ci", "attach", "t-attach-1", "t-attach-2", "--run-id", run_id, env=env)
    assert attached.returncode == 0, attached.stderr
    assert sorted(reader.get(f"/v1/ci-runs/{run_id}").json()["traceIds"]) == [
        "t-attach-1",
        "t-attach-2",
    ]


def test_ci_complete_without_a_run_exits_1(server: Server) -> None:
    done = cli("ci", "complete", env=server.env(AGENTTRACE_CI_PROVIDER_RUN_ID="never-started"))
    assert done.returncode == 1
    assert done.stderr.startswith("error: no CI run of other run never-started")


# Tests for checkpoint create|list|download|diff|restore


def test_checkpoint_round_trip(server: Server, reader: httpx.Client, tmp_path: Path) -> None:
    repo = git_repo(
        tmp_path / "repo", {"app.py": "x = 1\n", "lib/util.py": "def f():\n    return 1\n"}
    )
    env = server.env(AGENTTRACE_TRACE_ID="cli-checkpoint-trace")
    first = cli(
        "checkpoint",
        "create",
        "--include-contents",
        "--name",
        "before",
        "--root",
        str(repo),
        env=env,
    )
    assert first.returncode == 0, first.stderr
    (repo / "app.py").write_text("x = 2\n")
    (repo / "new.txt").write_text("new\n")
    second = cli(
        "checkpoint",
        "create",
        "--include-contents",
        "--type",
        "post_edit",
        "--json",
        env=env,
        cwd=repo,
    )
    assert second.returncode == 0, second.stderr
    before, after = first.stdout.strip(), json.loads(second.stdout)["id"]

    listed = cli("checkpoint", "list", "--trace-id", "cli-checkpoint-trace", "--json", env=env)
    assert [row["id"] for row in json.loads(listed.stdout)["data"]] == [after, before]
    assert before in cli("checkpoint", "list", "--trace-id", "cli-checkpoint-trace", env=env).stdout

    archive = tmp_path / "cp.tar.gz"
    downloaded = cli("checkpoint", "download", after, "-o", str(archive), env=env)
    assert downloaded.returncode == 0, downloaded.stderr
    with tarfile.open(archive) as tar:
        contents = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]
    assert contents == {
        "app.py": b"x = 2\n",
        "lib/util.py": b"def f():\n    return 1\n",
        "new.txt": b"new\n",
    }

    diffed = cli("checkpoint", "diff", after, "--against", before, env=env)
    assert diffed.returncode == 0, diffed.stderr
    assert "changed: app.py" in diffed.stdout
    assert "-x = 1" in diffed.stdout
    assert "+x = 2" in diffed.stdout
    assert "added: new.txt" in diffed.stdout
    assert "1 added, 0 removed, 1 changed, 1 unchanged" in diffed.stdout
    assert json.loads(
        cli("checkpoint", "diff", after, "--against", before, "--json", env=env).stdout
    )["added"] == ["new.txt"]

    target = tmp_path / "restored"
    restored = cli("checkpoint", "restore", before, "--into", str(target), env=env)
    assert restored.returncode == 0, restored.stderr
    assert (target / "app.py").read_text() == "x = 1\n"
    assert (target / "lib/util.py").read_text() == "def f():\n    return 1\n"
    assert not (target / "new.txt").exists()
    restores = reader.get(
        "/v1/checkpoints", params={"traceId": "cli-checkpoint-trace", "type": "restore"}
    ).json()["data"]
    assert [item["restoredFrom"] for item in restores] == [before]


def test_restore_refuses_a_path_that_escapes_the_directory(server: Server, tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "file.txt").write_text("data\n")
    env = server.env()
    checkpoint_id = cli(
        "checkpoint", "create", "sub/file.txt", "--include-contents", "--root", str(source), env=env
    ).stdout.strip()
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "target"
    target.mkdir()
    os.symlink(outside, target / "sub")  # a link inside the directory pointing out of it
    done = cli("checkpoint", "restore", checkpoint_id, "--into", str(target), env=env)
    assert done.returncode == 1
    assert "refused to restore paths outside" in done.stderr
    assert "sub/file.txt" in done.stderr
    assert list(outside.iterdir()) == []


def test_restore_without_stored_contents_exits_1(server: Server, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    checkpoint_id = cli(
        "checkpoint", "create", "a.txt", "--root", str(tmp_path), env=server.env()
    ).stdout.strip()
    done = cli(
        "checkpoint", "restore", checkpoint_id, "--into", str(tmp_path / "out"), env=server.env()
    )
    assert done.returncode == 1
    assert "1 file(s) have no stored contents: a.txt" in done.stderr


# Tests for git-link, traces and errors


def test_git_link_for_a_given_sha(server: Server, reader: httpx.Client, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo", {"a.txt": "1\n"})
    done = cli(
        "git-link",
        "--sha",
        "HEAD",
        "--trace-id",
        "cli-git-trace",
        "--json",
        env=server.env(),
        cwd=repo,
    )
    assert done.returncode == 0, done.stderr
    (link,) = reader.get("/v1/git-links", params={"traceId": "cli-git-trace"}).json()["data"]
    assert link["id"] == json.loads(done.stdout)["id"]
    assert link["filesAdded"] == ["a.txt"]
    outside = cli("git-link", "--root", str(tmp_path), env=server.env())
    assert (outside.returncode, outside.stderr.startswith("error: no commit 'HEAD'")) == (1, True)


def test_traces_list_get_and_export(server: Server, reader: httpx.Client, tmp_path: Path) -> None:
    ids = [
        reader.post(
            "/v1/traces", json={"name": "exported", "userId": "export-user", "input": n}
        ).json()["id"]
        for n in range(3)
    ]
    reader.post("/v1/observations", json={"traceId": ids[0], "type": "span", "name": "inner"})
    env = server.env()
    listed = cli("traces", "list", "--user-id", "export-user", "--json", env=env)
    assert sorted(t["id"] for t in json.loads(listed.stdout)["data"]) == sorted(ids)
    assert ids[0] in cli("traces", "list", "--user-id", "export-user", env=env).stdout
    got = cli("traces", "get", ids[0], "--json", env=env)
    assert [o["name"] for o in json.loads(got.stdout)["observations"]] == ["inner"]
    assert "SPAN" in cli("traces", "get", ids[0], env=env).stdout

    out = tmp_path / "traces.jsonl"
    done = cli(
        "traces", "export", "--user-id", "export-user", "-o", str(out), "--observations", env=env
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(ids)
    assert any(r.get("observations") for r in rows)
    as_array = cli("traces", "export", "--user-id", "export-user", "--format", "json", env=env)
    assert sorted(r["id"] for r in json.loads(as_array.stdout)) == sorted(ids)


def test_errors_have_one_line_and_their_exit_code(server: Server) -> None:
    no_key = {k: v for k, v in server.env().items() if k != "AGENTTRACE_API_KEY"}
    cases = {
        "no key": (no_key, 2, "error: no API key"),
        "down": (
            server.env(AGENTTRACE_API_URL="http://127.0.0.1:9", AGENTTRACE_TIMEOUT="3"),
            2,
            "error: cannot reach AgentTrace",
        ),
        "bad key": (
            server.env(AGENTTRACE_API_KEY="sk-at-wrong-key-0123456789"),
            2,
            "error: the server refused the key",
        ),
    }
    for name, (env, code, start) in cases.items():
        done = cli("traces", "list", env=env)
        assert (done.returncode, done.stderr.startswith(start), done.stderr.count("\n")) == (
            code,
            True,
            1,
        ), name
    with http_server(html_404) as url:
        wrong = cli("traces", "list", env=server.env(AGENTTRACE_API_URL=url))
    assert wrong.returncode == 2
    assert "does not answer as AgentTrace" in wrong.stderr
    missing = cli("traces", "get", "no-such-trace", env=server.env())
    assert (missing.returncode, missing.stderr.startswith("error: 404 not_found")) == (1, True)
    unrun = cli("wrap", "--", "touch", "never", env=no_key)
    assert unrun.returncode == 2
    assert not Path("never").exists()


def test_help_lists_client_and_server_commands(server: Server) -> None:
    done = cli("--help", env=server.env(COLUMNS="120"))
    for command in (
        "wrap",
        "ci",
        "checkpoint",
        "git-link",
        "traces",
        "prompts",
        "serve",
        "migrate",
        "worker",
        "keys",
    ):
        assert f" {command} " in done.stdout, command
    assert "Server commands" in done.stdout
    assert Path(COMMAND).exists()
    assert SECRET_KEY not in done.stdout
    assert io is not None
