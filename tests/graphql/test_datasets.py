"""Datasets through GraphQL on both databases: the operations of ``graphql/operations``
answer what ``/v1`` answers, and a list of datasets with their runs costs the same
number of statements whatever its length (every relation through a loader)."""

from __future__ import annotations

from typing import Any

import httpx

from agenttrace.db import Database
from tests.conftest import ProjectKeys, make_project
from tests.graphql.conftest import data, operation, statements


async def _post(client: httpx.AsyncClient, project: ProjectKeys, path: str, body: Any) -> Any:
    response = await client.post(path, json=body, headers=project.bearer)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _dataset_with_runs(client: httpx.AsyncClient, project: ProjectKeys, name: str) -> None:
    await _post(client, project, "/v1/datasets", {"name": name})
    for n in (1, 2):
        await _post(
            client, project, f"/v1/datasets/{name}/items", {"id": f"{name}-{n}", "input": n}
        )
        await _post(client, project, "/v1/traces", {"id": f"{name}-t{n}", "output": n * 10})
        await _post(
            client,
            project,
            "/v1/scores",
            {"traceId": f"{name}-t{n}", "name": "acc", "value": n - 1},
        )
    await data(
        client, project, operation("CreateDatasetRun"), datasetId=name,
        input={"name": "r1", "items": [{"datasetItemId": f"{name}-{n}", "traceId": f"{name}-t{n}"} for n in (1, 2)]},
    )  # fmt: skip


async def test_dataset_operations_answer_what_v1_answers(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _dataset_with_runs(client, project, "qa")
    await _post(
        client,
        project,
        "/v1/datasets/qa/runs",
        {"name": "r2", "items": [{"datasetItemId": "qa-1", "traceId": "qa-t2"}]},
    )
    detail = (await data(client, project, operation("DatasetDetail"), id="qa", first=1))["dataset"]
    assert detail["items"]["totalCount"] == 2
    assert detail["items"]["pageInfo"]["hasNextPage"] is True
    after = detail["items"]["pageInfo"]["endCursor"]
    rest_page = (await client.get("/v1/datasets/qa/items", headers=project.bearer)).json()["data"]
    second = (
        await data(client, project, operation("DatasetDetail"), id="qa", first=1, after=after)
    )["dataset"]
    assert [n["id"] for n in detail["items"]["nodes"] + second["items"]["nodes"]] == [
        i["id"] for i in rest_page
    ]

    rest_run = (await client.get("/v1/datasets/qa/runs/r1", headers=project.bearer)).json()
    run = (await data(client, project, operation("DatasetRunDetail"), id=rest_run["id"]))[
        "datasetRun"
    ]
    assert [(i["datasetItemId"], i["output"], [s["value"] for s in i["scores"]], i["trace"]["id"]) for i in run["items"]] == [
        (i["datasetItemId"], i["output"], [s["value"] for s in i["scores"]], i["traceId"]) for i in rest_run["items"]
    ]  # fmt: skip
    assert run["summary"] == {
        **rest_run["summary"],
        "scores": [{"name": "acc", "average": 0.5, "count": 2}],
    }

    rest_compare = (
        await client.get(
            "/v1/datasets/qa/runs/compare", params={"runIds": "r1,r2"}, headers=project.bearer
        )
    ).json()
    compared = (
        await data(client, project, operation("RunComparison"), datasetId="qa", runIds=["r1", "r2"])
    )["datasetRunComparison"]
    assert [r["summary"]["totalCost"] for r in compared["runs"]] == [
        r["summary"]["totalCost"] for r in rest_compare["runs"]
    ]
    assert [
        [(r["runId"], r["output"], r["scores"]) for r in i["results"]] for i in compared["items"]
    ] == [
        [(run_id, v["output"], v["scores"]) for run_id, v in i["runs"].items() if v is not None]
        for i in rest_compare["items"]
    ]


async def test_a_dataset_list_with_runs_costs_the_same_statements_at_any_length(
    client: httpx.AsyncClient, database: Database
) -> None:
    small, large = await make_project(database), await make_project(database)
    await _dataset_with_runs(client, small, "a")
    for name in ("a", "b", "c", "d"):
        await _dataset_with_runs(client, large, name)
    counts = []
    for project in (small, large):
        with statements() as seen:
            found = (await data(client, project, operation("DatasetList")))["datasets"]
        counts.append(len([s for s in seen if "api_key" not in s]))
        assert all(len(d["runs"]) == 1 and d["itemCount"] == 2 for d in found["nodes"])
    assert counts[0] == counts[1]
