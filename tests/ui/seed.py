"""Data the browser tests look at, sent through the Langfuse batch endpoint as an SDK would.

``python -m tests.ui.seed URL PUBLIC SECRET`` seeds a running server by hand (for UI work).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

BATCH_EVENTS = 5_000
BIG_TRACE_ID = "big-trace"
BIG_TRACE_OBSERVATIONS = 20_000
CHAT_TRACE_ID = "chat-weather"
LARGE_TRACE_ID = "large-output"
# Over the UI's 2 MB preview threshold, under the server's 5 MiB event limit.
LARGE_OUTPUT_CHARS = 5_000_000
SESSION_ID = "support-session"
BASE = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)


@dataclass(frozen=True)
class Seeded:
    """Ids and names the tests look for."""

    chat_trace_id: str = CHAT_TRACE_ID
    chat_generation_id: str = "chat-weather-llm-2"
    error_trace_id: str = "failing-review"
    session_id: str = SESSION_ID
    big_trace_id: str = BIG_TRACE_ID
    large_trace_id: str = LARGE_TRACE_ID
    large_generation_id: str = "large-output-llm"
    session_turns: int = 3
    # 60 background traces (more than a page of 50), the chat, two turns, the big and large,
    # and the coding agent's three runs (seed_views.py).
    trace_count: int = 68
    agent_trace_id: str = "agent-fix-login"
    agent_branch: str = "agent/fix-login"
    prompt_name: str = "code-reviewer"
    dataset_name: str = "login-regressions"
    evaluator_name: str = "approves"
    # Background traces of bob (every third) that fail (every fifth).
    bob_error_traces: int = 4


def iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def event(kind: str, body: dict[str, Any], at: datetime) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": kind, "timestamp": iso(at), "body": body}


def chat_trace() -> list[dict[str, Any]]:
    """A generation that calls a tool, the tool, and a second generation answering."""
    start = BASE + timedelta(minutes=5)
    question = "What is the weather in Paris?"
    tool_call = {
        "id": "call_weather_1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
    }
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Current weather for a city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            },
        }
    ]
    first_messages = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": question},
    ]
    second_messages = [
        *first_messages,
        {"role": "assistant", "content": None, "tool_calls": [tool_call]},
        {"role": "tool", "tool_call_id": "call_weather_1", "content": '{"temp_c": 18}'},
    ]
    answer = "It is 18 °C in Paris."
    return [
        event(
            "trace-create",
            {
                "id": CHAT_TRACE_ID,
                "name": "weather-chat",
                "userId": "alice",
                "sessionId": SESSION_ID,
                "tags": ["chat", "prod"],
                "environment": "production",
                "input": question,
                "output": answer,
                "timestamp": iso(start),
            },
            start,
        ),
        event(
            "generation-create",
            {
                "id": "chat-weather-llm-1",
                "traceId": CHAT_TRACE_ID,
                "name": "plan",
                "model": "gpt-4o",
                "modelParameters": {"temperature": 0.2, "max_tokens": 512},
                "input": {"messages": first_messages, "tools": tools},
                "output": {"role": "assistant", "content": None, "tool_calls": [tool_call]},
                "usage": {"input": 120, "output": 30},
                "metadata": {"region": "eu-west-1"},
                "startTime": iso(start),
                "completionStartTime": iso(start + timedelta(milliseconds=300)),
                "endTime": iso(start + timedelta(milliseconds=900)),
            },
            start,
        ),
        event(
            "tool-create",
            {
                "id": "chat-weather-tool",
                "traceId": CHAT_TRACE_ID,
                "name": "get_weather",
                "input": {"city": "Paris"},
                "output": {"temp_c": 18},
                "startTime": iso(start + timedelta(milliseconds=950)),
                "endTime": iso(start + timedelta(milliseconds=1200)),
            },
            start,
        ),
        event(
            "generation-create",
            {
                "id": "chat-weather-llm-2",
                "traceId": CHAT_TRACE_ID,
                "name": "answer",
                "model": "gpt-4o",
                "input": second_messages,
                "output": {"role": "assistant", "content": answer},
                "usage": {"input": 160, "output": 12},
                "startTime": iso(start + timedelta(milliseconds=1250)),
                "endTime": iso(start + timedelta(milliseconds=2000)),
            },
            start,
        ),
    ]


def session_traces() -> list[dict[str, Any]]:
    """Two more turns of the chat's session, later than the first."""
    turns = [
        ("And tomorrow?", "Tomorrow: 21 °C and sunny."),
        ("Thanks!", "You are welcome."),
    ]
    events = []
    for index, (question, answer) in enumerate(turns, start=1):
        at = BASE + timedelta(minutes=5 + index)
        trace_id = f"support-turn-{index}"
        events += [
            event(
                "trace-create",
                {
                    "id": trace_id,
                    "name": "weather-chat",
                    "userId": "alice",
                    "sessionId": SESSION_ID,
                    "environment": "production",
                    "input": {"role": "user", "content": question},
                    "output": {"role": "assistant", "content": answer},
                    "timestamp": iso(at),
                },
                at,
            ),
            event(
                "generation-create",
                {
                    "id": f"{trace_id}-llm",
                    "traceId": trace_id,
                    "name": "answer",
                    "model": "claude-3-5-sonnet-20241022",
                    "input": [{"role": "user", "content": question}],
                    "output": answer,
                    "usage": {"input": 40, "output": 10},
                    "startTime": iso(at),
                    "endTime": iso(at + timedelta(milliseconds=700)),
                },
                at,
            ),
        ]
    return events


