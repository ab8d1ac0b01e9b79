"""The pure rules under the coding-agent receivers: which agent an event is from, its
disjoint token counts, numbers sent as text, Codex's argv as a command, and cumulative
metric points as deltas with resets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from agenttrace.core.metrics.store import _deltas
from agenttrace.core.telemetry import agent_events as agents
from agenttrace.core.telemetry.logs_mapping import _argv, _command


@pytest.mark.parametrize(
    ("name", "body", "service", "agent", "full"),
    [
        ("api_request", "claude_code.api_request", "claude-code", "claude_code",
         "claude_code.api_request"),
        ("tool_result", None, "claude-code", "claude_code", "claude_code.tool_result"),
        ("codex.sse_event", None, "codex-cli", "codex", "codex.sse_event"),
        ("gemini_cli.tool_call", None, None, "gemini_cli", "gemini_cli.tool_call"),
        ("my.event", None, "my-service", "otel", "my.event"),
        ("", None, None, "otel", "log"),
    ],
)  # fmt: skip
def test_an_event_is_told_by_its_name_body_or_service(
    name: str, body: str | None, service: str | None, agent: str, full: str
) -> None:
    resource = {"service.name": service} if service else {}
    found, event_name = agents.identify(name, body, resource)
    assert (found.name, event_name) == (agent, full)


def test_token_counts_are_made_disjoint_per_agent() -> None:
    codex = {"input_token_count": "1000", "output_token_count": "400",
             "cached_token_count": "600", "reasoning_token_count": "100"}  # fmt: skip
    assert agents.usage_of(agents.CODEX, codex) == {
        "input": 400, "input_cached_tokens": 600, "output": 300, "output_reasoning_tokens": 100,
    }  # fmt: skip
    gemini = {"input_token_count": 10, "output_token_count": 5, "thoughts_token_count": 3}
    assert agents.usage_of(agents.GEMINI_CLI, gemini) == {
        "input": 10, "output": 5, "output_reasoning_tokens": 3,
    }  # fmt: skip
    claude = {"input_tokens": "7", "cache_read_tokens": "100", "output_tokens": "-1"}
    assert agents.usage_of(agents.CLAUDE_CODE, claude) == {"input": 7, "input_cached_tokens": 100}
    assert agents.usage_of(agents.CLAUDE_CODE, {}) is None


@pytest.mark.parametrize(
    ("value", "number", "flag"),
    [("0.5", 0.5, None), (3, 3.0, None), ("true", None, True), (False, None, False),
     ("x", None, None), (None, None, None)],
)  # fmt: skip
def test_numbers_and_flags_are_read_from_text_too(value: Any, number: Any, flag: Any) -> None:
    assert (agents.number(value), agents.flag(value)) == (number, flag)


def test_a_command_is_the_script_a_shell_runs() -> None:
    assert _argv(["bash", "-lc", "make test"]) == "make test"
    assert _argv(["git", "status"]) == "git status"
    assert _command({"full_command": "ls -la", "bash_command": "ls"}) == "ls -la"
    assert _command({"command": ["zsh", "-c", "echo hi"]}) == "echo hi"
    assert _command({"command": ""}) is None


def _point(start: int, end: int, raw: float) -> dict[str, Any]:
    base = datetime(2026, 3, 1, tzinfo=UTC)
    return {"id": f"{start}-{end}", "start_time": base + timedelta(seconds=start),
            "end_time": base + timedelta(seconds=end), "raw_value": raw, "value": raw}  # fmt: skip


def test_cumulative_points_become_deltas_and_a_reset_starts_over() -> None:
    points = [_point(0, 60, 10), _point(0, 180, 40), _point(0, 120, 25),  # out of order
              _point(300, 360, 5), _point(300, 420, 12), _point(300, 480, 3)]  # fmt: skip
    _deltas(points)
    by_end = sorted(points, key=lambda p: p["end_time"])
    assert [p["value"] for p in by_end] == [10, 15, 15, 5, 7, 3]
