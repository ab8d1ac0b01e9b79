"""The CI integrations in ``ci/`` run as their CI would run them (their shell steps, with
the CI's variables) against a real server: a run started, HEAD linked, the run completed
with the job's status. Installing the CLI is left out: it is already on PATH here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.sdk.conftest import SECRET_KEY, Server, git_repo

ROOT = Path(__file__).resolve().parents[2]
PATH = f"{Path(sys.executable).parent}:/usr/bin:/bin"


def run_action_step(step: str, inputs: dict[str, str], env: dict[str, str], cwd: Path) -> None:
    """Each step of the composite action whose ``if`` holds, as the runner would run it."""
    action = yaml.safe_load((ROOT / "ci/github/action.yml").read_text())
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | {
        "step": step,
        **inputs,
    }

    def expand(text: str) -> str:
        text = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: values[m.group(1)], text)
        return text.replace("${{ github.action_path }}", str(ROOT / "ci/github"))

    for item in action["runs"]["steps"]:
        condition = item.get("if", "true")
        holds = all(
            (values[name] == value) == (op == "==")
            for name, op, value in re.findall(r"inputs\.([\w-]+) (==|!=) '([^']*)'", condition)
        )
        if not holds:
            continue
        step_env = {
            **env,
            **{key: expand(str(value)) for key, value in item.get("env", {}).items()},
        }
        done = subprocess.run(
            ["bash", "-e", "-c", item["run"]],
            env=step_env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "::warning::" not in done.stdout, done.stdout


def test_the_github_action_starts_links_and_completes_a_run(
    server: Server, reader: httpx.Client, tmp_path: Path
) -> None:
    repo = git_repo(tmp_path / "repo", {"app.py": "print(1)\n"})
    env_file, output_file = tmp_path / "env", tmp_path / "output"
    env = {"PATH": PATH, "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "action-55", "GITHUB_REPOSITORY": "acme/app",
           "GITHUB_WORKFLOW": "ci", "GITHUB_JOB": "build", "GITHUB_ENV": str(env_file), "GITHUB_OUTPUT": str(output_file)}  # fmt: skip
    inputs = {"api-url": server.url, "api-key": SECRET_KEY, "install": "none"}
    run_action_step("start", inputs, env, repo)
    exported = dict(line.split("=", 1) for line in env_file.read_text().splitlines())
    run_id = exported["AGENTTRACE_CI_RUN_ID"]
    assert f"ci-run-id={run_id}" in output_file.read_text()

    run_action_step("complete", {**inputs, "status": "failure"}, {**env, **exported}, repo)
    run: dict[str, Any] = reader.get(f"/v1/ci-runs/{run_id}").json()
    assert (run["provider"], run["providerRunId"], run["status"]) == (
        "github_actions",
        "action-55",
        "failure",
    )
    (link,) = reader.get("/v1/git-links", params={"ciRunId": run_id}).json()["data"]
    assert (link["linkType"], link["filesAdded"]) == ("ci", ["app.py"])


def test_the_gitlab_template_starts_links_and_completes_a_run(
    server: Server, reader: httpx.Client, tmp_path: Path
) -> None:
    repo = git_repo(tmp_path / "repo", {"lib.py": "x = 1\n"})
    job = yaml.safe_load((ROOT / "ci/gitlab/agenttrace.yml").read_text())[".agenttrace"]
    env = {"PATH": PATH, "GITLAB_CI": "true", "CI_JOB_ID": "gitlab-99", "CI_JOB_NAME": "test",
           "AGENTTRACE_API_URL": server.url, "AGENTTRACE_API_KEY": SECRET_KEY}  # fmt: skip
    before = "\n".join(line for line in job["before_script"] if "pip install" not in line)
    started = subprocess.run(["bash", "-e", "-c", before + '\necho "run=$AGENTTRACE_CI_RUN_ID"'], env=env, cwd=repo,
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    assert started.returncode == 0, started.stderr
    assert "AgentTrace:" not in started.stdout, started.stdout
    run_id = started.stdout.strip().split("run=")[-1]
    assert (repo / "agenttrace.env").read_text().startswith(f"AGENTTRACE_CI_RUN_ID={run_id}\n")
    after = subprocess.run(["bash", "-c", "\n".join(job["after_script"])], env={**env, "CI_JOB_STATUS": "success"},
                           cwd=repo, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert after.returncode == 0, after.stderr
    assert "AgentTrace:" not in after.stdout, after.stdout
    run = reader.get(f"/v1/ci-runs/{run_id}").json()
    assert (run["provider"], run["providerRunId"], run["status"]) == (
        "gitlab_ci",
        "gitlab-99",
        "success",
    )
    assert len(reader.get("/v1/git-links", params={"ciRunId": run_id}).json()["data"]) == 1