def background_traces(count: int = 60) -> list[dict[str, Any]]:
    """Traces of several names, users and environments; every fifth fails; some unpriced."""
    events = []
    for index in range(count):
        at = BASE - timedelta(hours=index)
        trace_id = "failing-review" if index == 0 else f"review-{index}"
        failing = index % 5 == 0
        events.append(
            event(
                "trace-create",
                {
                    "id": trace_id,
                    "name": "code-review" if index % 2 == 0 else "summarize",
                    "userId": ["bob", "carol", "dave"][index % 3],
                    "environment": "staging" if index % 4 == 3 else "production",
                    "tags": ["batch"],
                    "release": "v1.2.0",
                    "input": {"diff": f"--- a/file_{index}.py\n+++ b/file_{index}.py"},
                    "output": {"verdict": "needs work" if failing else "approve"},
                    "timestamp": iso(at),
                },
                at,
            )
        )
        events.append(
            event(
                "generation-create",
                {
                    "id": f"{trace_id}-llm",
                    "traceId": trace_id,
                    "name": "review",
                    # A model without a price: its cost is unknown, shown as a dash.
                    "model": "in-house-reviewer" if index % 3 == 2 else "gpt-4o-mini",
                    "input": [{"role": "user", "content": f"Review change {index}"}],
                    "output": "LGTM" if not failing else "Tests fail",
                    "level": "ERROR" if failing else "DEFAULT",
                    "statusMessage": "rate limited by provider" if failing else None,
                    "usage": {"input": 500 + index, "output": 50},
                    "startTime": iso(at),
                    "endTime": iso(at + timedelta(milliseconds=400 + 37 * index)),
                },
                at,
            )
        )
    return events


