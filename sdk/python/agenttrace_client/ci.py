"""Which CI runs this job, read from its environment, as the fields of a CI run.

GitHub Actions, GitLab CI, Jenkins, CircleCI, Azure Pipelines and Bitbucket Pipelines;
anything else is ``other`` (with ``AGENTTRACE_CI_PROVIDER_RUN_ID`` as its run id). The
provider run id is what a later step, in another shell, finds the run by.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Env = Mapping[str, str]

# The status words each provider uses for a finished job → ours.
STATUSES = {
    "success": "success", "succeeded": "success", "succeededwithissues": "success",
    "passed": "success", "0": "success", "failure": "failure", "failed": "failure",
    "cancelled": "cancelled", "canceled": "cancelled", "skipped": "skipped",
    "running": "running", "pending": "pending",
}  # fmt: skip


def _pr(ref: str | None) -> int | None:
    match = re.match(r"refs/pull/(\d+)/", ref or "")
    return int(match.group(1)) if match else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _branch(ref: str | None) -> str | None:
    return ref.removeprefix("refs/heads/") if ref and ref.startswith("refs/heads/") else None


def _github(env: Env) -> dict[str, Any]:
    server = env.get("GITHUB_SERVER_URL", "https://github.com")
    repo = env.get("GITHUB_REPOSITORY")
    run_id = env.get("GITHUB_RUN_ID")
    return {
        "providerRunId": run_id,
        "providerRunUrl": f"{server}/{repo}/actions/runs/{run_id}" if repo and run_id else None,
        "workflowName": env.get("GITHUB_WORKFLOW"), "jobName": env.get("GITHUB_JOB"),
        "gitCommitSha": env.get("GITHUB_SHA"), "gitRef": env.get("GITHUB_REF"),
        "gitBranch": env.get("GITHUB_HEAD_REF") or env.get("GITHUB_REF_NAME"),
        "gitRepoUrl": f"{server}/{repo}" if repo else None,
        "prNumber": _pr(env.get("GITHUB_REF")), "prSourceBranch": env.get("GITHUB_HEAD_REF") or None,
        "prTargetBranch": env.get("GITHUB_BASE_REF") or None,
        "runnerName": env.get("RUNNER_NAME"), "runnerOs": env.get("RUNNER_OS"),
        "runnerArch": env.get("RUNNER_ARCH"), "triggeredBy": env.get("GITHUB_ACTOR"),
        "triggerEvent": env.get("GITHUB_EVENT_NAME"),
    }  # fmt: skip


def _gitlab(env: Env) -> dict[str, Any]:
    return {
        "providerRunId": env.get("CI_JOB_ID"), "providerRunUrl": env.get("CI_JOB_URL"),
        "pipelineName": env.get("CI_PIPELINE_ID"), "jobName": env.get("CI_JOB_NAME"),
        "gitCommitSha": env.get("CI_COMMIT_SHA"), "gitBranch": env.get("CI_COMMIT_BRANCH")
        or env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") or env.get("CI_COMMIT_REF_NAME"),
        "gitTag": env.get("CI_COMMIT_TAG"), "gitRepoUrl": env.get("CI_PROJECT_URL"),
        "gitRef": env.get("CI_COMMIT_REF_NAME"), "prNumber": _int(env.get("CI_MERGE_REQUEST_IID")),
        "prTitle": env.get("CI_MERGE_REQUEST_TITLE"),
        "prSourceBranch": env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"),
        "prTargetBranch": env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"),
        "runnerName": env.get("CI_RUNNER_DESCRIPTION"), "triggeredBy": env.get("GITLAB_USER_LOGIN"),
        "triggerEvent": env.get("CI_PIPELINE_SOURCE"),
    }  # fmt: skip


def _jenkins(env: Env) -> dict[str, Any]:
    branch = env.get("BRANCH_NAME") or env.get("GIT_BRANCH")
    return {
        "providerRunId": env.get("BUILD_TAG"), "providerRunUrl": env.get("BUILD_URL"),
        "jobName": env.get("JOB_NAME"), "gitCommitSha": env.get("GIT_COMMIT"),
        "gitBranch": branch.removeprefix("origin/") if branch else None,
        "gitRepoUrl": env.get("GIT_URL"), "prNumber": _int(env.get("CHANGE_ID")),
        "prTitle": env.get("CHANGE_TITLE"), "prSourceBranch": env.get("CHANGE_BRANCH"),
        "prTargetBranch": env.get("CHANGE_TARGET"), "runnerName": env.get("NODE_NAME"),
    }  # fmt: skip


def _circleci(env: Env) -> dict[str, Any]:
    return {
        "providerRunId": env.get("CIRCLE_WORKFLOW_JOB_ID") or env.get("CIRCLE_BUILD_NUM"),
        "providerRunUrl": env.get("CIRCLE_BUILD_URL"), "workflowName": env.get("CIRCLE_WORKFLOW_ID"),
        "jobName": env.get("CIRCLE_JOB"), "gitCommitSha": env.get("CIRCLE_SHA1"),
        "gitBranch": env.get("CIRCLE_BRANCH"), "gitTag": env.get("CIRCLE_TAG"),
        "gitRepoUrl": env.get("CIRCLE_REPOSITORY_URL"), "prNumber": _int(env.get("CIRCLE_PR_NUMBER")),
        "triggeredBy": env.get("CIRCLE_USERNAME"),
    }  # fmt: skip


def _azure(env: Env) -> dict[str, Any]:
    collection, project, build = (
        env.get("SYSTEM_COLLECTIONURI"), env.get("SYSTEM_TEAMPROJECT"), env.get("BUILD_BUILDID"),
    )  # fmt: skip
    url = (
        f"{collection}{project}/_build/results?buildId={build}"
        if collection and project and build
        else None
    )
    ref = env.get("BUILD_SOURCEBRANCH")
    return {
        "providerRunId": build, "providerRunUrl": url,
        "pipelineName": env.get("BUILD_DEFINITIONNAME"), "jobName": env.get("SYSTEM_JOBDISPLAYNAME"),
        "gitCommitSha": env.get("BUILD_SOURCEVERSION"),
        "gitBranch": _branch(ref) or env.get("BUILD_SOURCEBRANCHNAME"), "gitRef": ref,
        "gitRepoUrl": env.get("BUILD_REPOSITORY_URI"),
        "prNumber": _int(env.get("SYSTEM_PULLREQUEST_PULLREQUESTNUMBER")),
        "runnerName": env.get("AGENT_NAME"), "runnerOs": env.get("AGENT_OS"),
        "runnerArch": env.get("AGENT_OSARCHITECTURE"), "triggeredBy": env.get("BUILD_REQUESTEDFOR"),
        "triggerEvent": env.get("BUILD_REASON"),
    }  # fmt: skip


def _bitbucket(env: Env) -> dict[str, Any]:
    repo, build = env.get("BITBUCKET_REPO_FULL_NAME"), env.get("BITBUCKET_BUILD_NUMBER")
    return {
        "providerRunId": build,
        "providerRunUrl": f"https://bitbucket.org/{repo}/pipelines/results/{build}" if repo else None,
        "gitCommitSha": env.get("BITBUCKET_COMMIT"), "gitBranch": env.get("BITBUCKET_BRANCH"),
        "gitTag": env.get("BITBUCKET_TAG"), "gitRepoUrl": env.get("BITBUCKET_GIT_HTTP_ORIGIN"),
        "prNumber": _int(env.get("BITBUCKET_PR_ID")),
        "prTargetBranch": env.get("BITBUCKET_PR_DESTINATION_BRANCH"),
        "jobName": env.get("BITBUCKET_STEP_UUID"),
    }  # fmt: skip


# (provider, is it this one?, its fields, the variable holding a finished job's status)
PROVIDERS: list[tuple[str, Callable[[Env], bool], Callable[[Env], dict[str, Any]], str | None]] = [
    ("github_actions", lambda env: env.get("GITHUB_ACTIONS") == "true", _github, None),
    ("gitlab_ci", lambda env: env.get("GITLAB_CI") == "true", _gitlab, "CI_JOB_STATUS"),
    (
        "jenkins",
        lambda env: bool(env.get("JENKINS_URL") or env.get("JENKINS_HOME")),
        _jenkins,
        None,
    ),
    ("circleci", lambda env: env.get("CIRCLECI") == "true", _circleci, None),
    (
        "azure_devops",
        lambda env: env.get("TF_BUILD", "").lower() == "true",
        _azure,
        "AGENT_JOBSTATUS",
    ),
    (
        "bitbucket",
        lambda env: bool(env.get("BITBUCKET_BUILD_NUMBER")),
        _bitbucket,
        "BITBUCKET_EXIT_CODE",
    ),
]


def detect(env: Env) -> dict[str, Any]:
    """The CI run fields of this environment (unset ones left out), with ``provider``."""
    for name, matches, read, _ in PROVIDERS:
        if matches(env):
            return {"provider": name, **{k: v for k, v in read(env).items() if v not in (None, "")}}
    run_id = env.get("AGENTTRACE_CI_PROVIDER_RUN_ID")
    return {"provider": "other", **({"providerRunId": run_id} if run_id else {})}


def job_status(env: Env) -> str | None:
    """The finished job's status where the provider tells it (GitLab, Azure, Bitbucket)."""
    for _, matches, _, variable in PROVIDERS:
        if matches(env) and variable and env.get(variable):
            value = env[variable].strip().lower()
            return STATUSES.get(value, "failure" if variable == "BITBUCKET_EXIT_CODE" else value)
    return None


def status_word(value: str) -> str:
    """Any provider's word for a status → ours (the server reads its own aliases too)."""
    return STATUSES.get(value.strip().lower().replace("_", ""), value.strip().lower())
