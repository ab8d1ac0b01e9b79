"""Our REST writes: traces, observations and scores through /v1, with the seed examples,
merge rules, costs, bad input, scopes and project isolation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agenttrace.db import Database
from tests.conftest import ProjectKeys, make_project


async def post(
    client: httpx.AsyncClient, project: ProjectKeys, path: str, body: Any
) -> httpx.Response:
    return await client.post(path, json=body, headers=project.bearer)


# Tests for the seed index examples


async def test_seed_example_trace_generation_and_score(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace = await post(
        client,
        project,
        "/v1/traces",
        {"name": "code-review", "input": {"file": "main.py"}, "metadata": {"repository": "my-app"}},
    )
    assert trace.status_code == 201
    trace_id = trace.json()["id"]
    assert len(trace_id) == 32
    generation = await post(
        client,
        project,
        "/v1/observations",
        {
            "traceId": trace_id,
            "type": "generation",
            "name": "analyze-code",
            "model": "claude-3-sonnet",
            "input": [{"role": "user", "content": "Review this code..."}],
            "output": "The code looks good...",
            "usage": {"inputTokens": 150, "outputTokens": 200},
        },
    )
    assert generation.status_code == 201
    body = generation.json()
    assert body["type"] == "GENERATION"
    assert body["usage"] == {"inputTokens": 150, "outputTokens": 200, "totalTokens": 350}
    assert body["usageDetails"] == {"input": 150, "output": 200, "total": 350}
    assert body["modelId"] == "claude-3-sonnet"
    assert body["costDetails"] == pytest.approx(
        {"input": 150 * 3e-6, "output": 200 * 15e-6, "total": 0.00345}
    )
    score = await post(
        client,
        project,
        "/v1/scores",
        {"traceId": trace_id, "name": "quality", "value": 0.95, "comment": "High-quality review"},
    )
    assert score.status_code == 201
    assert score.json()["dataType"] == "NUMERIC"
    assert score.json()["value"] == 0.95

    stored = (await client.get(f"/v1/traces/{trace_id}", headers=project.bearer)).json()
    assert stored["name"] == "code-review"
    assert stored["metadata"] == {"repository": "my-app"}
    assert stored["observationCount"] == 1
    assert stored["usage"] == {"inputTokens": 150, "outputTokens": 200, "totalTokens": 350}
    assert stored["totalCost"] == pytest.approx(0.00345)
    assert stored["inputCost"] == pytest.approx(0.00045)
    assert stored["outputCost"] == pytest.approx(0.003)


async def test_seed_error_example_missing_trace_id(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await post(client, project, "/v1/observations", {"type": "span", "name": "x"})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid_request",
            "message": "The 'traceId' field is required",
            "details": {"field": "traceId"},
        }
    }


# Tests for merging


async def test_posting_a_trace_id_again_merges(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    first = {"id": "merge-me", "name": "n", "userId": "u", "metadata": {"a": 1}, "tags": ["x"]}
    await post(client, project, "/v1/traces", first)
    second = {
        "id": "merge-me",
        "userId": None,
        "metadata": {"b": 2},
        "tags": ["y"],
        "release": "r2",
    }
    merged = (await post(client, project, "/v1/traces", second)).json()
    assert merged["name"] == "n"
    assert merged["userId"] == "u"
    assert merged["metadata"] == {"a": 1, "b": 2}
    assert merged["tags"] == ["x", "y"]
    assert merged["release"] == "r2"


async def test_patch_trace_updates_given_fields(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace_id = (
        await post(client, project, "/v1/traces", {"name": "before", "tags": ["a"]})
    ).json()["id"]
    response = await client.patch(
        f"/v1/traces/{trace_id}",
        json={"name": "after", "bookmarked": True, "output": {"ok": True}, "tags": ["b"]},
        headers=project.bearer,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["bookmarked"], body["output"], body["tags"]) == (
        "after",
        True,
        {"ok": True},
        ["a", "b"],
    )


async def test_patch_of_unknown_ids_is_404(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    for path in ("/v1/traces/nope", "/v1/observations/nope"):
        response = await client.patch(path, json={"name": "x"}, headers=project.bearer)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


async def test_observation_for_unknown_trace_creates_the_trace(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await post(
        client,
        project,
        "/v1/observations",
        {
            "traceId": "implied",
            "type": "Tool",
            "name": "grep",
            "startTime": "2026-01-01T10:00:00Z",
            "endTime": "2026-01-01T10:00:02.5Z",
        },
    )
    assert response.status_code == 201
    assert response.json()["type"] == "TOOL"
    assert response.json()["latency"] == 2.5
    trace = (await client.get("/v1/traces/implied", headers=project.bearer)).json()
    assert trace["timestamp"] == "2026-01-01T10:00:00.000Z"
    assert trace["latency"] == 2.5
    assert trace["observationCount"] == 1


async def test_patch_observation_ends_it_and_updates_trace_aggregates(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await post(
        client,
        project,
        "/v1/observations",
        {
            "id": "gen-1",
            "traceId": "agg",
            "type": "GENERATION",
            "model": "gpt-4o",
            "startTime": "2026-01-01T00:00:00Z",
        },
    )
    response = await client.patch(
        "/v1/observations/gen-1",
        json={
            "endTime": "2026-01-01T00:00:03Z",
            "usage": {"input": 1000, "output": 100},
            "level": "error",
        },
        headers=project.bearer,
    )
    assert response.status_code == 200
    assert response.json()["totalCost"] == pytest.approx(1000 * 2.5e-6 + 100 * 1e-5)
    trace = (await client.get("/v1/traces/agg", headers=project.bearer)).json()
    assert trace["latency"] == 3.0
    assert trace["level"] == "ERROR"
    assert trace["totalCost"] == pytest.approx(0.0035)


# Tests for bad input


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/traces", {"name": ["not", "a", "string"]}, "name"),
        ("/v1/traces", {"timestamp": "yesterday"}, "timestamp"),
        ("/v1/traces", {"tags": "x"}, "tags"),
        ("/v1/observations", {"traceId": "t", "type": "thought"}, "type"),
        ("/v1/observations", {"traceId": "t", "level": "LOUD"}, "level"),
        ("/v1/observations", {"traceId": "t", "usage": {"inputTokens": -5}}, "usage.inputTokens"),
        (
            "/v1/observations",
            {"traceId": "t", "costDetails": {"input": "free"}},
            "costDetails.input",
        ),
        ("/v1/observations", {"traceId": "t", "promptName": "p"}, "promptVersion"),
        ("/v1/scores", {"name": "q", "value": 1}, "traceId"),
        ("/v1/scores", {"traceId": "t", "name": "q"}, "value"),
        (
            "/v1/scores",
            {"traceId": "t", "name": "q", "value": "yes", "dataType": "NUMERIC"},
            "value",
        ),
        ("/v1/scores", {"traceId": "t", "name": "q", "value": 1, "dataType": "VIBES"}, "dataType"),
        ("/v1/scores", {"traceId": "t", "value": 1}, "name"),
    ],
)
async def test_bad_input_is_400_naming_the_field(
    client: httpx.AsyncClient, project: ProjectKeys, path: str, body: dict[str, Any], field: str
) -> None:
    response = await post(client, project, path, body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["details"] == {"field": field}


async def test_malformed_and_non_object_json_is_400(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    broken = await client.post(
        "/v1/traces",
        content=b'{"name": ',
        headers={**project.bearer, "Content-Type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.json()["error"]["message"].startswith("Malformed JSON body:")
    assert broken.json()["error"]["details"] == {"field": "body"}
    listed = await post(client, project, "/v1/traces", [1, 2])
    assert listed.status_code == 400
    assert listed.json()["error"]["message"] == "Expected a JSON object, got list"


async def test_nul_characters_are_removed_on_every_database(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await post(
        client, project, "/v1/traces", {"name": "a\u0000b", "input": {"k\u0000": "v\u0000w"}}
    )
    assert response.status_code == 201
    assert response.json()["name"] == "ab"
    assert response.json()["input"] == {"k": "vw"}


# Tests for scores


@pytest.mark.parametrize(
    ("given", "data_type", "value", "string_value"),
    [
        ({"value": 0.5}, "NUMERIC", 0.5, None),
        ({"value": True}, "BOOLEAN", 1.0, "True"),
        ({"value": "false"}, "BOOLEAN", 0.0, "False"),
        ({"value": 1, "dataType": "boolean"}, "BOOLEAN", 1.0, "True"),
        ({"value": "good"}, "CATEGORICAL", None, "good"),
        ({"stringValue": "bad", "dataType": "CATEGORICAL"}, "CATEGORICAL", None, "bad"),
        ({"value": 2, "stringValue": "two"}, "CATEGORICAL", 2.0, "two"),
    ],
    ids=[
        "number",
        "bool",
        "bool-string",
        "declared-boolean",
        "label",
        "string-value",
        "label-with-value",
    ],
)
async def test_score_data_type_is_checked_or_inferred(
    client: httpx.AsyncClient,
    project: ProjectKeys,
    given: dict[str, Any],
    data_type: str,
    value: float | None,
    string_value: str | None,
) -> None:
    response = await post(client, project, "/v1/scores", {"traceId": "t", "name": "s", **given})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["dataType"], body["value"], body["stringValue"], body["source"]) == (
        data_type,
        value,
        string_value,
        "API",
    )


async def test_score_delete_then_404(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    score_id = (
        await post(client, project, "/v1/scores", {"sessionId": "s1", "name": "n", "value": 1})
    ).json()["id"]
    deleted = await client.delete(f"/v1/scores/{score_id}", headers=project.bearer)
    assert deleted.status_code == 204
    assert (await client.get(f"/v1/scores/{score_id}", headers=project.bearer)).status_code == 404
    again = await client.delete(f"/v1/scores/{score_id}", headers=project.bearer)
    assert again.status_code == 404


async def test_public_key_alone_may_create_a_score_but_not_a_trace(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    headers = {"Authorization": f"Bearer {project.public_key}"}
    score = await client.post(
        "/v1/scores", json={"traceId": "t", "name": "thumbs", "value": 1}, headers=headers
    )
    assert score.status_code == 201
    assert set(score.json()) == {"id"}
    stored = await client.get(f"/v1/scores/{score.json()['id']}", headers=project.bearer)
    assert stored.json()["name"] == "thumbs"
    trace = await client.post("/v1/traces", json={"name": "x"}, headers=headers)
    assert trace.status_code == 403


# Tests for scopes and isolation


async def test_key_without_the_scope_is_403(client: httpx.AsyncClient, database: Database) -> None:
    reader = await make_project(database, scopes=["traces:read"])
    response = await client.post("/v1/traces", json={"name": "x"}, headers=reader.bearer)
    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "code": "forbidden",
            "message": "This API key lacks the 'traces:write' scope",
            "details": {},
        }
    }
    scores = await client.post(
        "/v1/scores", json={"traceId": "t", "name": "n", "value": 1}, headers=reader.bearer
    )
    assert scores.status_code == 403


async def test_another_projects_ids_answer_404(
    client: httpx.AsyncClient, database: Database
) -> None:
    owner, other = await make_project(database), await make_project(database)
    trace_id = (await post(client, owner, "/v1/traces", {"name": "private"})).json()["id"]
    obs = (
        await post(client, owner, "/v1/observations", {"traceId": trace_id, "name": "o"})
    ).json()["id"]
    score = (
        await post(client, owner, "/v1/scores", {"traceId": trace_id, "name": "s", "value": 1})
    ).json()["id"]
    for path in (f"/v1/traces/{trace_id}", f"/v1/observations/{obs}", f"/v1/scores/{score}"):
        assert (await client.get(path, headers=other.bearer)).status_code == 404
    assert (
        await client.patch(f"/v1/traces/{trace_id}", json={"name": "x"}, headers=other.bearer)
    ).status_code == 404
    assert (await client.delete(f"/v1/scores/{score}", headers=other.bearer)).status_code == 404
    # The same id written by the other project is its own, separate trace.
    theirs = await post(client, other, "/v1/traces", {"id": trace_id, "name": "theirs"})
    assert theirs.json()["name"] == "theirs"
    mine = (await client.get(f"/v1/traces/{trace_id}", headers=owner.bearer)).json()
    assert mine["name"] == "private"
