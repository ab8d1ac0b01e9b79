"""Coding agents' own telemetry through the OTLP logs receiver, on both databases, in the
documented shapes of each agent (``tests/api/otlp_logs.py``): a Claude Code session with
two prompts as two traces with the client's cost, its Bash and Edit tool results as agent
records (the secret redacted), its commit as a git link whose timeline shows the cost of
its prompt; the same session with spans on (the events attach, nothing counts twice); a
Codex conversation as turns; re-sent exports; bad bodies."""

from __future__ import annotations

import gzip
from typing import Any

import httpx
import orjson
import pytest

from tests.api.otlp import export, send, span, stored
from tests.api.otlp_logs import (
    CODEX_RESOURCE,
    LOGS,
    ClaudeSession,
    codex_event,
    iso,
    logs_export,
    post,
    record,
)
from tests.conftest import ProjectKeys

SECRET = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789"
COMMIT = "3f2a9c1d4b5e6f708192a3b4c5d6e7f809102030"
MODEL = "claude-sonnet-4-5"


async def _get(client: httpx.AsyncClient, project: ProjectKeys, path: str, **query: Any) -> Any:
    response = await client.get(path, params=query, headers=project.bearer)
    assert response.status_code == 200, response.text
    return response.json()


def _claude_session(
    session_id: str, context: dict[str, tuple[str, str]] | None = None
) -> ClaudeSession:
    """Two prompts: the first runs a Bash command holding a key and edits a file, the
    second commits. ``context``: the (trace, span) of each event that spans would give."""
    ctx = context or {}
    cc = ClaudeSession(session_id)
    cc.event(
        "user_prompt",
        "p-1",
        0,
        ctx.get("prompt-1"),
        prompt="fix the failing test",
        prompt_length=20,
    )
    cc.event(
        "api_request",
        "p-1",
        2000,
        ctx.get("api-1"),
        model=MODEL,
        cost_usd=0.0123,
        input_tokens=1200,
        output_tokens=300,
        cache_read_tokens=5000,
        cache_creation_tokens=100,
        duration_ms=1800,
        request_id="req_1",
    )
    cc.event(
        "tool_decision",
        "p-1",
        2100,
        ctx.get("decision-1"),
        tool_name="Bash",
        decision="accept",
        source="config",
    )
    cc.event(
        "tool_result",
        "p-1",
        3000,
        ctx.get("bash-1"),
        tool_name="Bash",
        tool_use_id="toolu_1",
        success="true",
        duration_ms=800,
        tool_parameters=orjson.dumps(
            {
                "bash_command": "curl",
                "full_command": f"curl -H 'x-api-key: {SECRET}' https://api.example/v1",
                "description": "call the API",
            }
        ).decode(),
    )
    cc.event(
        "tool_result",
        "p-1",
        3500,
        ctx.get("edit-1"),
        tool_name="Edit",
        tool_use_id="toolu_2",
        success="true",
        duration_ms=40,
        tool_parameters=orjson.dumps({"file_path": "/repo/app/test_main.py"}).decode(),
    )
    cc.event("user_prompt", "p-2", 10000, ctx.get("prompt-2"), prompt_length=10)
    cc.event(
        "api_request",
        "p-2",
        12000,
        ctx.get("api-2"),
        model=MODEL,
        cost_usd=0.02,
        input_tokens=2000,
        output_tokens=100,
        duration_ms=1500,
    )
    cc.event(
        "tool_result",
        "p-2",
        13000,
        ctx.get("commit-2"),
        tool_name="Bash",
        tool_use_id="toolu_3",
        success="true",
        duration_ms=300,
        tool_parameters=orjson.dumps(
            {
                "bash_command": "git",
                "full_command": "git commit -m 'fix the test'",
                "git_commit_id": COMMIT,
            }
        ).decode(),
    )
    cc.event(
        "api_request",
        "p-2",
        15000,
        ctx.get("api-3"),
        model=MODEL,
        cost_usd=0.005,
        input_tokens=500,
        output_tokens=50,
        duration_ms=900,
    )
    cc.event(
        "hook_execution", "p-2", 15500, ctx.get("hook-2"), hook_name="Stop"
    )  # not an event we know
    return cc  # fmt: skip


