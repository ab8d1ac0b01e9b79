"""The real Langfuse Python SDKs that trace through OpenTelemetry against a running server:
3.x (langfuse==3.15.0, the last 3.x: protobuf OTLP, scores through batch ingestion) and
5.x (langfuse==5.0.4, the newest: gzip OTLP with JSON-encoded metadata, scores through
``POST /api/public/scores``). Each runs auth_check with right and wrong keys, a trace of a
span, a priced generation, every other observation type and an event, trace attributes
(``update_trace`` on 3.x, ``propagate_attributes`` on 5.x) and scores of every kind; all
is read back through our own ``/v1`` API."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.compat.conftest import SdkEnvironment
from tests.compat.reads import at, get, with_sizes, without_clock
from tests.serving import serve

pytestmark = pytest.mark.compat

# gpt-4o: $2.50 per million input tokens, $10 per million output tokens
INPUT_COST = 1000 * 2.5e-6
OUTPUT_COST = 200 * 1e-5
QUESTION = {"question": "What does AgentTrace store?"}
ANSWER = {"answer": "Traces, observations and scores."}
STEP_TYPES = ("retriever", "agent", "tool", "chain", "embedding", "guardrail", "evaluator")
# SDK version → the fixture that installs it.
SDKS = {"3.15.0": "langfuse_v3", "5.0.4": "langfuse_v5"}


def observation(
    project_id: str, trace_id: str, parent: str | None, context: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    """An observation as ``/v1`` answers it, less its clock fields: what every one of this
    trace shares, and ``fields``."""
    found = {
        "traceId": trace_id,
        "projectId": project_id,
        "parentObservationId": parent,
        "level": "DEFAULT",
        "statusMessage": None,
        "environment": "production",
        "input": None,
        "output": None,
        "metadata": context,
        "model": None,
        "modelId": None,
        "modelParameters": None,
        "usage": None,  # none reported
        "usageDetails": {},
        "costDetails": None,
        "inputCost": None,
        "outputCost": None,
        "totalCost": None,
        "promptId": None,
        "promptName": None,
        "promptVersion": None,
        **fields,
    }
    return with_sizes(found)


def score(project_id: str, score_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": score_id,
        "projectId": project_id,
        "stringValue": None,
        "source": "API",
        "observationId": None,
        "sessionId": None,
        "datasetRunId": None,
        "comment": None,
        "metadata": {},
        "configId": None,
        "queueId": None,
        "authorUserId": None,
        "environment": "production",
        **fields,
    }


@pytest.mark.parametrize("sdk_version", list(SDKS))
async def test_sdk_traces_observations_and_scores_are_stored_as_sent(
    sdk_version: str, request: pytest.FixtureRequest, fresh_database_url: str
) -> None:
    sdk: SdkEnvironment = request.getfixturevalue(SDKS[sdk_version])
    with serve(fresh_database_url) as server:
        public_key, secret_key = server.printed_keys()
        summary = await sdk.run_script(
            "langfuse_otel_tracing.py",
            {
                "LANGFUSE_HOST": server.url,
                "LANGFUSE_BASE_URL": server.url,
                "LANGFUSE_PUBLIC_KEY": public_key,
                "LANGFUSE_SECRET_KEY": secret_key,
                "LANGFUSE_TRACING_ENVIRONMENT": "production",
                "LANGFUSE_RELEASE": "2026.03.1",
                "COMPAT_RUN_ID": uuid.uuid4().hex,
            },
        )
        ids = summary["ids"]
        async with httpx.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {secret_key}"}
        ) as client:
            project_id = (await get(client, "/v1/projects/current"))["id"]
            trace = await get(client, f"/v1/traces/{ids['trace']}", includeObservations="true")
            scores = {
                s["id"]: s for s in (await get(client, "/v1/scores", traceId=ids["trace"]))["data"]
            }
            session_score = await get(client, f"/v1/scores/{ids['sessionScore']}")
        reads = None
        if sdk_version.startswith("5."):
            reads = await sdk.run_script(
                "langfuse_v5_reads.py",
                {
                    "LANGFUSE_BASE_URL": server.url,
                    "LANGFUSE_PUBLIC_KEY": public_key,
                    "LANGFUSE_SECRET_KEY": secret_key,
                    "COMPAT_TRACE_ID": ids["trace"],
                },
            )

    assert summary == {
        "sdkVersion": sdk_version,
        "authCheck": True,
        "wrongKeyError": "UnauthorizedError",
        "ids": ids,
    }
    v5 = sdk_version.startswith("5.")
    resource = trace["metadata"]["resourceAttributes"]
    assert {k: v for k, v in resource.items() if k != "service.instance.id"} == {
        "telemetry.sdk.language": "python",
        "telemetry.sdk.name": "opentelemetry",
        "telemetry.sdk.version": "1.45.2",
        "langfuse.environment": "production",
        "langfuse.release": "2026.03.1",
        "service.name": "unknown_service:python",
    }
    context = {
        "resourceAttributes": resource,
        "scope": {
            "name": "langfuse-sdk",
            "version": sdk_version,
            "attributes": {"public_key": public_key},
        },
    }
    assert without_clock({k: v for k, v in trace.items() if k != "observations"}) == with_sizes(
        {
            "id": ids["trace"],
            "projectId": project_id,
            "name": "support-chat",
            "userId": "user-42",
            "sessionId": ids["session"],
            "release": "2026.03.1",
            "version": "v7",
            "environment": "production",
            "input": QUESTION,  # the root span's input
            "output": ANSWER,
            # 3.x sends "3" as it is, 5.x as the JSON text "\"3\"": both are stored as "3".
            "metadata": {"region": "eu", "tier": "3", **context},
            "tags": ["chat", "otel"],
            "public": False,
            "bookmarked": False,
            "level": "WARNING",  # the event's
            "statusMessage": None,
            "gitCommitSha": None,
            "gitBranch": None,
            "gitRepoUrl": None,
            "inputCost": pytest.approx(INPUT_COST),
            "outputCost": pytest.approx(OUTPUT_COST),
            "totalCost": pytest.approx(INPUT_COST + OUTPUT_COST),
            "usage": {"inputTokens": 1000, "outputTokens": 200, "totalTokens": 1200},
            "observationCount": 10,
            "htmlPath": f"/project/{project_id}/traces/{ids['trace']}",
            "observationsMeta": {"totalCount": 10, "hasMore": False, "nextCursor": None},
            # The list's one-line previews of the payloads.
            "inputPreview": '{"question":"What does AgentTrace store?"}',
            "outputPreview": '{"answer":"Traces, observations and scores."}',
        }
    )

    stored = {o["id"]: without_clock(o) for o in trace["observations"]}
    root_parent = stored[ids["root"]]["parentObservationId"]
    # The SDK opens a trace of a given id under a made-up remote parent (and marks the span
    # as the root); the parent is kept as sent.
    assert root_parent not in stored
    assert len(root_parent) == 16
    # 5.x propagates the version onto every span; 3.x's update_trace sets it on the root.
    version = "v7" if v5 else None
    expected = {
        ids["root"]: observation(
            project_id,
            ids["trace"],
            root_parent,
            # 5.x marks the first span it exports; no rule uses the mark, so it is kept.
            {
                "component": "api",
                **context,
                **({"attributes": {"langfuse.internal.is_app_root": True}} if v5 else {}),
            },
            id=ids["root"],
            type="SPAN",
            name="handle-request",
            version="v7",
            input=QUESTION,
            output=ANSWER,
        ),
        ids["generation"]: observation(
            project_id,
            ids["trace"],
            ids["root"],
            {"attempt": 1, "label": "7", **context},
            id=ids["generation"],
            type="GENERATION",
            name="answer",
            version=version,
            input=[
                {"role": "system", "content": "Answer briefly."},
                {"role": "user", "content": QUESTION["question"]},
            ],
            output={"role": "assistant", "content": ANSWER["answer"]},
            model="gpt-4o",
            modelId="gpt-4o",
            modelParameters={"temperature": 0.2, "max_tokens": 100},
            usage={"inputTokens": 1000, "outputTokens": 200, "totalTokens": 1200},
            usageDetails={"input": 1000, "output": 200, "total": 1200},
            costDetails={
                "input": pytest.approx(INPUT_COST),
                "output": pytest.approx(OUTPUT_COST),
                "total": pytest.approx(INPUT_COST + OUTPUT_COST),
            },
            inputCost=pytest.approx(INPUT_COST),
            outputCost=pytest.approx(OUTPUT_COST),
            totalCost=pytest.approx(INPUT_COST + OUTPUT_COST),
        ),
        **{
            ids["steps"][kind]: observation(
                project_id,
                ids["trace"],
                ids["root"],
                context,
                id=ids["steps"][kind],
                type=kind.upper(),
                name=f"{kind}-step",
                version=version,
                input={"step": kind},
                output={"done": kind},
            )
            for kind in STEP_TYPES
        },
        ids["event"]: observation(
            project_id,
            ids["trace"],
            ids["root"],
            context,
            id=ids["event"],
            type="EVENT",
            name="cache-miss",
            version=version,
            level="WARNING",
            statusMessage="cold cache",
            input={"key": "agenttrace storage"},
        ),
    }
    assert stored == expected

    # Times are the SDK's clock: every observation lies within the root span.
    root = next(o for o in trace["observations"] if o["id"] == ids["root"])
    for item in trace["observations"]:
        assert at(root["startTime"]) <= at(item["startTime"]) <= at(item["endTime"])
        assert at(item["endTime"]) <= at(root["endTime"])
    assert (trace["startTime"], trace["endTime"]) == (root["startTime"], root["endTime"])

    trace_score = {"traceId": ids["trace"]}
    assert {key: without_clock(body) for key, body in scores.items()} == {
        ids["generationScore"]: score(
            project_id,
            ids["generationScore"],
            name="relevance",
            value=0.75,
            dataType="NUMERIC",
            observationId=ids["generation"],
            **trace_score,
        ),
        ids["numericScore"]: score(
            project_id,
            ids["numericScore"],
            name="accuracy",
            value=0.9,
            dataType="NUMERIC",
            comment="close enough",
            **trace_score,
        ),
        ids["categoricalScore"]: score(
            project_id,
            ids["categoricalScore"],
            name="tone",
            value=None,
            stringValue="friendly",
            dataType="CATEGORICAL",
            **trace_score,
        ),
        ids["booleanScore"]: score(
            project_id,
            ids["booleanScore"],
            name="helpful",
            value=1.0,
            stringValue="True",
            dataType="BOOLEAN",
            **trace_score,
        ),
    }
    assert without_clock(session_score) == score(
        project_id,
        ids["sessionScore"],
        name="session-quality",
        value=0.5,
        dataType="NUMERIC",
        traceId=None,
        sessionId=ids["session"],
    )

    # The v5 raw client (cursor pages of /v2/observations and /v3/scores) parses our
    # answers and finds the same observations and trace scores as /v1.
    if reads is not None:
        assert reads == {
            "observations": sorted([o["id"], o["type"]] for o in trace["observations"]),
            "scores": sorted([s["id"], s["name"], s["dataType"]] for s in scores.values()),
        }
