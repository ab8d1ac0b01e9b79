"""The OpenAI wrapper against a small OpenAI-compatible server on the loopback: each call a
generation with the answered model, parameters, messages, reply, usage and, streamed, the
first chunk's time; the stream the caller sees is the one it asked for."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import openai

from agenttrace_client import AgentTrace
from agenttrace_client.openai import wrap_openai
from tests.sdk.conftest import eventually
from tests.sdk.fakes import FakeOpenAI, http_server

MESSAGES = [{"role": "user", "content": "Say hello"}]


def generation_of(reader: httpx.Client, trace_id: str) -> dict[str, Any]:
    def read() -> Any:
        return (
            reader.get(f"/v1/traces/{trace_id}", params={"includeObservations": True})
            .json()
            .get("observations")
        )

    (generation,) = eventually(read)
    return generation  # type: ignore[no-any-return]


def test_a_completion_is_a_generation_with_model_and_usage(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    fake = FakeOpenAI()
    with http_server(fake) as url:
        llm = wrap_openai(openai.OpenAI(base_url=f"{url}/v1", api_key="sk-test"), client=tracer)
        with tracer.trace("chat") as trace:
            reply = llm.chat.completions.create(
                model="gpt-4o-mini", messages=MESSAGES, temperature=0.2
            )
    assert reply.choices[0].message.content == "Hello!"
    tracer.flush(10)
    generation = generation_of(reader, trace.id)
    assert (generation["type"], generation["model"], generation["modelParameters"]) == (
        "GENERATION",
        FakeOpenAI.MODEL,
        {"temperature": 0.2},
    )
    assert generation["input"] == MESSAGES
    assert generation["output"] == {"role": "assistant", "content": "Hello!"}
    assert (generation["usage"]["inputTokens"], generation["usage"]["outputTokens"]) == (9, 3)
    assert generation["endTime"] is not None


def test_a_stream_records_its_text_usage_and_first_chunk(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    fake = FakeOpenAI()
    with http_server(fake) as url:
        llm = wrap_openai(openai.OpenAI(base_url=f"{url}/v1", api_key="sk-test"), client=tracer)
        with tracer.trace("stream") as trace:
            chunks = list(
                llm.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
            )
    assert fake.bodies[0]["stream_options"] == {"include_usage": True}
    assert [chunk.choices[0].delta.content for chunk in chunks] == [
        "Hel",
        "lo",
        "!",
    ]  # no usage chunk
    tracer.flush(10)
    generation = generation_of(reader, trace.id)
    assert generation["output"] == {"role": "assistant", "content": "Hello!"}
    assert generation["usage"]["totalTokens"] == 12
    assert generation["completionStartTime"] is not None
    assert generation["timeToFirstToken"] is not None


def test_async_client_and_a_caller_that_asked_for_usage_itself(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    fake = FakeOpenAI()

    async def call(url: str) -> tuple[str, list[Any]]:
        llm = wrap_openai(
            openai.AsyncOpenAI(base_url=f"{url}/v1", api_key="sk-test"), client=tracer
        )
        with tracer.trace("async") as trace:
            await llm.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
            stream = await llm.chat.completions.create(
                model="gpt-4o-mini",
                messages=MESSAGES,
                stream=True,
                stream_options={"include_usage": True},
            )
            chunks = [chunk async for chunk in stream]
        return trace.id, chunks

    with http_server(fake) as url:
        trace_id, chunks = asyncio.run(call(url))
    assert chunks[-1].usage is not None
    assert chunks[-1].choices == []
    tracer.flush(10)
    generations = eventually(
        lambda: (
            len(
                found := reader.get(
                    f"/v1/traces/{trace_id}", params={"includeObservations": True}
                ).json()["observations"]
            )
            == 2
            and found
        )
    )
    assert [g["usage"]["totalTokens"] for g in generations] == [12, 12]


def test_an_api_error_is_an_error_generation_and_still_raised(
    tracer: AgentTrace, reader: httpx.Client
) -> None:
    with http_server(
        lambda request, body: (
            500,
            {"Content-Type": "application/json"},
            b'{"error": {"message": "down"}}',
        )
    ) as url:
        llm = wrap_openai(
            openai.OpenAI(base_url=f"{url}/v1", api_key="sk-test", max_retries=0), client=tracer
        )
        with tracer.trace("error") as trace:
            try:
                llm.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
            except openai.InternalServerError:
                pass
            else:
                raise AssertionError("the error was swallowed")
    tracer.flush(10)
    assert generation_of(reader, trace.id)["level"] == "ERROR"