def _unstamped(value: Any) -> Any:
    """``value`` without ``updatedAt`` (a re-sent export rewrites the same values)."""
    if isinstance(value, dict):
        return {k: _unstamped(v) for k, v in value.items() if k != "updatedAt"}
    if isinstance(value, list):
        return [_unstamped(item) for item in value]
    return value


async def _session_traces(
    client: httpx.AsyncClient, project: ProjectKeys, session_id: str
) -> list[dict[str, Any]]:
    listed = await _get(
        client, project, "/v1/traces", sessionId=session_id, orderBy="timestamp", order="asc"
    )
    return [await stored(client, project, t["id"]) for t in listed["data"]]


@pytest.mark.parametrize("encoding", ["protobuf", "json"])
async def test_a_claude_code_session_becomes_a_trace_per_prompt_with_cost_per_commit(
    client: httpx.AsyncClient, project: ProjectKeys, encoding: str
) -> None:
    session_id = f"cc-session-{encoding}"
    cc = _claude_session(session_id)
    response = await post(client, project, cc.export(), encoding=encoding, compression="gzip")  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    traces = await _session_traces(client, project, session_id)
    assert len(traces) == 2
    by_prompt = {t["metadata"]["promptId"]: t for t in traces}
    first, second = by_prompt["p-1"], by_prompt["p-2"]
    assert (first["userId"], first["sessionId"], first["input"]) == (
        "user-1",
        session_id,
        "fix the failing test",
    )
    kinds = [(o["type"], o["name"]) for o in first["observations"]]
    assert kinds == [
        ("EVENT", "claude_code.user_prompt"),
        ("GENERATION", "claude_code.api_request"),
        ("EVENT", "claude_code.tool_decision"),
        ("TOOL", "Bash"),
        ("TOOL", "Edit"),
    ]  # fmt: skip
    generation = first["observations"][1]
    assert generation["model"] == MODEL
    assert generation["costDetails"] == {"total": pytest.approx(0.0123)}
    assert generation["usageDetails"]["input"] == 1200
    assert generation["usageDetails"]["input_cached_tokens"] == 5000
    assert first["totalCost"] == pytest.approx(0.0123)
    assert second["totalCost"] == pytest.approx(0.025)
    assert [o["type"] for o in second["observations"]].count("GENERATION") == 2
    # The unknown event is kept, with its attributes.
    unknown = [o for o in second["observations"] if o["name"] == "claude_code.hook_execution"]
    assert unknown[0]["type"] == "EVENT"
    assert unknown[0]["metadata"]["event"]["attributes"]["hook_name"] == "Stop"

    commands = await _get(client, project, f"/v1/traces/{first['id']}/terminal-commands")
    assert len(commands["data"]) == 1
    command = commands["data"][0]
    assert SECRET not in command["command"]
    assert "[REDACTED" in command["command"]
    assert (command["toolName"], command["success"], command["redactions"]) == ("Bash", True, 1)
    files = await _get(client, project, f"/v1/traces/{first['id']}/file-operations")
    assert [(f["operation"], f["filePath"]) for f in files["data"]] == [
        ("update", "/repo/app/test_main.py")
    ]
    timeline = await _get(client, project, "/v1/git-links/timeline")
    commit = next(c for c in timeline["data"] if c["commitSha"] == COMMIT)
    assert [t["id"] for t in commit["traces"]] == [second["id"]]
    assert commit["totalCost"] == pytest.approx(0.025)

    again = await post(client, project, cc.export(), encoding=encoding)  # type: ignore[arg-type]
    assert again.status_code == 200
    assert _unstamped(await _session_traces(client, project, session_id)) == _unstamped(traces)
    assert (
        len((await _get(client, project, f"/v1/traces/{first['id']}/terminal-commands"))["data"])
        == 1
    )


