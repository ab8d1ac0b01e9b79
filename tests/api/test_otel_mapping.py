"""How OTLP spans become traces and observations, one convention family at a time: the
Langfuse SDK attributes (v3 raw and v5 JSON-encoded metadata), OTel GenAI attributes and
events, OpenInference, OpenLLMetry, the Vercel AI SDK; and what every family shares: span
status and events, resource attributes, unmapped attributes kept, trace-level attributes
on any span, experiments. Everything is read back through ``/v1``."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest

from tests.api.otlp import export, send, span, stored
from tests.conftest import ProjectKeys

# gpt-4o: $2.50 per million input tokens, $1.25 per million cached, $10 per million output.
INPUT_PRICE, CACHED_PRICE, OUTPUT_PRICE = 2.5e-6, 1.25e-6, 1e-5
ROOT, CHILD, GRANDCHILD = "1000000000000001", "1000000000000002", "1000000000000003"
LANGFUSE_V3 = ("langfuse-sdk", "3.15.0")
LANGFUSE_V5 = ("langfuse-sdk", "5.0.4")


def by_name(trace: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["name"]: o for o in trace["observations"]}


def scope(name: str, version: str, attributes: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "version": version, "attributes": attributes or {}}


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


# Tests for the Langfuse SDK attributes


async def test_langfuse_sdk_v3_spans_map_to_their_fields(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "a1" * 16
    resource = {"service.name": "support-bot", "langfuse.release": "2026.03.1"}
    request = export(
        span(
            "handle-request",
            trace_id=trace_id,
            span_id=ROOT,
            end_ms=2000,
            attrs={
                "langfuse.observation.type": "span",
                "langfuse.observation.input": dumps({"question": "What is stored?"}),
                "langfuse.observation.output": dumps({"answer": "Everything."}),
                "langfuse.trace.name": "support-chat",
                "user.id": "user-42",
                "session.id": "session-7",
                "langfuse.trace.tags": ["chat", "prod"],
                "langfuse.trace.public": True,
                "langfuse.trace.metadata.region": "eu",
                "langfuse.trace.metadata.attempt": 2,
                "langfuse.trace.metadata.flags": dumps({"beta": True}),
                "langfuse.version": "v7",
                "langfuse.environment": "production",
            },
        ),
        span(
            "answer",
            trace_id=trace_id,
            span_id=CHILD,
            parent=ROOT,
            start_ms=100,
            end_ms=1100,
            attrs={
                "langfuse.observation.type": "generation",
                "langfuse.observation.model.name": "gpt-4o",
                "langfuse.observation.model.parameters": dumps(
                    {"temperature": 0.2, "max_tokens": 100, "stop": ["\n"]}
                ),
                "langfuse.observation.usage_details": dumps({"input": 1000, "output": 200}),
                "langfuse.observation.completion_start_time": dumps("2026-03-01T12:00:00.350000Z"),
                "langfuse.observation.prompt.name": "support/answer",
                "langfuse.observation.prompt.version": 3,
                "langfuse.observation.level": "warn",
                "langfuse.observation.status_message": "slow",
                "langfuse.observation.metadata.step": "final",
                "langfuse.observation.metadata.tries": 1,
                "langfuse.environment": "production",
            },
        ),
        span(
            "cache-miss",
            trace_id=trace_id,
            span_id=GRANDCHILD,
            parent=CHILD,
            start_ms=200,
            end_ms=200,
            attrs={"langfuse.observation.type": "event", "langfuse.environment": "production"},
        ),
        resource=resource,
        scope=LANGFUSE_V3,
        scope_attrs={"public_key": project.public_key},
    )
    assert (await send(client, project, request)).status_code == 200
    trace = await stored(client, project, trace_id)
    context = {
        "resourceAttributes": resource,
        "scope": scope(*LANGFUSE_V3, {"public_key": project.public_key}),
    }
    assert {k: trace[k] for k in ("name", "userId", "sessionId", "tags", "public")} == {
        "name": "support-chat",
        "userId": "user-42",
        "sessionId": "session-7",
        "tags": ["chat", "prod"],
        "public": True,
    }
    assert (trace["release"], trace["version"], trace["environment"]) == (
        "2026.03.1",
        "v7",
        "production",
    )
    # v3 sends strings and ints as they are and other values as JSON text.
    assert trace["metadata"] == {
        "region": "eu",
        "attempt": 2,
        "flags": {"beta": True},
        **context,
    }
    assert (trace["input"], trace["output"]) == (
        {"question": "What is stored?"},
        {"answer": "Everything."},
    )
    assert trace["level"] == "WARNING"
    observations = by_name(trace)
    root, generation, event = (
        observations["handle-request"],
        observations["answer"],
        observations["cache-miss"],
    )
    assert (root["type"], root["version"], root["environment"], root["metadata"]) == (
        "SPAN",
        "v7",
        "production",
        context,
    )
    sizes = ("inputBytes", "outputBytes", "metadataBytes")
    assert generation["metadataBytes"] > 0
    left_out = ("createdAt", "updatedAt", *sizes)
    assert {k: generation[k] for k in generation if k not in left_out} == {
        "id": CHILD,
        "traceId": trace_id,
        "projectId": project.project_id,
        "parentObservationId": ROOT,
        "type": "GENERATION",
        "name": "answer",
        "startTime": "2026-03-01T12:00:00.100Z",
        "endTime": "2026-03-01T12:00:01.100Z",
        "completionStartTime": "2026-03-01T12:00:00.350Z",
        "level": "WARNING",
        "statusMessage": "slow",
        "version": None,
        "environment": "production",
        "input": None,
        "output": None,
        "metadata": {"step": "final", "tries": 1, **context},
        "model": "gpt-4o",
        "modelId": "gpt-4o",
        "modelParameters": {"temperature": 0.2, "max_tokens": 100, "stop": '["\\n"]'},
        "usage": {"inputTokens": 1000, "outputTokens": 200, "totalTokens": 1200},
        "usageDetails": {"input": 1000, "output": 200, "total": 1200},
        "costDetails": {
            "input": pytest.approx(1000 * INPUT_PRICE),
            "output": pytest.approx(200 * OUTPUT_PRICE),
            "total": pytest.approx(1000 * INPUT_PRICE + 200 * OUTPUT_PRICE),
        },
        "inputCost": pytest.approx(1000 * INPUT_PRICE),
        "outputCost": pytest.approx(200 * OUTPUT_PRICE),
        "totalCost": pytest.approx(1000 * INPUT_PRICE + 200 * OUTPUT_PRICE),
        "latency": 1.0,
        "timeToFirstToken": 0.25,
        "promptId": None,
        "promptName": "support/answer",
        "promptVersion": 3,
    }
    assert (event["type"], event["parentObservationId"], event["metadata"]) == (
        "EVENT",
        CHILD,
        context,
    )


@pytest.mark.parametrize(
    ("sdk_scope", "headers"),
    [
        (LANGFUSE_V5, {"x-langfuse-ingestion-version": "4"}),
        (LANGFUSE_V5, {}),
        (("langfuse-sdk", "4.0.0"), {"x-langfuse-ingestion-version": "4"}),
    ],
    ids=["v5-with-header", "v5-scope-only", "ingestion-version-4"],
)
async def test_json_encoded_metadata_values_are_decoded_for_ingestion_version_4(
    client: httpx.AsyncClient,
    project: ProjectKeys,
    sdk_scope: tuple[str, str],
    headers: dict[str, str],
) -> None:
    trace_id = "a2" * 16
    encoded = {
        "text": dumps("v"),
        "number": dumps(3),
        "digits": dumps("3"),
        "object": dumps({"a": [1]}),
    }
    attrs = {
        **{f"langfuse.observation.metadata.{k}": v for k, v in encoded.items()},
        **{f"langfuse.trace.metadata.{k}": v for k, v in encoded.items()},
    }
    request = export(span("root", trace_id=trace_id, span_id=ROOT, attrs=attrs), scope=sdk_scope)
    assert (await send(client, project, request, headers=headers)).status_code == 200
    trace = await stored(client, project, trace_id)
    decoded = {"text": "v", "number": 3, "digits": "3", "object": {"a": [1]}}
    context = {"resourceAttributes": {}, "scope": scope(*sdk_scope)}
    assert trace["metadata"] == {**decoded, **context}
    assert trace["observations"][0]["metadata"] == {**decoded, **context}


async def test_v3_metadata_text_is_kept_unless_it_holds_json_structure(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "a3" * 16
    request = export(
        span(
            "root",
            trace_id=trace_id,
            span_id=ROOT,
            attrs={
                "langfuse.observation.metadata.quoted": dumps("v"),
                "langfuse.observation.metadata.float": "0.5",
                "langfuse.observation.metadata.list": dumps([1, 2]),
            },
        ),
        scope=LANGFUSE_V3,
    )
    assert (await send(client, project, request)).status_code == 200
    metadata = (await stored(client, project, trace_id))["observations"][0]["metadata"]
    assert (metadata["quoted"], metadata["float"], metadata["list"]) == ('"v"', "0.5", [1, 2])


# Tests for OTel GenAI semantic conventions


async def test_genai_attributes_map_to_a_priced_generation_a_tool_and_an_agent(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "b1" * 16
    messages_in = [{"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]}]
    messages_out = [{"role": "assistant", "parts": [{"type": "text", "content": "Sunny."}]}]
    request = export(
        span(
            "invoke_agent weather",
            trace_id=trace_id,
            span_id=ROOT,
            attrs={
                "gen_ai.operation.name": "invoke_agent",
                "gen_ai.agent.name": "weather",
                "gen_ai.conversation.id": "conv-1",
            },
        ),
        span(
            "chat gpt-4o",
            trace_id=trace_id,
            span_id=CHILD,
            parent=ROOT,
            start_ms=10,
            end_ms=500,
            kind=3,
            attrs={
                "gen_ai.operation.name": "chat",
                "gen_ai.provider.name": "openai",
                "gen_ai.request.model": "gpt-4o",
                "gen_ai.response.model": "gpt-4o-2024-08-06",
                "gen_ai.request.temperature": 0.2,
                "gen_ai.request.max_tokens": 100,
                "gen_ai.request.stop_sequences": ["END"],
                "gen_ai.usage.input_tokens": 1200,
                "gen_ai.usage.cache_read.input_tokens": 200,
                "gen_ai.usage.output_tokens": 300,
                "gen_ai.input.messages": dumps(messages_in),
                "gen_ai.output.messages": dumps(messages_out),
                "gen_ai.response.finish_reasons": ["stop"],
            },
        ),
        span(
            "execute_tool get_weather",
            trace_id=trace_id,
            span_id=GRANDCHILD,
            parent=ROOT,
            start_ms=600,
            end_ms=700,
            attrs={
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": "get_weather",
                "gen_ai.tool.call.id": "call-1",
                "gen_ai.tool.call.arguments": dumps({"city": "Paris"}),
                "gen_ai.tool.call.result": dumps({"sky": "sunny"}),
            },
        ),
    )
    assert (await send(client, project, request)).status_code == 200
    trace = await stored(client, project, trace_id)
    assert (trace["name"], trace["sessionId"]) == ("invoke_agent weather", "conv-1")
    observations = by_name(trace)
    agent, tool = observations["invoke_agent weather"], observations["get_weather"]
    generation = observations["chat gpt-4o"]
    assert (agent["type"], agent["metadata"]["attributes"]) == (
        "AGENT",
        {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "weather"},
    )
    assert (tool["type"], tool["input"], tool["output"]) == (
        "TOOL",
        {"city": "Paris"},
        {"sky": "sunny"},
    )
    assert tool["metadata"]["attributes"] == {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.call.id": "call-1",
    }
    assert generation["type"] == "GENERATION"
    assert (generation["model"], generation["modelId"]) == ("gpt-4o-2024-08-06", "gpt-4o")
    assert generation["modelParameters"] == {
        "temperature": 0.2,
        "max_tokens": 100,
        "stop_sequences": '["END"]',
    }
    # Inclusive GenAI input counts hold the cached tokens: stored disjoint.
    assert generation["usageDetails"] == {
        "input": 1000,
        "input_cached_tokens": 200,
        "output": 300,
        "total": 1500,
    }
    assert generation["totalCost"] == pytest.approx(
        1000 * INPUT_PRICE + 200 * CACHED_PRICE + 300 * OUTPUT_PRICE
    )
    assert (generation["input"], generation["output"]) == (messages_in, messages_out)
    assert generation["metadata"]["spanKind"] == "CLIENT"
    assert generation["metadata"]["attributes"] == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.response.finish_reasons": ["stop"],
    }


async def test_genai_message_events_become_input_and_output_and_other_events_observations(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "b2" * 16
    request = export(
        span(
            "chat",
            trace_id=trace_id,
            span_id=ROOT,
            end_ms=900,
            attrs={"gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o-mini"},
            events=[
                ("gen_ai.system.message", 1, {"content": "Be brief."}),
                ("gen_ai.user.message", 2, {"content": "Hi"}),
                (
                    "gen_ai.choice",
                    800,
                    {"index": 0, "finish_reason": "stop", "message": dumps({"content": "Hello"})},
                ),
                ("rate_limit.wait", 300, {"wait_ms": 120}),
                (
                    "exception",
                    850,
                    {
                        "exception.type": "TimeoutError",
                        "exception.message": "late",
                        "exception.escaped": False,
                    },
                ),
            ],
            status=(2, ""),
        ),
    )
    assert (await send(client, project, request)).status_code == 200
    trace = await stored(client, project, trace_id)
    chat, wait = by_name(trace)["chat"], by_name(trace)["rate_limit.wait"]
    assert chat["input"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
    ]
    assert chat["output"] == {"index": 0, "finish_reason": "stop", "message": {"content": "Hello"}}
    # An error status with no message takes the exception's.
    assert (chat["level"], chat["statusMessage"]) == ("ERROR", "TimeoutError: late")
    assert chat["metadata"]["exceptions"] == [
        {
            "type": "TimeoutError",
            "message": "late",
            "escaped": False,
            "time": "2026-03-01T12:00:00.850000+00:00",
        }
    ]
    assert {
        k: wait[k]
        for k in ("id", "type", "parentObservationId", "startTime", "endTime", "metadata")
    } == {
        "id": f"{ROOT}-event-3",
        "type": "EVENT",
        "parentObservationId": ROOT,
        "startTime": "2026-03-01T12:00:00.300Z",
        "endTime": None,
        "metadata": {"attributes": {"wait_ms": 120}},
    }
    assert trace["level"] == "ERROR"


# Tests for OpenInference


async def test_openinference_spans_map_by_span_kind(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "c1" * 16
    request = export(
        span(
            "rag",
            trace_id=trace_id,
            span_id=ROOT,
            attrs={
                "openinference.span.kind": "CHAIN",
                "input.value": "What is AgentTrace?",
                "output.value": dumps({"answer": "An observability server."}),
                "output.mime_type": "application/json",
                "session.id": "oi-session",
                "user.id": "oi-user",
                "metadata": dumps({"team": "search"}),
            },
        ),
        span(
            "retrieve",
            trace_id=trace_id,
            span_id=CHILD,
            parent=ROOT,
            start_ms=10,
            end_ms=100,
            attrs={
                "openinference.span.kind": "RETRIEVER",
                "input.value": "What is AgentTrace?",
                "retrieval.documents.0.document.id": "d1",
                "retrieval.documents.0.document.content": "AgentTrace stores traces.",
                "retrieval.documents.0.document.score": 0.9,
                "retrieval.documents.1.document.id": "d2",
                "retrieval.documents.1.document.content": "It is self-hostable.",
            },
        ),
        span(
            "ChatCompletion",
            trace_id=trace_id,
            span_id=GRANDCHILD,
            parent=ROOT,
            start_ms=200,
            end_ms=900,
            attrs={
                "openinference.span.kind": "LLM",
                "llm.model_name": "gpt-4o",
                "llm.provider": "openai",
                "llm.invocation_parameters": dumps({"temperature": 0.1}),
                "llm.input_messages.0.message.role": "system",
                "llm.input_messages.0.message.content": "Answer from the documents.",
                "llm.input_messages.1.message.role": "user",
                "llm.input_messages.1.message.content": "What is AgentTrace?",
                "llm.output_messages.0.message.role": "assistant",
                "llm.output_messages.0.message.content": "An observability server.",
                "llm.token_count.prompt": 500,
                "llm.token_count.completion": 50,
                "llm.token_count.total": 550,
                "llm.token_count.prompt_details.cache_read": 100,
                "llm.cost.total": 0.01,
            },
        ),
        span(
            "lookup",
            trace_id=trace_id,
            span_id="1000000000000004",
            parent=ROOT,
            start_ms=950,
            end_ms=990,
            attrs={
                "openinference.span.kind": "TOOL",
                "tool.name": "lookup",
                "tool.parameters": dumps({"type": "object"}),
                "input.value": dumps({"id": "d1"}),
                "output.value": "found",
            },
        ),
    )
    assert (await send(client, project, request)).status_code == 200
    trace = await stored(client, project, trace_id)
    assert (trace["sessionId"], trace["userId"]) == ("oi-session", "oi-user")
    assert (trace["input"], trace["output"]) == (
        "What is AgentTrace?",
        {"answer": "An observability server."},
    )
    observations = by_name(trace)
    chain, retriever = observations["rag"], observations["retrieve"]
    llm, tool = observations["ChatCompletion"], observations["lookup"]
    assert [o["type"] for o in (chain, retriever, llm, tool)] == [
        "CHAIN",
        "RETRIEVER",
        "GENERATION",
        "TOOL",
    ]
    assert retriever["output"] == [
        {"document": {"id": "d1", "content": "AgentTrace stores traces.", "score": 0.9}},
        {"document": {"id": "d2", "content": "It is self-hostable."}},
    ]
    assert llm["input"] == [
        {"message": {"role": "system", "content": "Answer from the documents."}},
        {"message": {"role": "user", "content": "What is AgentTrace?"}},
    ]
    assert llm["output"] == [
        {"message": {"role": "assistant", "content": "An observability server."}}
    ]
    assert (llm["model"], llm["modelParameters"]) == ("gpt-4o", {"temperature": 0.1})
    assert llm["usageDetails"] == {
        "input": 400,
        "input_cached_tokens": 100,
        "output": 50,
        "total": 550,
    }
    # The client's cost wins over the price table.
    assert (llm["costDetails"], llm["totalCost"]) == ({"total": 0.01}, 0.01)
    assert llm["metadata"]["attributes"] == {
        "openinference.span.kind": "LLM",
        "llm.provider": "openai",
    }
    assert tool["metadata"]["attributes"] == {
        "openinference.span.kind": "TOOL",
        "tool.name": "lookup",
        "tool.parameters": dumps({"type": "object"}),
    }
    assert (tool["input"], tool["output"]) == ({"id": "d1"}, "found")
    assert chain["metadata"]["attributes"] == {
        "openinference.span.kind": "CHAIN",
        "output.mime_type": "application/json",
    }
    assert chain["metadata"]["team"] == "search"


# Tests for OpenLLMetry (Traceloop)


async def test_openllmetry_spans_map_entities_and_flattened_prompts(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "d1" * 16
    request = export(
        span(
            "joke_workflow.workflow",
            trace_id=trace_id,
            span_id=ROOT,
            attrs={
                "traceloop.span.kind": "workflow",
                "traceloop.entity.name": "joke_workflow",
                "traceloop.entity.input": dumps({"args": [], "kwargs": {"topic": "otel"}}),
                "traceloop.entity.output": dumps("A joke."),
                "traceloop.association.properties.user_id": "u-9",
            },
        ),
        span(
            "joke_agent.agent",
            trace_id=trace_id,
            span_id=CHILD,
            parent=ROOT,
            attrs={"traceloop.span.kind": "agent", "traceloop.entity.name": "joke_agent"},
        ),
        span(
            "openai.chat",
            trace_id=trace_id,
            span_id=GRANDCHILD,
            parent=CHILD,
            start_ms=100,
            end_ms=800,
            attrs={
                "llm.request.type": "chat",
                "gen_ai.system": "openai",
                "gen_ai.request.model": "gpt-4o",
                "gen_ai.prompt.0.role": "user",
                "gen_ai.prompt.0.content": "Tell me a joke about OTel",
                "gen_ai.completion.0.role": "assistant",
                "gen_ai.completion.0.content": "A joke.",
                "gen_ai.completion.0.finish_reason": "stop",
                "gen_ai.usage.prompt_tokens": 12,
                "gen_ai.usage.completion_tokens": 5,
                "llm.usage.total_tokens": 17,
            },
        ),
    )
    assert (await send(client, project, request)).status_code == 200
    trace = await stored(client, project, trace_id)
    observations = by_name(trace)
    workflow, agent, chat = (
        observations["joke_workflow.workflow"],
        observations["joke_agent.agent"],
        observations["openai.chat"],
    )
    assert [o["type"] for o in (workflow, agent, chat)] == ["SPAN", "AGENT", "GENERATION"]
    assert (workflow["input"], workflow["output"]) == (
        {"args": [], "kwargs": {"topic": "otel"}},
        '"A joke."',
    )
    assert workflow["metadata"]["attributes"] == {
        "traceloop.span.kind": "workflow",
        "traceloop.entity.name": "joke_workflow",
        "traceloop.association.properties.user_id": "u-9",
    }
    assert chat["input"] == [{"role": "user", "content": "Tell me a joke about OTel"}]
    assert chat["output"] == [{"role": "assistant", "content": "A joke.", "finish_reason": "stop"}]
    assert chat["usageDetails"] == {"input": 12, "output": 5, "total": 17}
    assert chat["metadata"]["attributes"] == {
        "llm.request.type": "chat",
        "gen_ai.system": "openai",
        "llm.usage.total_tokens": 17,
    }


# Tests for the Vercel AI SDK


async def test_vercel_ai_sdk_spans_map_operations_prompts_and_telemetry_metadata(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "e1" * 16
    prompt = [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]
    request = export(
        span(
            "ai.generateText",
            trace_id=trace_id,
            span_id=ROOT,
            attrs={
                "operation.name": "ai.generateText greet",
                "ai.operationId": "ai.generateText",
                "ai.telemetry.functionId": "greet",
                "ai.model.id": "gpt-4o",
                "ai.model.provider": "openai.chat",
                "ai.prompt": dumps({"prompt": "Hi"}),
                "ai.response.text": "Hello!",
                "ai.usage.promptTokens": 10,
                "ai.telemetry.metadata.userId": "vercel-user",
                "ai.telemetry.metadata.sessionId": "vercel-session",
                "ai.telemetry.metadata.tags": ["web"],
                "ai.telemetry.metadata.plan": "pro",
                "ai.settings.maxRetries": 2,
            },
        ),
        span(
            "ai.generateText.doGenerate",
            trace_id=trace_id,
            span_id=CHILD,
            parent=ROOT,
            start_ms=10,
            end_ms=900,
            attrs={
                "operation.name": "ai.generateText.doGenerate greet",
                "ai.operationId": "ai.generateText.doGenerate",
                "ai.telemetry.functionId": "greet",
                "ai.model.id": "gpt-4o",
                "ai.prompt.messages": dumps(prompt),
                "ai.response.text": "Hello!",
                "ai.response.toolCalls": dumps([{"toolName": "wave", "args": "{}"}]),
                "gen_ai.request.model": "gpt-4o",
                "gen_ai.usage.input_tokens": 10,
                "gen_ai.usage.output_tokens": 3,
                "ai.response.msToFirstChunk": 120.5,
            },
        ),
        span(
            "ai.toolCall",
            trace_id=trace_id,
            span_id=GRANDCHILD,
            parent=ROOT,
            start_ms=910,
            end_ms=950,
            attrs={
                "ai.operationId": "ai.toolCall",
                "ai.toolCall.name": "wave",
                "ai.toolCall.id": "tc-1",
                "ai.toolCall.args": dumps({"hand": "left"}),
                "ai.toolCall.result": dumps({"ok": True}),
            },
        ),
        scope=("ai", ""),
    )
    assert (await send(client, project, request)).status_code == 200
    trace = await stored(client, project, trace_id)
    assert (trace["userId"], trace["sessionId"], trace["tags"]) == (
        "vercel-user",
        "vercel-session",
        ["web"],
    )
    assert trace["metadata"]["plan"] == "pro"
    observations = by_name(trace)
    outer, call, tool = (
        observations["greet:ai.generateText"],
        observations["greet:ai.generateText.doGenerate"],
        observations["wave"],
    )
    assert [o["type"] for o in (outer, call, tool)] == ["SPAN", "GENERATION", "TOOL"]
    assert (outer["input"], outer["output"], outer["model"]) == (
        {"prompt": "Hi"},
        "Hello!",
        "gpt-4o",
    )
    assert outer["modelParameters"] == {"maxRetries": 2}
    assert outer["usageDetails"] == {}  # ai.usage.* of the outer span would count twice
    assert outer["metadata"]["plan"] == "pro"
    assert call["input"] == prompt
    assert call["output"] == {
        "role": "assistant",
        "content": "Hello!",
        "tool_calls": [{"toolName": "wave", "args": "{}"}],
    }
    assert (call["usageDetails"], call["completionStartTime"]) == (
        {"input": 10, "output": 3, "total": 13},
        "2026-03-01T12:00:00.130Z",
    )
    assert (tool["input"], tool["output"]) == ({"hand": "left"}, {"ok": True})


# Tests for what every convention shares


async def test_unmapped_attributes_resource_scope_kind_and_links_are_kept_in_metadata(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "f1" * 16
    request = export(
        span(
            "GET /items",
            trace_id=trace_id,
            span_id=ROOT,
            kind=2,
            attrs={
                "http.method": "GET",
                "http.status_code": 200,
                "ratio": 0.5,
                "ok": True,
                "ids": [1, 2],
                "nested": {"a": "b"},
                "empty": "",
            },
        ),
        resource={
            "service.name": "api",
            "service.version": "1.4.0",
            "deployment.environment.name": "Staging",
        },
        scope=("opentelemetry.instrumentation.fastapi", "0.50b0"),
        scope_attrs={"team": "core"},
    )
    request["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["links"] = [
        {
            "traceId": "ab" * 16,
            "spanId": "cd" * 8,
            "attributes": [{"key": "why", "value": {"stringValue": "retry"}}],
        }
    ]
    assert (await send(client, project, request, encoding="json")).status_code == 200
    trace = await stored(client, project, trace_id)
    root = trace["observations"][0]
    resource = {
        "service.name": "api",
        "service.version": "1.4.0",
        "deployment.environment.name": "Staging",
    }
    assert (root["version"], root["environment"], trace["environment"]) == (
        "1.4.0",
        "staging",
        "staging",
    )
    assert root["metadata"] == {
        "attributes": {
            "http.method": "GET",
            "http.status_code": 200,
            "ratio": 0.5,
            "ok": True,
            "ids": [1, 2],
            "nested": {"a": "b"},
            "empty": "",
        },
        "resourceAttributes": resource,
        "scope": scope("opentelemetry.instrumentation.fastapi", "0.50b0", {"team": "core"}),
        "spanKind": "SERVER",
        "links": [{"traceId": "ab" * 16, "spanId": "cd" * 8, "attributes": {"why": "retry"}}],
    }


async def test_status_error_sets_the_level_and_its_message(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "f2" * 16
    request = export(
        span("fails", trace_id=trace_id, span_id=ROOT, status=(2, "upstream timed out")),
        span("ok", trace_id=trace_id, span_id=CHILD, parent=ROOT, status=(1, "")),
        span(
            "says-debug",
            trace_id=trace_id,
            span_id=GRANDCHILD,
            parent=ROOT,
            status=(2, "ignored level"),
            attrs={"langfuse.observation.level": "DEBUG"},
        ),
        span(
            "unknown-level",
            trace_id=trace_id,
            span_id="1000000000000004",
            parent=ROOT,
            attrs={"langfuse.observation.level": "LOUD"},
        ),
    )
    assert (await send(client, project, request)).status_code == 200
    observations = by_name(await stored(client, project, trace_id))
    assert {name: (o["level"], o["statusMessage"]) for name, o in observations.items()} == {
        "fails": ("ERROR", "upstream timed out"),
        "ok": ("DEFAULT", None),
        "says-debug": ("DEBUG", "ignored level"),
        "unknown-level": ("DEFAULT", None),
    }
    # An unknown level is not used, so it is kept.
    assert observations["unknown-level"]["metadata"]["attributes"] == {
        "langfuse.observation.level": "LOUD"
    }


async def test_trace_attributes_on_a_child_win_over_the_root_defaults_in_any_order(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for trace_id, child_first in (("f3" * 16, False), ("f4" * 16, True)):
        root = span(
            "root-span",
            trace_id=trace_id,
            span_id=trace_id[:16],
            end_ms=2000,
            attrs={"input.value": "root input"},
        )
        child = span(
            "child",
            trace_id=trace_id,
            span_id=trace_id[16:],
            parent=trace_id[:16],
            attrs={
                "langfuse.trace.name": "named-by-child",
                "langfuse.trace.input": dumps({"stated": True}),
                "langfuse.trace.metadata.by": "child",
            },
        )
        for part in (child, root) if child_first else (root, child):
            assert (await send(client, project, export(part))).status_code == 200
        trace = await stored(client, project, trace_id)
        assert (trace["name"], trace["input"], trace["metadata"]["by"]) == (
            "named-by-child",
            {"stated": True},
            "child",
        )


async def test_span_of_an_unknown_trace_without_trace_attributes_creates_the_trace(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "f5" * 16
    orphan = span("orphan", trace_id=trace_id, span_id=CHILD, parent=ROOT, start_ms=500, end_ms=600)
    assert (await send(client, project, export(orphan))).status_code == 200
    trace = await stored(client, project, trace_id)
    assert (trace["name"], trace["timestamp"], trace["observationCount"]) == (
        None,
        "2026-03-01T12:00:00.500Z",
        1,
    )


async def test_prompt_links_only_generations_and_experiments_stay_on_observations(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = "f6" * 16
    shared = {
        "langfuse.observation.prompt.name": "greeting",
        "langfuse.observation.prompt.version": 2,
        "langfuse.experiment.id": "exp-1",
        "langfuse.experiment.name": "nightly",
        "langfuse.experiment.dataset.id": "ds-1",
        "langfuse.experiment.item.id": "item-1",
        "langfuse.experiment.item.root_observation_id": ROOT,
        "langfuse.experiment.item.expected_output": dumps({"answer": 42}),
        "langfuse.experiment.metadata": dumps({"owner": "qa"}),
    }
    request = export(
        span(
            "experiment-item-run",
            trace_id=trace_id,
            span_id=ROOT,
            attrs={"langfuse.observation.type": "span", **shared},
        ),
        span(
            "llm",
            trace_id=trace_id,
            span_id=CHILD,
            parent=ROOT,
            attrs={"langfuse.observation.type": "generation", **shared},
        ),
        scope=LANGFUSE_V5,
    )
    assert (await send(client, project, request)).status_code == 200
    observations = by_name(await stored(client, project, trace_id))
    experiment = {
        "id": "exp-1",
        "name": "nightly",
        "dataset": {"id": "ds-1"},
        "item": {"id": "item-1", "root_observation_id": ROOT, "expected_output": {"answer": 42}},
        "metadata": {"owner": "qa"},
    }
    run, llm = observations["experiment-item-run"], observations["llm"]
    assert (llm["promptName"], llm["promptVersion"], llm["metadata"]["experiment"]) == (
        "greeting",
        2,
        experiment,
    )
    assert (run["promptName"], run["metadata"]["experiment"]) == (None, experiment)
    assert run["metadata"]["attributes"] == {
        "langfuse.observation.prompt.name": "greeting",
        "langfuse.observation.prompt.version": 2,
    }
