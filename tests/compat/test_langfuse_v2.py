"""The real Langfuse Python SDK 2.x (langfuse==2.60.10, REST batch ingestion) against a running
server: auth_check with right and wrong keys, a trace with a span, an event and a priced
generation, a trace update after the fact, and numeric, categorical and boolean scores;
everything read back through our own ``/v1`` API, and through the SDK's own fetch_* methods
(``GET /api/public/traces``, ``/traces/{id}``, ``/observations``, ``/sessions``)."""

from __future__ import annotations

import json
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


def expected_ids(run_id: str) -> dict[str, Any]:
    """The ids the script derives from the run id (2.x has no session scores: None)."""
    trace_id = f"lf2-{run_id}"
    return {
        "trace": trace_id,
        "session": f"session-{run_id}",
        "span": f"{trace_id}-span",
        "event": f"{trace_id}-event",
        "generation": f"{trace_id}-generation",
        "numericScore": f"{trace_id}-accuracy",
        "generationScore": f"{trace_id}-relevance",
        "categoricalScore": f"{trace_id}-tone",
        "booleanScore": f"{trace_id}-helpful",
        "sessionScore": None,
    }


def observation(
    ids: dict[str, Any], project_id: str, key: str, kind: str, **fields: Any
) -> dict[str, Any]:
    found = {
        "id": ids[key],
        "traceId": ids["trace"],
        "projectId": project_id,
        "parentObservationId": None,
        "type": kind,
        "name": None,
        "level": "DEFAULT",
        "statusMessage": None,
        "version": None,
        "environment": "default",
        "input": None,
        "output": None,
        "metadata": {},
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


def score(ids: dict[str, Any], project_id: str, key: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": ids[key],
        "projectId": project_id,
        "stringValue": None,
        "source": "API",
        "traceId": ids["trace"],
        "observationId": None,
        "sessionId": None,
        "datasetRunId": None,
        "comment": None,
        "metadata": {},
        "configId": None,
        "queueId": None,
        "authorUserId": None,
        "environment": "default",
        **fields,
    }


async def test_sdk_traces_observations_and_scores_are_stored_as_sent(
    langfuse_v2: SdkEnvironment, fresh_database_url: str
) -> None:
    run_id = uuid.uuid4().hex
    ids = expected_ids(run_id)
    with serve(fresh_database_url) as server:
        public_key, secret_key = server.printed_keys()
        summary = await langfuse_v2.run_script(
            "langfuse_v2_tracing.py",
            {
                "LANGFUSE_HOST": server.url,
                "LANGFUSE_PUBLIC_KEY": public_key,
                "LANGFUSE_SECRET_KEY": secret_key,
                "COMPAT_RUN_ID": run_id,
            },
        )
        # auth_check() is True with the printed keys and raises with a wrong secret;
        # Langfuse.score() of 2.x takes no session_id, so no session score was sent.
        assert summary == {
            "sdkVersion": "2.60.10",
            "authCheck": True,
            "wrongSecretError": "UnauthorizedError",
            "ids": ids,
        }
        sdk_env = {
            "LANGFUSE_HOST": server.url,
            "LANGFUSE_PUBLIC_KEY": public_key,
            "LANGFUSE_SECRET_KEY": secret_key,
        }
        reads = await langfuse_v2.run_script(
            "langfuse_v2_reads.py", {**sdk_env, "COMPAT_IDS": json.dumps(ids)}
        )
        async with httpx.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {secret_key}"}
        ) as client:
            project_id = (await get(client, "/v1/projects/current"))["id"]
            trace = await get(client, f"/v1/traces/{ids['trace']}")
            span = await get(client, f"/v1/observations/{ids['span']}")
            event = await get(client, f"/v1/observations/{ids['event']}")
            generation = await get(client, f"/v1/observations/{ids['generation']}")
            scores = {
                key: await get(client, f"/v1/scores/{ids[key]}")
                for key in ("numericScore", "generationScore", "categoricalScore", "booleanScore")
            }

    assert without_clock(trace) == with_sizes(
        {
            "id": ids["trace"],
            "projectId": project_id,
            "name": "support-chat",
            "userId": "user-42",
            "sessionId": ids["session"],
            "release": "2026.03.1",
            "version": "v7",
            "environment": "default",
            "input": {"question": "What does AgentTrace store?"},
            "output": {"answer": "Traces, observations and scores."},
            "metadata": {"region": "eu", "attempt": 1, "feedback": "pending"},  # merged by key
            "tags": ["chat", "prod", "sdk-v2"],  # the union, sorted
            "public": False,
            "bookmarked": False,
            "level": "WARNING",  # the highest level of its observations (the event)
            "statusMessage": None,
            "gitCommitSha": None,
            "gitBranch": None,
            "gitRepoUrl": None,
            "inputCost": pytest.approx(INPUT_COST),
            "outputCost": pytest.approx(OUTPUT_COST),
            "totalCost": pytest.approx(INPUT_COST + OUTPUT_COST),
            "usage": {"inputTokens": 1000, "outputTokens": 200, "totalTokens": 1200},
            "observationCount": 3,
            "htmlPath": f"/project/{project_id}/traces/{ids['trace']}",
            # The list's one-line previews of the payloads.
            "inputPreview": '{"question":"What does AgentTrace store?"}',
            "outputPreview": '{"answer":"Traces, observations and scores."}',
        }
    )
    assert trace["totalCost"] == generation["totalCost"]

    assert without_clock(span) == observation(
        ids,
        project_id,
        "span",
        "SPAN",
        name="retrieve",
        input={"query": "agenttrace storage"},
        output={"documents": 2},
        metadata={"index": "docs"},
    )
    assert without_clock(event) == observation(
        ids,
        project_id,
        "event",
        "EVENT",
        parentObservationId=ids["span"],
        name="cache-miss",
        level="WARNING",
        statusMessage="cold cache",
        input={"key": "agenttrace storage"},
    )
    assert without_clock(generation) == observation(
        ids,
        project_id,
        "generation",
        "GENERATION",
        parentObservationId=ids["span"],
        name="answer",
        input=[
            {"role": "system", "content": "Answer briefly."},
            {"role": "user", "content": "What does AgentTrace store?"},
        ],
        output={"role": "assistant", "content": "Traces, observations and scores."},
        model="gpt-4o",
        modelId="gpt-4o",
        modelParameters={"temperature": "0.2", "max_tokens": 100},  # 2.x stringifies floats
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
    )

    # Times are the SDK's own clock: ended observations have an end, the trace spans them all.
    # Latencies come from the stored microseconds, the ISO times are served in milliseconds.
    assert event["endTime"] is None
    assert at(trace["startTime"]) <= at(span["startTime"]) <= at(generation["startTime"])
    assert at(generation["startTime"]) <= at(generation["endTime"]) <= at(span["endTime"])
    assert at(span["endTime"]) == at(trace["endTime"])
    assert generation["latency"] == pytest.approx(
        (at(generation["endTime"]) - at(generation["startTime"])).total_seconds(), abs=1e-3
    )
    assert trace["latency"] == pytest.approx(
        (at(trace["endTime"]) - at(trace["startTime"])).total_seconds(), abs=1e-3
    )

    assert {key: without_clock(body) for key, body in scores.items()} == {
        "numericScore": score(
            ids,
            project_id,
            "numericScore",
            name="accuracy",
            value=0.9,
            dataType="NUMERIC",
            comment="close enough",
        ),
        "generationScore": score(
            ids,
            project_id,
            "generationScore",
            name="relevance",
            value=0.75,
            dataType="NUMERIC",
            observationId=ids["generation"],
        ),
        "categoricalScore": score(
            ids,
            project_id,
            "categoricalScore",
            name="tone",
            value=None,
            stringValue="friendly",
            dataType="CATEGORICAL",
        ),
        "booleanScore": score(
            ids,
            project_id,
            "booleanScore",
            name="helpful",
            value=1.0,
            stringValue="True",
            dataType="BOOLEAN",
        ),
    }
    assert all(body["timestamp"] is not None for body in scores.values())

    # The SDK's own fetch_* methods parse our Langfuse-dialect answers into its models and
    # find the same numbers as /v1.
    observation_ids = sorted(ids[k] for k in ("span", "event", "generation"))
    score_ids = sorted(
        ids[k] for k in ("numericScore", "generationScore", "categoricalScore", "booleanScore")
    )
    assert reads == {
        "traces": [
            {
                "id": ids["trace"],
                "latency": pytest.approx(trace["latency"]),
                "totalCost": pytest.approx(trace["totalCost"]),
                "observations": observation_ids,
                "scores": score_ids,
            }
        ],
        "trace": {
            "id": ids["trace"],
            "latency": pytest.approx(trace["latency"]),
            "totalCost": pytest.approx(trace["totalCost"]),
            "observations": observation_ids,
            "scores": ["accuracy", "helpful", "relevance", "tone"],
        },
        "observations": sorted(
            [[ids["span"], "SPAN"], [ids["event"], "EVENT"], [ids["generation"], "GENERATION"]]
        ),
        "generation": {
            "model": "gpt-4o",
            "usage": [1000, 200, 1200],
            "calculatedTotalCost": pytest.approx(INPUT_COST + OUTPUT_COST),
            "modelParameters": {"temperature": "0.2", "max_tokens": 100},
        },
        "sessions": [ids["session"]],
    }
