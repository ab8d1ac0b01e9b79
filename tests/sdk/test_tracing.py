"""The tracing API and ``@observe`` against a real server: what each call stored, read back
through ``/v1``."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from agenttrace_client import (
    AgentTrace,
    Rejection,
    get_current_observation,
    get_current_trace,
    observe,
)
from agenttrace_client.errors import AgentTraceError


def stored(reader: httpx.Client, trace_id: str) -> dict[str, Any]:
    response = reader.get(
        f"/v1/traces/{trace_id}", params={"includeObservations": True, "includeScores": True}
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def by_name(trace: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in trace["observations"]}


# Tests for the handles


def test_trace_span_generation_event_and_score_are_stored(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    with tracer.trace(
        "review", user_id="ada", session_id="s-1", tags=["a"], metadata={"k": 1}
    ) as trace:
        with trace.span("plan", input={"task": "fix"}) as span:
            generation = span.generation("llm", model="gpt-4o-mini", input=[{"role": "user", "content": "hi"}],
                                         usage={"prompt_tokens": 12, "completion_tokens": 5})  # fmt: skip
            generation.end(output="hello")
            span.event("checkpoint-reached", metadata={"step": 2})
            span.score("relevance", 0.75, comment="ok")
        trace.update(output={"done": True})
        tracer.score("quality", 0.9)
    assert tracer.flush(10)

    found = stored(reader, trace.id)
    assert len(trace.id) == 32
    assert (found["name"], found["userId"], found["sessionId"], found["tags"]) == (
        "review",
        "ada",
        "s-1",
        ["a"],
    )
    assert found["output"] == {"done": True}
    observations = by_name(found)
    assert set(observations) == {"plan", "llm", "checkpoint-reached"}
    plan, llm, event = observations["plan"], observations["llm"], observations["checkpoint-reached"]
    assert len(plan["id"]) == 16
    assert (plan["type"], plan["input"], plan["endTime"] is not None) == (
        "SPAN",
        {"task": "fix"},
        True,
    )
    assert (llm["type"], llm["model"], llm["parentObservationId"], llm["output"]) == (
        "GENERATION",
        "gpt-4o-mini",
        plan["id"],
        "hello",
    )
    assert llm["usage"]["inputTokens"] == 12
    assert llm["usage"]["outputTokens"] == 5
    assert (event["type"], event["metadata"], event["parentObservationId"]) == (
        "EVENT",
        {"step": 2},
        plan["id"],
    )
    scores = {score["name"]: score for score in found["scores"]}
    assert scores["relevance"]["observationId"] == plan["id"]
    assert scores["relevance"]["comment"] == "ok"
    assert scores["quality"]["value"] == 0.9
    assert scores["quality"]["observationId"] is None
    assert tracer.stats().sent == tracer.stats().enqueued
    assert tracer.stats().dropped == 0


def test_a_block_that_raises_ends_its_span_at_level_error(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    trace = tracer.trace("failing")
    with pytest.raises(ValueError, match="boom"), trace.span("step"):
        raise ValueError("boom")
    tracer.flush(10)
    step = by_name(stored(reader, trace.id))["step"]
    assert (step["level"], step["statusMessage"]) == ("ERROR", "ValueError: boom")


# Tests for @observe


def test_observe_nests_sync_calls_under_one_root_trace(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    @observe(client=tracer)
    def retrieve(query: str, k: int = 3) -> list[str]:
        return [query] * k

    @observe(client=tracer, as_type="generation", name="answer-llm")
    def answer(query: str) -> str:
        current = get_current_observation()
        assert current is not None
        current.update(model="claude-3-haiku", usage={"input": 7, "output": 3})
        return "answer to " + query

    @observe(client=tracer)
    def pipeline(query: str) -> str:
        retrieve(query, k=2)
        trace = get_current_trace()
        assert trace is not None
        seen.append(trace.id)
        return answer(query)

    seen: list[str] = []
    assert pipeline("why") == "answer to why"
    tracer.flush(10)

    found = stored(reader, seen[0])
    assert (found["name"], found["input"], found["output"]) == (
        "pipeline",
        {"query": "why"},
        "answer to why",
    )
    calls = by_name(found)
    assert calls["retrieve"]["input"] == {"query": "why", "k": 2}
    assert calls["retrieve"]["output"] == ["why", "why"]
    assert calls["retrieve"]["parentObservationId"] == calls["pipeline"]["id"]
    assert (calls["answer-llm"]["type"], calls["answer-llm"]["model"]) == (
        "GENERATION",
        "claude-3-haiku",
    )
    assert calls["pipeline"]["parentObservationId"] is None
    assert get_current_trace() is None
    assert get_current_observation() is None


def test_observe_records_async_functions_and_generators(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    roots: list[str] = []

    @observe(client=tracer)
    def tokens(n: int) -> Iterator[str]:
        for index in range(n):
            yield f"t{index}"

    @observe(client=tracer)
    async def chunks(n: int) -> AsyncIterator[int]:
        for index in range(n):
            await asyncio.sleep(0)
            yield index

    @observe(client=tracer)
    async def run() -> str:
        trace = get_current_trace()
        assert trace is not None
        roots.append(trace.id)
        collected = [item async for item in chunks(3)]
        return "".join(tokens(2)) + str(sum(collected))

    assert asyncio.run(run()) == "t0t13"
    tracer.flush(10)
    calls = by_name(stored(reader, roots[0]))
    assert calls["tokens"]["output"] == "t0t1"
    assert calls["chunks"]["output"] == [0, 1, 2]
    assert calls["chunks"]["parentObservationId"] == calls["run"]["id"]
    assert calls["tokens"]["parentObservationId"] == calls["run"]["id"]


def test_observe_keeps_the_exception_and_records_it(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    roots: list[str] = []

    @observe(client=tracer)
    def broken() -> None:
        trace = get_current_trace()
        assert trace is not None
        roots.append(trace.id)
        raise KeyError("missing")

    with pytest.raises(KeyError):
        broken()
    tracer.flush(10)
    assert by_name(stored(reader, roots[0]))["broken"]["level"] == "ERROR"


def test_concurrent_threads_and_tasks_get_their_own_current_trace(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    roots: dict[str, str] = {}

    @observe(client=tracer)
    def child(label: str) -> str:
        return label

    @observe(client=tracer)
    def root(label: str) -> None:
        trace = get_current_trace()
        assert trace is not None
        roots[label] = trace.id
        child(label)

    threads = [threading.Thread(target=root, args=(f"thread-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    @observe(client=tracer)
    async def task_root(label: str) -> None:
        trace = get_current_trace()
        assert trace is not None
        roots[label] = trace.id
        await asyncio.sleep(0.01)
        child(label)

    async def both() -> None:
        await asyncio.gather(task_root("task-a"), task_root("task-b"))

    asyncio.run(both())
    tracer.flush(10)
    assert len(set(roots.values())) == 6
    for label, trace_id in roots.items():
        assert by_name(stored(reader, trace_id))["child"]["input"] == {"label": label}


# Tests for delivery outcomes


def test_rejected_events_are_reported_one_by_one(make_client: Any, reader: httpx.Client) -> None:
    rejections: list[Rejection] = []
    tracer = make_client(on_error=rejections.append)
    good = tracer.trace("good")
    tracer._enqueue("trace-create", {"id": "t-bad-1", "tags": "not a list"})
    tracer._enqueue("score-create", {"traceId": good.id})  # no name
    tracer.flush(10)

    stats = tracer.stats()
    assert (stats.sent, stats.rejected, stats.dropped) == (1, 2, 0)
    assert sorted(r.event_type for r in rejections) == ["score-create", "trace-create"]
    assert {r.status for r in rejections} == {400}
    assert all(r.event_id in " ".join(stats.errors) for r in rejections)
    assert reader.get(f"/v1/traces/{good.id}").status_code == 200


def test_strict_mode_raises_what_the_server_rejected(make_client: Any) -> None:
    tracer = make_client(strict=True)
    tracer._enqueue("trace-create", {"id": "t-bad-2", "tags": "not a list"})
    with pytest.raises(AgentTraceError, match="rejected: 400"):
        tracer.flush(10)
