"""Project model prices through /v1/models and Langfuse's /api/public/models: they price new
generations ahead of the built-in table; bad definitions are refused; projects are apart."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agenttrace.db import Database
from tests.conftest import ProjectKeys, make_project


async def generation(
    client: httpx.AsyncClient, project: ProjectKeys, model: str, **extra: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/observations",
        json={
            "traceId": "t-models",
            "type": "generation",
            "model": model,
            "usage": {"input": 1000, "output": 100},
            **extra,
        },
        headers=project.bearer,
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_a_project_model_prices_its_generations(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    assert (await generation(client, project, "in-house-llm"))["totalCost"] is None
    created = await client.post(
        "/v1/models",
        json={
            "modelName": "in-house",
            "matchPattern": "(?i)^in-house-llm(-v\\d+)?$",
            "prices": {"input": 1e-6, "output": 4e-6},
        },
        headers=project.bearer,
    )
    assert created.status_code == 201
    body = created.json()
    assert {k: body[k] for k in ("modelName", "prices", "unit", "builtIn")} == {
        "modelName": "in-house",
        "prices": {"input": 1e-6, "output": 4e-6},
        "unit": "TOKENS",
        "builtIn": False,
    }
    priced = await generation(client, project, "in-house-llm-v2")
    assert priced["modelId"] == "in-house"
    assert priced["costDetails"] == pytest.approx({"input": 1e-3, "output": 4e-4, "total": 1.4e-3})


async def test_a_project_model_wins_over_the_built_in_one(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    builtin = await generation(client, project, "gpt-4o")
    assert builtin["totalCost"] == pytest.approx(1000 * 2.5e-6 + 100 * 1e-5)
    created = await client.post(
        "/v1/models",
        json={
            "modelName": "our-gpt-4o",
            "matchPattern": "gpt-4o",
            "prices": {"input": 1e-6, "output": 1e-6},
        },
        headers=project.bearer,
    )
    model_id = created.json()["id"]
    assert (await generation(client, project, "gpt-4o"))["totalCost"] == pytest.approx(1.1e-3)
    assert (
        await client.delete(f"/v1/models/{model_id}", headers=project.bearer)
    ).status_code == 204
    assert (await client.get(f"/v1/models/{model_id}", headers=project.bearer)).status_code == 404
    assert (await generation(client, project, "gpt-4o"))["totalCost"] == pytest.approx(
        builtin["totalCost"]
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"matchPattern": "x", "prices": {"input": 1}}, "modelName"),
        ({"modelName": "m", "matchPattern": "(", "prices": {"input": 1}}, "matchPattern"),
        ({"modelName": "m", "matchPattern": "m", "prices": {}}, "prices"),
        ({"modelName": "m", "matchPattern": "m", "prices": {"input": -1}}, "prices.input"),
        ({"modelName": "m", "matchPattern": "m", "prices": {"input": 1}, "unit": "LITRES"}, "unit"),
    ],
)
async def test_bad_model_definitions_are_400(
    client: httpx.AsyncClient, project: ProjectKeys, body: dict[str, Any], field: str
) -> None:
    response = await client.post("/v1/models", json=body, headers=project.bearer)
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"field": field}


async def test_lists_show_project_models_then_built_in_ones(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    await client.post(
        "/v1/models",
        json={"modelName": "mine", "matchPattern": "mine", "prices": {"input": 1e-6}},
        headers=project.bearer,
    )
    own = (await client.get("/v1/models", headers=project.bearer)).json()["data"]
    assert [m["modelName"] for m in own] == ["mine"]
    everything = (
        await client.get("/v1/models", params={"includeBuiltIn": "true"}, headers=project.bearer)
    ).json()["data"]
    assert everything[0]["modelName"] == "mine"
    assert any(m["modelName"] == "gpt-4o" and m["builtIn"] for m in everything)
    other = await make_project(database)
    assert (await client.get("/v1/models", headers=other.bearer)).json()["data"] == []
    assert (await client.get(f"/v1/models/{own[0]['id']}", headers=other.bearer)).status_code == 404


async def test_langfuse_models_api(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    created = await client.post(
        "/api/public/models",
        json={
            "modelName": "lf-model",
            "matchPattern": "(?i)^lf-model$",
            "inputPrice": 2e-6,
            "outputPrice": 8e-6,
            "unit": "TOKENS",
        },
        auth=project.basic,
    )
    assert created.status_code == 200
    model = created.json()
    assert model["prices"] == {"input": {"price": 2e-6}, "output": {"price": 8e-6}}
    assert (model["inputPrice"], model["outputPrice"], model["isLangfuseManaged"]) == (
        2e-6,
        8e-6,
        False,
    )
    listed = (
        await client.get("/api/public/models", params={"limit": 100}, auth=project.basic)
    ).json()
    assert listed["data"][0]["id"] == model["id"]
    assert listed["meta"]["totalItems"] > 100
    builtin = next(m for m in listed["data"] if m["isLangfuseManaged"])
    assert (
        await client.get(f"/api/public/models/{builtin['id']}", auth=project.basic)
    ).json() == builtin
    refused = await client.delete(f"/api/public/models/{builtin['id']}", auth=project.basic)
    assert refused.status_code == 403
    deleted = await client.delete(f"/api/public/models/{model['id']}", auth=project.basic)
    assert deleted.json() == {"message": "Model successfully deleted"}
    assert (await generation(client, project, "lf-model"))["totalCost"] is None
