"""One vocabulary for agent records: every alias of the reference's server, SDKs, docs and
CI templates maps to its canonical value, in any case; anything else names its field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agenttrace.core.agents.manifest import safe_path
from agenttrace.core.agents.records import span
from agenttrace.core.agents.vocabulary import (
    CHECKPOINT_TYPES,
    CI_PROVIDERS,
    CI_STATUSES,
    FILE_OPERATIONS,
    GIT_LINK_TYPES,
    Vocabulary,
)
from agenttrace.core.errors import Invalid

# Tests for aliases


@pytest.mark.parametrize(
    ("vocabulary", "given", "canonical"),
    [
        (CHECKPOINT_TYPES, "rollback", "restore"),
        (CHECKPOINT_TYPES, "Pre-Edit", "pre_edit"),
        (CHECKPOINT_TYPES, "TOOL_CALL", "tool_call"),
        (CHECKPOINT_TYPES, "milestone", "milestone"),
        (GIT_LINK_TYPES, "CI", "ci"),
        (GIT_LINK_TYPES, "current", "current"),
        (GIT_LINK_TYPES, "commit", "commit"),
        (FILE_OPERATIONS, "chmod", "chmod"),
        (CI_STATUSES, "completed", "success"),
        (CI_STATUSES, "failed", "failure"),
        (CI_STATUSES, "Canceled", "cancelled"),
        (CI_STATUSES, "in-progress", "running"),
        (CI_PROVIDERS, "github", "github_actions"),
        (CI_PROVIDERS, "GitLab", "gitlab_ci"),
        (CI_PROVIDERS, "circle-ci", "circleci"),
    ],
)
def test_an_alias_maps_to_its_canonical_value(
    vocabulary: Vocabulary, given: str, canonical: str
) -> None:
    assert vocabulary.canonical(given, field="f") == canonical


@pytest.mark.parametrize("given", ["merged", "", None, 3])
def test_an_unknown_value_names_its_field(given: object) -> None:
    with pytest.raises(Invalid) as raised:
        CI_STATUSES.canonical(given, field="body.status")
    assert raised.value.field == "body.status"


# Tests for manifest paths and times


@pytest.mark.parametrize(
    ("path", "kept"), [("src/app.py", "src/app.py"), ("./a//b.txt", "a/b.txt"), ("a\\b", "a/b")]
)
def test_a_relative_path_is_kept_in_its_plain_form(path: str, kept: str) -> None:
    assert safe_path(path, field="p") == kept


@pytest.mark.parametrize(
    "path", ["../x", "a/../../x", "/etc/passwd", "\\\\server\\x", "C:x", "", ".", "a\x00b"]
)
def test_a_path_leaving_the_tree_is_refused(path: str) -> None:
    with pytest.raises(Invalid) as raised:
        safe_path(path, field="files[0].path")
    assert raised.value.field == "files[0].path"


def test_a_span_fills_what_is_missing_and_always_agrees_with_itself() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    later = now + timedelta(seconds=2)
    assert span(now, later, 999, now) == (now, later, 2000)
    assert span(None, later, 500, now) == (later - timedelta(milliseconds=500), later, 500)
    assert span(now, None, 250, now) == (now, now + timedelta(milliseconds=250), 250)
    assert span(None, None, None, now) == (now, now, 0)
