"""The secret patterns of agent records (``core/agents/redaction.py``): each kind is found
and replaced by its marker, counted once, and ordinary text is left alone."""

from __future__ import annotations

import pytest

from agenttrace.core.agents.redaction import Redactor, redact_text

# Fake secrets of each shape (none is a real credential).
KEY_BODY = "a1B2c3D4e5F6g7H8i9J0k1L2"


# Tests for each pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"key sk-{KEY_BODY}", "key [REDACTED:api_key]"),
        (f"sk-proj-{KEY_BODY}", "[REDACTED:api_key]"),
        (f"push https://ghp_{KEY_BODY}@github.com", "push https://[REDACTED:github_token]@github.com"),
        (f"github_pat_11AB_{KEY_BODY}", "[REDACTED:github_token]"),
        ("id AKIAIOSFODNN7EXAMPLE", "id [REDACTED:aws_access_key]"),
        ("xoxb-123456789012-abcdefABCDEF", "[REDACTED:slack_token]"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\nok",
         "[REDACTED:private_key]\nok"),
        ("Authorization: Bearer eyJhbGciOi.J9x", "Authorization: Bearer [REDACTED:bearer_token]"),
        ("mysql -u root password=hunter2 -h db", "mysql -u root password=[REDACTED:password] -h db"),
        ('token: "abc def"', "token: [REDACTED:password]"),
        ("export DB_PASSWORD=s3cret", "export DB_PASSWORD=[REDACTED:env_secret]"),
        ("MY_API_KEY='x y'", "MY_API_KEY=[REDACTED:env_secret]"),
    ],
    ids=["openai", "openai-project", "github-classic", "github-fine-grained", "aws", "slack",
         "private-key", "bearer", "password-pair", "quoted-token", "env-password", "env-quoted"],
)  # fmt: skip
def test_each_kind_of_secret_is_replaced_by_its_marker(text: str, expected: str) -> None:
    assert redact_text(text) == (expected, 1)


@pytest.mark.parametrize(
    "text",
    ["task-list of a desk-lamp", "pytest -q tests/", "Bearer", "password reset flow", "AKIA"],
    ids=["words-ending-in-sk", "command", "bare-bearer", "prose", "short-prefix"],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact_text(text) == (text, 0)


def test_a_secret_found_by_two_patterns_counts_once() -> None:
    assert redact_text(f"OPENAI_API_KEY=sk-{KEY_BODY} token=ghp_{KEY_BODY}") == (
        "OPENAI_API_KEY=[REDACTED:api_key] token=[REDACTED:github_token]",
        2,
    )


# Tests for records


def test_a_redactor_counts_across_fields_and_blanks_secret_named_variables() -> None:
    redactor = Redactor()
    env = redactor.env({"GITHUB_TOKEN": "anything", "PATH": "/bin", "X": f"sk-{KEY_BODY}"})
    args = redactor.texts(["--password=p4ss", "plain"])
    assert env == {
        "GITHUB_TOKEN": "[REDACTED:env_secret]",
        "PATH": "/bin",
        "X": "[REDACTED:api_key]",
    }
    assert args == ["--password=[REDACTED:password]", "plain"]
    assert redactor.count == 3
