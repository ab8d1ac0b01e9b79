"""Pure rules of the client: CI provider detection, capped output, settings, restore paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenttrace_client import ci
from agenttrace_client._capture import CappedBuffer
from agenttrace_client._settings import Settings
from agenttrace_client.cli.checkpoint import safe_target
from agenttrace_client.errors import ConfigurationError


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "9"}, ("github_actions", "9")),
        ({"GITLAB_CI": "true", "CI_JOB_ID": "8"}, ("gitlab_ci", "8")),
        ({"JENKINS_URL": "http://j", "BUILD_TAG": "jenkins-app-7"}, ("jenkins", "jenkins-app-7")),
        ({"CIRCLECI": "true", "CIRCLE_BUILD_NUM": "6"}, ("circleci", "6")),
        ({"TF_BUILD": "True", "BUILD_BUILDID": "5"}, ("azure_devops", "5")),
        ({"BITBUCKET_BUILD_NUMBER": "4"}, ("bitbucket", "4")),
        ({"AGENTTRACE_CI_PROVIDER_RUN_ID": "3"}, ("other", "3")),
    ],
    ids=["github", "gitlab", "jenkins", "circleci", "azure", "bitbucket", "other"],
)
def test_each_provider_is_detected_with_its_run_id(
    env: dict[str, str], expected: tuple[str, str]
) -> None:
    detected = ci.detect(env)
    assert (detected["provider"], detected["providerRunId"]) == expected


def test_the_job_status_is_read_where_the_provider_tells_it() -> None:
    assert ci.job_status({"GITLAB_CI": "true", "CI_JOB_STATUS": "canceled"}) == "cancelled"
    assert (
        ci.job_status({"TF_BUILD": "True", "AGENT_JOBSTATUS": "SucceededWithIssues"}) == "success"
    )
    assert ci.job_status({"BITBUCKET_BUILD_NUMBER": "1", "BITBUCKET_EXIT_CODE": "2"}) == "failure"
    assert ci.job_status({"GITHUB_ACTIONS": "true"}) is None
    assert ci.status_word("Failed") == "failure"


def test_capped_output_keeps_head_and_tail() -> None:
    buffer = CappedBuffer(10)
    for chunk in (b"abc", b"defgh", b"ijklmnop"):
        buffer.write(chunk)
    assert (buffer.total, buffer.truncated) == (16, True)
    assert buffer.text() == "abcde\n… [6 bytes left out] …\nlmnop"


def test_settings_read_the_environment_and_name_a_bad_value() -> None:
    settings = Settings.load(
        {
            "AGENTTRACE_API_URL": "http://h:1/",
            "AGENTTRACE_PUBLIC_KEY": "pk",
            "AGENTTRACE_SECRET_KEY": "sk",
        }
    )
    assert settings.api_url == "http://h:1"
    assert settings.authorization() == "Basic cGs6c2s="
    assert (
        Settings.load({"AGENTTRACE_API_KEY": "sk-at-x"}, api_key="sk-at-y").authorization()
        == "Bearer sk-at-y"
    )
    with pytest.raises(ConfigurationError, match="AGENTTRACE_TIMEOUT='soon' is not a valid float"):
        Settings.load({"AGENTTRACE_TIMEOUT": "soon"})


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/../../x", "a\\..\\x", "", "a\0b"])
def test_restore_refuses_paths_outside_the_directory(tmp_path: Path, name: str) -> None:
    assert safe_target(tmp_path, name) is None


def test_restore_accepts_paths_inside_the_directory(tmp_path: Path) -> None:
    assert safe_target(tmp_path, "src/app.py") == tmp_path / "src" / "app.py"
