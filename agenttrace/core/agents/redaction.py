"""Secret redaction, applied to agent records at ingest before anything is stored.

No maintained secret-pattern library fits: ``detect-secrets`` (last release 2024) reports
that a line holds a secret rather than where it is, and misses ``github_pat_`` and
``sk-`` keys; so the patterns live here, once, tested by ``tests/unit/test_redaction.py``.
Each match becomes a visible ``[REDACTED:<kind>]`` marker; a record keeps how many were made.

Patterns run from the most specific (a private key block, a token with a known prefix) to
the most general (``password=…`` pairs, variables named like secrets); a general pattern
leaves a value that an earlier one already redacted alone, so a secret counts once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MARKER = "[REDACTED:{kind}]"
_REDACTED = "[REDACTED:"

# Names of variables (env vars, shell assignments) whose values are secrets.
SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSWORD|PASSWD", re.IGNORECASE)

# (kind, pattern, group): the group is the secret inside the match (0: all of it).
_PATTERNS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    (
        "private_key",
        re.compile(
            r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|\Z)",
            re.DOTALL,
        ),
        0,
    ),
    (
        "github_token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"),
        0,
    ),
    (
        "aws_access_key",
        re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b"),
        0,
    ),
    ("slack_token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), 0),
    ("api_key", re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"), 0),
    ("bearer_token", re.compile(r"\bBearer\s+([A-Za-z0-9._~+/-]{8,}=*)", re.IGNORECASE), 1),
    (
        "password",
        re.compile(
            r"\b(?:password|passwd|pwd|token|secret|api[_-]?key|access[_-]?key)\s*[=:]\s*"
            r"(\"[^\"]*\"|'[^']*'|[^\s&;,\"']+)",
            re.IGNORECASE,
        ),
        1,
    ),
    (
        "env_secret",
        re.compile(
            r"\b[A-Za-z_][A-Za-z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD)[A-Za-z0-9_]*"
            r"=(\"[^\"]*\"|'[^']*'|[^\s\"']+)",
            re.IGNORECASE,
        ),
        1,
    ),
)


def marker(kind: str) -> str:
    return MARKER.format(kind=kind)


def redact_text(text: str) -> tuple[str, int]:
    """``text`` with every secret replaced by its marker, and how many were replaced."""
    count = 0
    for kind, pattern, group in _PATTERNS:

        def replace(match: re.Match[str], kind: str = kind, group: int = group) -> str:
            nonlocal count
            secret = match.group(group)
            if secret.strip("\"'").startswith(_REDACTED):
                return match.group(0)
            count += 1
            start, end = match.span(group)
            offset = match.start(0)
            whole = match.group(0)
            return whole[: start - offset] + marker(kind) + whole[end - offset :]

        text = pattern.sub(replace, text)
    return text, count


@dataclass
class Redactor:
    """Redacts the fields of one record and counts what it removed."""

    count: int = 0

    def text(self, value: str | None) -> str | None:
        if not value:
            return value
        redacted, found = redact_text(value)
        self.count += found
        return redacted

    def texts(self, values: Sequence[str]) -> list[str]:
        return [self.text(value) or "" for value in values]

    def env(self, variables: Mapping[str, str]) -> dict[str, str]:
        """A variable named like a secret loses its value whole; others are scanned."""
        found: dict[str, str] = {}
        for name, value in variables.items():
            if SECRET_NAME.search(name) and value and not value.startswith(_REDACTED):
                self.count += 1
                found[name] = marker("env_secret")
            else:
                found[name] = self.text(value) or ""
        return found