def large_output_trace() -> list[dict[str, Any]]:
    """A generation whose output is about 5 MB of JSON: shown as a preview and a download."""
    at = BASE + timedelta(minutes=20)
    chunk = "lorem ipsum dolor sit amet " * 37
    rows = [f"{index:06d} {chunk}" for index in range(LARGE_OUTPUT_CHARS // (len(chunk) + 7))]
    return [
        event(
            "trace-create", {"id": LARGE_TRACE_ID, "name": "bulk-export", "timestamp": iso(at)}, at
        ),
        event(
            "generation-create",
            {
                "id": "large-output-llm",
                "traceId": LARGE_TRACE_ID,
                "name": "dump",
                "model": "gpt-4o-mini",
                "input": "Export everything.",
                "output": {"rows": rows},
                "startTime": iso(at),
                "endTime": iso(at + timedelta(seconds=3)),
            },
            at,
        ),
    ]


def scores() -> list[dict[str, Any]]:
    return [
        event(
            "score-create",
            {
                "id": "score-helpful",
                "traceId": CHAT_TRACE_ID,
                "name": "helpfulness",
                "value": 0.9,
            },
            BASE,
        ),
        event(
            "score-create",
            {
                "id": "score-correct",
                "traceId": CHAT_TRACE_ID,
                "observationId": "chat-weather-llm-2",
                "name": "correct",
                "value": 1,
                "dataType": "BOOLEAN",
            },
            BASE,
        ),
    ]


def big_trace(count: int = BIG_TRACE_OBSERVATIONS) -> Iterator[dict[str, Any]]:
    """An agent run: ``count`` observations in steps of nested spans, tools and generations.

    Each step is a span holding a generation and a tool; every tenth tool holds a chain
    four levels deep, and every 997th observation fails, so there are errors to jump to.
    """
    start = BASE + timedelta(minutes=30)
    yield event(
        "trace-create",
        {
            "id": BIG_TRACE_ID,
            "name": "agent-run",
            "userId": "agent",
            "tags": ["agent"],
            "timestamp": iso(start),
        },
        start,
    )
    made = 0
    step = 0
    while made < count:
        at = start + timedelta(milliseconds=50 * step)
        step_id = f"step-{step}"
        chain = [f"{step_id}-deep-{depth}" for depth in range(4)] if step % 10 == 0 else []
        children = [
            ("generation-create", f"{step_id}-llm", step_id, "think"),
            ("tool-create", f"{step_id}-tool", step_id, "run_command"),
            *(
                ("span-create", node, parent, f"nested-{depth}")
                for depth, (node, parent) in enumerate(
                    zip(chain, [f"{step_id}-tool", *chain], strict=False)
                )
            ),
        ]
        for kind, node_id, parent_id, name in [("agent-create", step_id, None, "step"), *children]:
            if made == count:
                return
            failing = made % 997 == 996
            body: dict[str, Any] = {
                "id": node_id,
                "traceId": BIG_TRACE_ID,
                "parentObservationId": parent_id,
                "name": name,
                "startTime": iso(at + timedelta(milliseconds=made % 7)),
                "endTime": iso(at + timedelta(milliseconds=40)),
                "level": "ERROR" if failing else "DEFAULT",
                "statusMessage": "command failed" if failing else None,
            }
            if kind == "generation-create":
                body |= {"model": "gpt-4o-mini", "usage": {"input": 200, "output": 20}}
            yield event(kind, body, at)
            made += 1
        step += 1


def send(client: httpx.Client, events: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for item in events:
        batch.append(item)
        if len(batch) == BATCH_EVENTS:
            _post(client, batch)
            batch = []
    if batch:
        _post(client, batch)


def _post(client: httpx.Client, batch: list[dict[str, Any]]) -> None:
    answer = client.post("/api/public/ingestion", json={"batch": batch}, timeout=120)
    answer.raise_for_status()
    errors = answer.json().get("errors")
    if errors:
        raise AssertionError(f"the server refused seeded events: {errors[:3]}")


def seed(url: str, public_key: str, secret_key: str) -> Seeded:
    from tests.ui import seed_views

    with httpx.Client(base_url=url, auth=(public_key, secret_key)) as client:
        send(client, [*background_traces(), *chat_trace(), *session_traces(), *scores()])
        send(client, seed_views.agent_events())
        send(client, large_output_trace())
        send(client, big_trace())
    bearer = {"Authorization": f"Bearer {secret_key}"}
    with httpx.Client(base_url=url, headers=bearer, timeout=60) as client:
        seed_views.links_prompts_and_datasets(client)
        seed_views.evaluator(client)
    return Seeded()


if __name__ == "__main__":
    seed(*sys.argv[1:4])