async def test_with_spans_on_the_events_attach_to_the_spans_and_count_once(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_1, trace_2 = "a1" * 16, "b2" * 16
    spans = {
        "prompt-1": (trace_1, "1000000000000001"), "api-1": (trace_1, "1000000000000002"),
        "decision-1": (trace_1, "1000000000000003"), "bash-1": (trace_1, "1000000000000003"),
        "edit-1": (trace_1, "1000000000000004"), "prompt-2": (trace_2, "2000000000000001"),
        "api-2": (trace_2, "2000000000000002"), "commit-2": (trace_2, "2000000000000003"),
        "api-3": (trace_2, "2000000000000004"), "hook-2": (trace_2, "2000000000000001"),
    }  # fmt: skip
    llm = {"model": MODEL, "gen_ai.system": "anthropic", "gen_ai.request.model": MODEL}
    exported = export(
        span("claude_code.interaction", trace_id=trace_1, span_id="1000000000000001",
             end_ms=4000, attrs={"session.id": "cc-spans", "user.id": "user-1"}),
        span("claude_code.llm_request", trace_id=trace_1, span_id="1000000000000002",
             parent="1000000000000001", start_ms=200, end_ms=2000,
             attrs={**llm, "input_tokens": 1200, "output_tokens": 300,
                    "cache_read_tokens": 5000, "cache_creation_tokens": 100}),
        span("claude_code.tool", trace_id=trace_1, span_id="1000000000000003",
             parent="1000000000000001", start_ms=2100, end_ms=3000, attrs={"tool_name": "Bash"}),
        span("claude_code.tool", trace_id=trace_1, span_id="1000000000000004",
             parent="1000000000000001", start_ms=3400, end_ms=3500, attrs={"tool_name": "Edit"}),
        span("claude_code.interaction", trace_id=trace_2, span_id="2000000000000001",
             start_ms=10000, end_ms=16000, attrs={"session.id": "cc-spans", "user.id": "user-1"}),
        span("claude_code.llm_request", trace_id=trace_2, span_id="2000000000000002",
             parent="2000000000000001", start_ms=10500, end_ms=12000,
             attrs={**llm, "input_tokens": 2000, "output_tokens": 100}),
        span("claude_code.tool", trace_id=trace_2, span_id="2000000000000003",
             parent="2000000000000001", start_ms=12700, end_ms=13000, attrs={"tool_name": "Bash"}),
        span("claude_code.llm_request", trace_id=trace_2, span_id="2000000000000004",
             parent="2000000000000001", start_ms=14100, end_ms=15000,
             attrs={**llm, "input_tokens": 500, "output_tokens": 50}),
        resource={"service.name": "claude-code"},
    )  # fmt: skip
    # Spans only: tokens, no cost on the wire; the price table's cost.
    assert (await send(client, project, exported)).status_code == 200
    priced = await stored(client, project, trace_1)
    generation = next(o for o in priced["observations"] if o["id"] == "1000000000000002")
    assert generation["type"] == "GENERATION"
    assert generation["usageDetails"]["input"] == 1200
    assert generation["totalCost"] is not None
    assert generation["totalCost"] > 0

    cc = _claude_session("cc-spans", spans)
    assert (await post(client, project, cc.export())).status_code == 200
    listed = await _get(client, project, "/v1/traces", sessionId="cc-spans")
    assert sorted(t["id"] for t in listed["data"]) == [trace_1, trace_2]  # no trace of their own
    first, second = await stored(client, project, trace_1), await stored(client, project, trace_2)
    generations = [o for o in first["observations"] if o["type"] == "GENERATION"]
    assert [g["id"] for g in generations] == ["1000000000000002"]
    assert generations[0]["costDetails"] == {"total": pytest.approx(0.0123)}  # the client's
    assert generations[0]["usageDetails"]["input"] == 1200  # not 2400
    assert first["totalCost"] == pytest.approx(0.0123)
    assert second["totalCost"] == pytest.approx(0.025)
    decision = next(o for o in first["observations"] if o["name"] == "claude_code.tool_decision")
    assert (decision["type"], decision["parentObservationId"]) == ("EVENT", "1000000000000003")
    commands = await _get(client, project, f"/v1/traces/{trace_1}/terminal-commands")
    assert [c["observationId"] for c in commands["data"]] == ["1000000000000003"]
    timeline = await _get(client, project, "/v1/git-links/timeline")
    commit = next(c for c in timeline["data"] if c["commitSha"] == COMMIT)
    assert commit["totalCost"] == pytest.approx(0.025)


async def test_a_codex_conversation_becomes_a_trace_per_turn(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    conversation = "019a9776-0a34-7842-8627-112b63d66e90"
    start = codex_event(
        conversation,
        "codex.conversation_starts",
        0,
        provider_name="openai",
        approval_policy="on-request",
        sandbox_policy="workspace-write",
    )
    turn_1 = [
        codex_event(
            conversation, "codex.user_prompt", 1000, prompt_length="9", prompt="[REDACTED]"
        ),
        codex_event(
            conversation,
            "codex.api_request",
            1050,
            duration_ms="40",
            attempt="1",
            **{"http.response.status_code": "429", "error.message": "rate limited"},
        ),
        codex_event(
            conversation,
            "codex.api_request",
            1100,
            duration_ms="300",
            attempt="2",
            **{"http.response.status_code": "200"},
        ),
        codex_event(
            conversation,
            "codex.sse_event",
            2000,
            **{"event.kind": "response.created"},
            duration_ms="1",
        ),
        codex_event(
            conversation,
            "codex.sse_event",
            3000,
            **{"event.kind": "response.completed"},
            input_token_count="1000",
            output_token_count="400",
            cached_token_count="600",
            reasoning_token_count="100",
            tool_token_count="0",
        ),
        codex_event(
            conversation,
            "codex.tool_decision",
            3100,
            tool_name="shell",
            call_id="call_1",
            decision="approved",
            source="config",
        ),
        codex_event(
            conversation,
            "codex.tool_result",
            3500,
            tool_name="shell",
            call_id="call_1",
            arguments=orjson.dumps(
                {
                    "command": [
                        "bash",
                        "-lc",
                        "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwx1234 make test",
                    ],
                    "workdir": "/repo",
                }
            ).decode(),
            duration_ms="400",
            success="true",
            output="ok",
        ),
    ]
    turn_2 = [
        codex_event(conversation, "codex.user_prompt", 20000, prompt_length="4", prompt="ship"),
        codex_event(conversation, "codex.sse_event", 21000,
                    **{"event.kind": "response.completed"}, input_token_count="300",
                    output_token_count="20", tool_token_count="0"),
    ]  # fmt: skip
    # The second turn's events arrive in a later export than its prompt.
    first_export = logs_export([start, *turn_1, turn_2[0]], CODEX_RESOURCE)
    assert (await post(client, project, first_export, encoding="json")).status_code == 200
    assert (
        await post(client, project, logs_export([turn_2[1]], CODEX_RESOURCE))
    ).status_code == 200
    traces = await _session_traces(client, project, conversation)
    names = sorted(t["name"] for t in traces)
    assert names == ["Codex conversation", "Codex turn", "Codex turn"]
    turns = sorted((t for t in traces if t["name"] == "Codex turn"), key=lambda t: t["timestamp"])
    first, second = turns
    assert first["userId"] == "acct-9"
    assert first["input"] is None  # redacted prompt not kept
    generation = next(o for o in first["observations"] if o["type"] == "GENERATION")
    assert generation["model"] == "gpt-5-codex"
    assert generation["usageDetails"] == {"input": 400, "input_cached_tokens": 600,
                                          "output": 300, "output_reasoning_tokens": 100,
                                          "total": 1400}  # fmt: skip
    assert generation["costDetails"] is None or generation["costDetails"].get("total", 1) > 0
    tool = next(o for o in first["observations"] if o["type"] == "TOOL")
    assert (tool["name"], tool["output"]) == ("shell", "ok")
    commands = await _get(client, project, f"/v1/traces/{first['id']}/terminal-commands")
    [command] = commands["data"]
    assert command["command"].endswith("make test")
    assert "ghp_" not in command["command"]
    assert command["workingDirectory"] == "/repo"
    assert [o["type"] for o in second["observations"]] == ["EVENT", "GENERATION"]
    assert second["input"] == "ship"
    failed = [o for o in first["observations"] if o["level"] == "ERROR"]
    assert [(o["name"], o["statusMessage"]) for o in failed] == [
        ("codex.api_request", "rate limited")
    ]


async def test_cost_is_null_when_neither_the_client_nor_the_price_table_knows_it(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    cc = ClaudeSession("cc-unknown-model")
    cc.event("api_request", "p-x", 0, model="some-private-model", input_tokens=10,
             output_tokens=5)  # fmt: skip
    assert (await post(client, project, cc.export())).status_code == 200
    [trace] = await _session_traces(client, project, "cc-unknown-model")
    generation = trace["observations"][0]
    assert generation["type"] == "GENERATION"
    assert generation["totalCost"] is None
    assert trace["totalCost"] is None


@pytest.mark.parametrize(
    ("content_type", "body", "field"),
    [
        ("application/x-protobuf", b"\xff\xff\xff", "body"),
        ("application/json", b"{not json", "body"),
        ("application/json", b'{"resourceLogs": {"oops": 1}}', "body"),
        ("application/json", b'{"resourceSpans": []}', "body"),
        ("text/plain", b"{}", "Content-Type"),
    ],
)
async def test_a_malformed_logs_export_is_a_400_naming_the_field(
    client: httpx.AsyncClient, project: ProjectKeys, content_type: str, body: bytes, field: str
) -> None:
    for path in (LOGS, "/v1/logs"):
        response = await client.post(
            path, content=body, headers={"Content-Type": content_type}, auth=project.basic
        )
        assert response.status_code == 400, response.text
        assert field in response.text


async def test_the_logs_receiver_needs_a_key_and_answers_at_the_root(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    cc = ClaudeSession("cc-root")
    cc.event("user_prompt", "p-r", 0, prompt_length=3)
    unauthenticated = await client.post(
        "/v1/logs", content=b"{}", headers={"Content-Type": "application/json"}
    )
    assert unauthenticated.status_code == 401
    response = await post(client, project, cc.export(), path="/v1/logs", encoding="json")
    assert response.status_code == 200
    assert response.json() == {}
    assert len(await _session_traces(client, project, "cc-root")) == 1


async def test_a_gemini_cli_session_becomes_a_trace_per_prompt(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    """Gemini CLI's documented events (docs/cli/telemetry.md): ``prompt_id`` ties them."""
    shared = {"session.id": "gem-1", "installation.id": "inst-7", "prompt_id": "gp-1"}

    def event(name: str, at_ms: int, **attrs: Any) -> dict[str, Any]:
        return record({"event.name": name, "event.timestamp": iso(at_ms), **shared, **attrs},
                      at_ms=at_ms)  # fmt: skip

    exported = logs_export(
        [
            event("gemini_cli.user_prompt", 0, prompt="add a test", prompt_length=10),
            event("gemini_cli.api_request", 100, model="gemini-2.5-pro"),
            event("gemini_cli.api_response", 2000, model="gemini-2.5-pro", status_code=200,
                  duration_ms=1900, input_token_count=1000, output_token_count=300,
                  cached_content_token_count=200, thoughts_token_count=50,
                  total_token_count=1350),
            event("gemini_cli.tool_call", 3000, function_name="run_shell_command",
                  function_args=orjson.dumps({"command": "npm test"}).decode(),
                  duration_ms=900, success=True, decision="accept"),
            event("gemini_cli.tool_call", 3500, function_name="read_file",
                  function_args=orjson.dumps({"absolute_path": "/repo/src/a.ts"}).decode(),
                  duration_ms=5, success=True),
        ],
        {"service.name": "gemini-cli"},
    )  # fmt: skip
    assert (await post(client, project, exported)).status_code == 200
    [trace] = await _session_traces(client, project, "gem-1")
    assert (trace["name"], trace["userId"], trace["input"]) == (
        "Gemini CLI prompt", "inst-7", "add a test")  # fmt: skip
    generation = next(o for o in trace["observations"] if o["type"] == "GENERATION")
    assert generation["usageDetails"] == {"input": 800, "input_cached_tokens": 200,
                                          "output": 300, "output_reasoning_tokens": 50,
                                          "total": 1350}  # fmt: skip
    assert [o["name"] for o in trace["observations"] if o["type"] == "TOOL"] == [
        "run_shell_command", "read_file"]  # fmt: skip
    [command] = (await _get(client, project, f"/v1/traces/{trace['id']}/terminal-commands"))["data"]
    assert command["command"] == "npm test"
    [read] = (await _get(client, project, f"/v1/traces/{trace['id']}/file-operations"))["data"]
    assert (read["operation"], read["filePath"]) == ("read", "/repo/src/a.ts")


async def test_a_logs_body_that_inflates_past_the_limit_is_a_413(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    bomb = gzip.compress(b"\x00" * (17 * 1024 * 1024))
    response = await client.post(
        LOGS, content=bomb, auth=project.basic,
        headers={"Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"},
    )  # fmt: skip
    assert response.status_code == 413, response.text
