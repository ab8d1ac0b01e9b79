"""Plain OpenTelemetry (opentelemetry-sdk 1.45.2 with the OTLP/HTTP protobuf exporter)
against a running server: a trace with OpenInference attributes sent to
``/api/public/otel/v1/traces``, and a trace with OTel GenAI attributes and events sent
gzip-compressed through ``OTEL_EXPORTER_OTLP_ENDPOINT`` set to the server's root (so to
``/v1/traces``); both read back through ``/v1``."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.compat.conftest import SdkEnvironment
from tests.compat.reads import get
from tests.serving import serve

pytestmark = pytest.mark.compat

# gpt-4o: $2.50 / $1.25 (cached) / $10 per million tokens; gpt-4o-mini: $0.15 / $0.60.
OPENINFERENCE_COST = 600 * 2.5e-6 + 400 * 1.25e-6 + 200 * 1e-5
GENAI_COST = 2000 * 0.15e-6 + 100 * 0.6e-6


def resource_of(trace: dict[str, Any], service: str) -> dict[str, Any]:
    """The stored resource attributes, checked but for the random instance id."""
    resource = trace["metadata"]["resourceAttributes"]
    assert {k: v for k, v in resource.items() if k != "service.instance.id"} == {
        "telemetry.sdk.language": "python",
        "telemetry.sdk.name": "opentelemetry",
        "telemetry.sdk.version": "1.45.2",
        "service.name": service,
        "service.version": "2.1.0",
        "deployment.environment": "staging",
    }
    return resource  # type: ignore[no-any-return]


def fields(observation: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: observation[name] for name in names}


MAPPED = ("type", "name", "parentObservationId", "level", "statusMessage", "input", "output")


async def test_openinference_and_genai_spans_are_stored_through_both_routes(
    otel_sdk: SdkEnvironment, fresh_database_url: str
) -> None:
    run_id = uuid.uuid4().hex
    with serve(fresh_database_url) as server:
        public_key, secret_key = server.printed_keys()
        summary = await otel_sdk.run_script(
            "otel_instrumentation.py",
            {
                "AGENTTRACE_URL": server.url,
                "LANGFUSE_PUBLIC_KEY": public_key,
                "LANGFUSE_SECRET_KEY": secret_key,
                "COMPAT_RUN_ID": run_id,
            },
        )
        oi, genai = summary["openinference"], summary["genai"]
        async with httpx.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {secret_key}"}
        ) as client:
            first = await get(client, f"/v1/traces/{oi['trace']}", includeObservations="true")
            second = await get(client, f"/v1/traces/{genai['trace']}", includeObservations="true")
            tools = await get(client, "/v1/observations", type="TOOL", order="asc")

    # OpenInference, through the Langfuse route
    scope = {"name": "compat.instrumentation", "version": "0.1.0", "attributes": {}}
    context = {"resourceAttributes": resource_of(first, "openinference-app"), "scope": scope}
    assert fields(first, "name", "userId", "sessionId", "tags", "environment", "version") == {
        "name": "rag-pipeline",
        "userId": "oi-user",
        "sessionId": f"oi-session-{run_id}",
        "tags": ["compat", "rag"],
        "environment": "staging",
        "version": "2.1.0",
    }
    assert (first["input"], first["output"], first["level"]) == (
        "What does AgentTrace store?",
        {"answer": "Traces."},
        "ERROR",  # the failed tool call's
    )
    assert first["totalCost"] == pytest.approx(OPENINFERENCE_COST)
    observations = {o["id"]: o for o in first["observations"]}
    chain, retriever = observations[oi["chain"]], observations[oi["retriever"]]
    llm, tool = observations[oi["llm"]], observations[oi["tool"]]
    assert fields(chain, *MAPPED, "metadata") == {
        "type": "CHAIN",
        "name": "rag-pipeline",
        "parentObservationId": None,
        "level": "DEFAULT",
        "statusMessage": None,
        "input": "What does AgentTrace store?",
        "output": {"answer": "Traces."},
        "metadata": {
            **context,
            "team": "search",  # OpenInference's metadata attribute
            "attributes": {
                "openinference.span.kind": "CHAIN",
                "output.mime_type": "application/json",
            },
        },
    }
    assert fields(retriever, "type", "parentObservationId", "input", "output") == {
        "type": "RETRIEVER",
        "parentObservationId": oi["chain"],
        "input": "What does AgentTrace store?",
        "output": [{"document": {"id": "doc-1", "content": "Traces and spans.", "score": 0.92}}],
    }
    assert fields(llm, *MAPPED, "model", "modelParameters", "usageDetails", "metadata") == {
        "type": "GENERATION",
        "name": "ChatCompletion",
        "parentObservationId": oi["chain"],
        "level": "DEFAULT",
        "statusMessage": None,
        "input": [{"message": {"role": "user", "content": "What does AgentTrace store?"}}],
        "output": [{"message": {"role": "assistant", "content": "Traces."}}],
        "model": "gpt-4o",
        "modelParameters": {"temperature": 0.1},
        # llm.token_count.prompt counts the cached tokens too: stored apart.
        "usageDetails": {"input": 600, "input_cached_tokens": 400, "output": 200, "total": 1200},
        "metadata": {
            **context,
            "spanKind": "CLIENT",
            "attributes": {"openinference.span.kind": "LLM", "llm.provider": "openai"},
        },
    }
    exception = tool["metadata"]["exceptions"][0]
    assert fields(tool, *MAPPED) == {
        "type": "TOOL",
        "name": "lookup-order",
        "parentObservationId": oi["chain"],
        "level": "ERROR",
        "statusMessage": "order lookup failed",
        "input": {"order": 7},
        "output": None,
    }
    assert (exception["type"], exception["message"]) == (
        "TimeoutError",
        "the order service did not answer",
    )
    assert "Traceback" in exception["stacktrace"]

    # GenAI, through OTEL_EXPORTER_OTLP_ENDPOINT (gzip, /v1/traces)
    context = {"resourceAttributes": resource_of(second, "genai-app"), "scope": scope}
    assert fields(second, "name", "sessionId", "environment") == {
        "name": "invoke_agent support",
        "sessionId": f"conversation-{run_id}",
        "environment": "staging",
    }
    assert second["totalCost"] == pytest.approx(GENAI_COST)
    observations = {o["id"]: o for o in second["observations"]}
    agent, chat = observations[genai["agent"]], observations[genai["chat"]]
    tool, lookup = observations[genai["tool"]], observations[f"{genai['tool']}-event-0"]
    assert fields(agent, "type", "metadata") == {
        "type": "AGENT",
        "metadata": {
            **context,
            "attributes": {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "support"},
        },
    }
    assert fields(chat, *MAPPED, "model", "modelParameters", "usageDetails") == {
        "type": "GENERATION",
        "name": "chat gpt-4o-mini",
        "parentObservationId": genai["agent"],
        "level": "DEFAULT",
        "statusMessage": None,
        "input": [
            {"role": "system", "content": "You help customers."},
            {"role": "user", "content": "Where is my order?"},
        ],
        "output": {"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant"}},
        "model": "gpt-4o-mini",
        "modelParameters": {"temperature": 0.3},
        "usageDetails": {"input": 2000, "output": 100, "total": 2100},
    }
    assert fields(tool, *MAPPED) == {
        "type": "TOOL",
        "name": "track_order",
        "parentObservationId": genai["agent"],
        "level": "DEFAULT",
        "statusMessage": None,
        "input": {"order": 7},
        "output": {"status": "shipped"},
    }
    assert fields(lookup, "type", "name", "parentObservationId", "metadata") == {
        "type": "EVENT",
        "name": "cache.lookup",
        "parentObservationId": genai["tool"],
        "metadata": {"attributes": {"hit": False}},
    }
    # The observation list finds them by type across both traces.
    assert [o["id"] for o in tools["data"]] == [oi["tool"], genai["tool"]]
