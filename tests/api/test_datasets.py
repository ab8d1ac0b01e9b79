"""Datasets, items and runs through ``/v1`` and Langfuse's API on both databases: paging
past 50 items, runs made with their items, results and a comparison's numbers, imports
with bad rows reported by line, and the bad-input cases."""

from __future__ import annotations

from typing import Any

import httpx

from agenttrace.core.datasets import ids
from agenttrace.db import Database
from tests.conftest import ProjectKeys, make_project


async def _post(client: httpx.AsyncClient, project: ProjectKeys, path: str, body: Any) -> Any:
    response = await client.post(path, json=body, headers=project.bearer)
    assert response.status_code in (200, 201), f"{path}: {response.status_code} {response.text}"
    return response.json()


async def _get(client: httpx.AsyncClient, project: ProjectKeys, path: str, **query: Any) -> Any:
    response = await client.get(path, params=query, headers=project.bearer)
    assert response.status_code == 200, f"{path}: {response.status_code} {response.text}"
    return response.json()


async def _dataset(client: httpx.AsyncClient, project: ProjectKeys, name: str = "qa") -> Any:
    return await _post(client, project, "/v1/datasets", {"name": name, "description": "d"})


# Tests for datasets and items


async def test_a_dataset_is_found_by_id_or_name_and_its_name_is_unique(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    created = await _dataset(client, project)
    assert created == {
        "id": created["id"], "projectId": project.project_id, "name": "qa", "description": "d",
        "metadata": None, "inputSchema": None, "expectedOutputSchema": None,
        "createdAt": created["createdAt"], "updatedAt": created["updatedAt"],
    }  # fmt: skip
    assert (await _get(client, project, f"/v1/datasets/{created['id']}"))["name"] == "qa"
    assert (await _get(client, project, "/v1/datasets/qa"))["id"] == created["id"]
    again = await client.post("/v1/datasets", json={"name": "qa"}, headers=project.bearer)
    assert again.status_code == 409
    assert again.json()["error"]["details"] == {"field": "name"}
    patched = await client.patch(
        "/v1/datasets/qa", json={"description": "new", "metadata": {"k": 1}}, headers=project.bearer
    )
    assert (patched.json()["description"], patched.json()["metadata"]) == ("new", {"k": 1})
    listed = await _get(client, project, "/v1/datasets")
    assert [d["name"] for d in listed["data"]] == ["qa"]
    assert (await client.delete("/v1/datasets/qa", headers=project.bearer)).status_code == 204
    assert (await client.get("/v1/datasets/qa", headers=project.bearer)).status_code == 404


async def test_items_page_past_fifty_on_both_faces(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _dataset(client, project)
    items = [{"input": {"n": n}, "expectedOutput": n * 2} for n in range(60)]
    batch = await _post(client, project, "/v1/datasets/qa/items/batch", {"items": items})
    assert batch["count"] == 60
    first = await _get(client, project, "/v1/datasets/qa/items")
    assert len(first["data"]) == 50
    assert first["meta"]["totalCount"] == 60
    assert first["meta"]["hasMore"] is True
    rest = await _get(client, project, "/v1/datasets/qa/items", cursor=first["meta"]["nextCursor"])
    assert [i["input"]["n"] for i in first["data"] + rest["data"]] == list(range(60))
    pages = []
    for page in (1, 2):
        response = await client.get(
            "/api/public/dataset-items",
            params={"datasetName": "qa", "page": page, "limit": 50},
            auth=project.basic,
        )
        pages.append(response.json())
    assert [p["meta"] for p in pages] == [
        {"page": 1, "limit": 50, "totalItems": 60, "totalPages": 2},
        {"page": 2, "limit": 50, "totalItems": 60, "totalPages": 2},
    ]
    assert [i["input"]["n"] for p in pages for i in p["data"]] == list(range(60))
    one = pages[0]["data"][0]
    assert {k: one[k] for k in ("datasetName", "status", "expectedOutput", "metadata", "mediaReferences")} == {
        "datasetName": "qa", "status": "ACTIVE", "expectedOutput": 0, "metadata": None,
        "mediaReferences": [],
    }  # fmt: skip


async def test_items_upsert_by_id_update_archive_and_come_from_traces(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _dataset(client, project)
    item = await _post(client, project, "/v1/datasets/qa/items", {"id": "i-1", "input": "a"})
    again = await _post(
        client, project, "/v1/datasets/qa/items", {"id": "i-1", "expectedOutput": "b"}
    )
    assert (item["id"], again["input"], again["expectedOutput"]) == ("i-1", "a", "b")
    archived = await client.patch(
        "/v1/datasets/qa/items/i-1", json={"status": "archived"}, headers=project.bearer
    )
    assert archived.json()["status"] == "ARCHIVED"
    active = await _get(client, project, "/v1/datasets/qa/items", status="ACTIVE")
    assert active["data"] == []
    await _post(
        client, project, "/v1/traces", {"id": "t-src", "input": {"q": 1}, "output": {"a": 2}}
    )
    copied = await _post(client, project, "/v1/datasets/qa/items/from-trace", {"traceId": "t-src"})
    assert (copied["input"], copied["expectedOutput"], copied["sourceTraceId"]) == (
        {"q": 1}, {"a": 2}, "t-src",
    )  # fmt: skip
    assert (
        await client.delete("/v1/datasets/qa/items/i-1", headers=project.bearer)
    ).status_code == 204
    other = await _dataset(client, project, "other")
    moved = await client.post(
        f"/v1/datasets/{other['id']}/items",
        json={"id": copied["id"], "input": 1},
        headers=project.bearer,
    )
    assert moved.status_code == 409


async def test_imports_load_json_csv_and_jsonl_and_report_bad_rows_by_line(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _dataset(client, project)

    async def upload(content: str, format: str) -> httpx.Response:
        return await client.post(
            "/v1/datasets/qa/items/import",
            params={"format": format},
            content=content.encode(),
            headers=project.bearer,
        )

    csv_file = 'input,expected_output,metadata\nhello,world,"{""k"": 1}"\n"{""q"": 2}",,\n'
    jsonl_file = (
        '{"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"},'
        ' {"role": "assistant", "content": "a"}], "id": 7}\n'
    )
    assert (await upload(csv_file, "csv")).json()["count"] == 2
    assert (await upload(jsonl_file, "jsonl")).json()["count"] == 1
    assert (await upload('{"items": [{"input": "j"}]}', "json")).json()["count"] == 1
    items = (await _get(client, project, "/v1/datasets/qa/items"))["data"]
    assert [(i["input"], i["expectedOutput"], i["metadata"]) for i in items] == [
        ("hello", "world", {"k": 1}),
        ({"q": 2}, None, None),
        ([{"role": "system", "content": "s"}, {"role": "user", "content": "u"}], "a", {"id": 7}),
        ("j", None, None),
    ]
    bad_csv = await upload("input,metadata\nok,\n,\nfine,[1]\n", "csv")
    assert bad_csv.status_code == 400
    assert bad_csv.json()["error"] == {
        "code": "invalid_request",
        "message": "2 bad rows, nothing imported: line 3: input is empty; "
        "line 4: metadata must be a JSON object",
        "details": {"field": "line 3"},
    }
    bad_jsonl = await upload(jsonl_file + "not json\n" + '{"messages": []}\n', "jsonl")
    assert bad_jsonl.status_code == 400
    assert bad_jsonl.json()["error"]["message"].startswith(
        "2 bad rows, nothing imported: line 2: not JSON"
    )
    assert "line 3: the messages need an assistant message" in bad_jsonl.json()["error"]["message"]
    assert len((await _get(client, project, "/v1/datasets/qa/items"))["data"]) == 4


# Tests for runs


async def _traced(client: httpx.AsyncClient, project: ProjectKeys, trace_id: str, output: Any,
                  cost: float, score: float, seconds: int) -> None:  # fmt: skip
    await _post(client, project, "/v1/traces", {"id": trace_id, "output": output})
    await _post(
        client, project, "/v1/observations",
        {"traceId": trace_id, "type": "generation", "startTime": "2026-01-01T00:00:00Z",
         "endTime": f"2026-01-01T00:00:0{seconds}Z", "costDetails": {"total": cost}},
    )  # fmt: skip
    await _post(
        client, project, "/v1/scores", {"traceId": trace_id, "name": "accuracy", "value": score}
    )


async def test_a_run_made_with_its_items_shows_each_items_output_latency_cost_and_scores(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    dataset = await _dataset(client, project)
    for n in (1, 2):
        await _post(client, project, "/v1/datasets/qa/items", {"id": f"item-{n}", "input": n})
    await _traced(client, project, "ta1", "A1", 0.5, 1.0, 2)
    await _traced(client, project, "ta2", "A2", 1.5, 0.0, 4)
    await _traced(client, project, "tb1", "B1", 0.25, 1.0, 1)
    run_a = await _post(
        client, project, "/v1/datasets/qa/runs",
        {"name": "run-a", "items": [{"datasetItemId": "item-1", "traceId": "ta1"},
                                    {"datasetItemId": "item-2", "traceId": "ta2"}]},
    )  # fmt: skip
    assert run_a["id"] == ids.run_id(project.project_id, dataset["id"], "run-a")
    await _post(
        client, project, "/v1/datasets/qa/runs",
        {"name": "run-b", "items": [{"datasetItemId": "item-1", "traceId": "tb1"}]},
    )  # fmt: skip
    await _post(
        client,
        project,
        "/v1/scores",
        {"datasetRunId": run_a["id"], "name": "overall", "value": 0.5},
    )
    duplicate = await client.post(
        "/v1/datasets/qa/runs", json={"name": "run-a"}, headers=project.bearer
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["details"] == {"field": "name"}

    detail = await _get(client, project, "/v1/datasets/qa/runs/run-a")
    assert [(i["datasetItemId"], i["output"], i["latency"], i["totalCost"]) for i in detail["items"]] == [
        ("item-1", "A1", 2.0, 0.5), ("item-2", "A2", 4.0, 1.5),
    ]  # fmt: skip
    assert [[s["value"] for s in i["scores"]] for i in detail["items"]] == [[1.0], [0.0]]
    assert [s["name"] for s in detail["scores"]] == ["overall"]
    assert detail["summary"] == {
        "itemCount": 2, "averageLatency": 3.0, "totalCost": 2.0, "averageCost": 1.0,
        "scores": {"accuracy": {"average": 0.5, "count": 2}},
    }  # fmt: skip

    compared = await _get(client, project, "/v1/datasets/qa/runs/compare", runIds="run-a,run-b")
    run_b_id = ids.run_id(project.project_id, dataset["id"], "run-b")
    assert [(r["name"], r["summary"]["totalCost"], r["summary"]["averageLatency"]) for r in compared["runs"]] == [
        ("run-a", 2.0, 3.0), ("run-b", 0.25, 1.0),
    ]  # fmt: skip
    assert compared["items"] == [
        {"datasetItemId": "item-1", "input": 1, "expectedOutput": None, "runs": {
            run_a["id"]: {"traceId": "ta1", "observationId": None, "output": "A1", "latency": 2.0,
                          "totalCost": 0.5, "scores": {"accuracy": 1.0}},
            run_b_id: {"traceId": "tb1", "observationId": None, "output": "B1", "latency": 1.0,
                       "totalCost": 0.25, "scores": {"accuracy": 1.0}}}},
        {"datasetItemId": "item-2", "input": 2, "expectedOutput": None, "runs": {
            run_a["id"]: {"traceId": "ta2", "observationId": None, "output": "A2", "latency": 4.0,
                          "totalCost": 1.5, "scores": {"accuracy": 0.0}},
            run_b_id: None}},
    ]  # fmt: skip
    listed = await _get(client, project, "/v1/datasets/qa/runs")
    assert [r["name"] for r in listed["data"]] == ["run-b", "run-a"]


async def test_dataset_run_items_make_the_run_on_first_use_with_the_stable_id(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    created = await client.post(
        "/api/public/v2/datasets", json={"name": "lf", "metadata": None}, auth=project.basic
    )
    dataset = created.json()
    assert created.status_code == 200
    assert dataset["metadata"] is None
    upserted = await client.post(
        "/api/public/v2/datasets", json={"name": "lf", "description": "x"}, auth=project.basic
    )
    assert upserted.json()["id"] == dataset["id"]
    assert upserted.json()["description"] == "x"
    item = (await client.post(
        "/api/public/dataset-items", json={"datasetName": "lf", "input": "q", "id": None}, auth=project.basic
    )).json()  # fmt: skip
    body = {"runName": "exp", "runDescription": "first", "metadata": {"m": 1},
            "datasetItemId": item["id"], "traceId": "not-yet-sent", "observationId": "obs-1"}  # fmt: skip
    linked = await client.post("/api/public/dataset-run-items", json=body, auth=project.basic)
    assert linked.status_code == 200, linked.text
    run_id = ids.run_id(project.project_id, dataset["id"], "exp")
    assert linked.json() == {
        "id": linked.json()["id"], "datasetRunId": run_id, "datasetRunName": "exp",
        "datasetItemId": item["id"], "traceId": "not-yet-sent", "observationId": "obs-1",
        "createdAt": linked.json()["createdAt"], "updatedAt": linked.json()["updatedAt"],
    }  # fmt: skip
    again = await client.post(
        "/api/public/dataset-run-items", json={**body, "runDescription": None}, auth=project.basic
    )
    assert again.json()["id"] == linked.json()["id"]
    run = (await client.get("/api/public/datasets/lf/runs/exp", auth=project.basic)).json()
    assert (run["id"], run["description"], run["metadata"]) == (run_id, "first", {"m": 1})
    assert [i["traceId"] for i in run["datasetRunItems"]] == ["not-yet-sent"]
    runs = (await client.get("/api/public/datasets/lf/runs", auth=project.basic)).json()
    assert runs["meta"]["totalItems"] == 1
    listed = (await client.get(
        "/api/public/dataset-run-items", params={"datasetId": dataset["id"], "runName": "exp"}, auth=project.basic
    )).json()  # fmt: skip
    assert [i["id"] for i in listed["data"]] == [linked.json()["id"]]
    legacy = (await client.get("/api/public/datasets", auth=project.basic)).json()
    assert [(d["name"], d["items"], d["runs"]) for d in legacy["data"]] == [
        ("lf", [item["id"]], ["exp"])
    ]
    deleted = await client.delete("/api/public/datasets/lf/runs/exp", auth=project.basic)
    assert deleted.json() == {"message": "Dataset run successfully deleted"}
    assert (
        await client.get("/api/public/datasets/lf/runs/exp", auth=project.basic)
    ).status_code == 404


async def test_run_level_scores_with_only_a_run_id_are_accepted_on_every_score_path(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    batch = await client.post(
        "/api/public/ingestion",
        json={"batch": [{"id": "e1", "type": "score-create", "timestamp": "2026-01-01T00:00:00Z",
                         "body": {"id": "s1", "datasetRunId": "run-x", "name": "avg", "value": 0.7}}]},
        auth=project.basic,
    )  # fmt: skip
    assert batch.status_code == 207
    assert batch.json()["errors"] == []
    array = await client.post(
        "/api/public/scores", json=[{"id": "s2", "datasetRunId": "run-x", "name": "p50", "value": 1.2}],
        auth=project.basic,
    )  # fmt: skip
    assert array.status_code in (200, 202), array.text
    scores = await _get(client, project, "/v1/scores", datasetRunId="run-x")
    assert sorted((s["id"], s["traceId"], s["value"]) for s in scores["data"]) == [
        ("s1", None, 0.7), ("s2", None, 1.2),
    ]  # fmt: skip


# Tests for bad input and isolation


async def test_bad_dataset_input_is_a_clear_4xx_naming_the_field(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    unknown = await client.post(
        "/v1/datasets/nope/items", json={"input": 1}, headers=project.bearer
    )
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "dataset 'nope' not found"
    langfuse = await client.post(
        "/api/public/dataset-items", json={"datasetName": "nope", "input": 1}, auth=project.basic
    )
    assert (langfuse.status_code, langfuse.json()["error"]) == (404, "LangfuseNotFoundError")
    await _dataset(client, project)
    cases = [
        ("/v1/datasets", {"name": ""}, "name"),
        ("/v1/datasets/qa/items", {"input": 1, "status": "gone"}, "status"),
        (
            "/v1/datasets/qa/items/batch",
            {"items": [{"input": 1}, {"metadata": 1, "status": 3}]},
            "items[1].status",
        ),
        (
            "/v1/datasets/qa/runs",
            {"name": "r", "items": [{"traceId": "t"}]},
            "items.0.datasetItemId",
        ),
    ]
    for path, body, field in cases:
        response = await client.post(path, json=body, headers=project.bearer)
        assert response.status_code == 400, (path, response.text)
        assert response.json()["error"]["details"] == {"field": field}, path
    missing_item = await client.post(
        "/api/public/dataset-run-items", json={"runName": "r", "datasetItemId": "nope", "traceId": "t"},
        auth=project.basic,
    )  # fmt: skip
    assert missing_item.status_code == 404
    too_many = await client.get("/v1/datasets/qa/runs/compare", headers=project.bearer)
    assert too_many.json()["error"]["details"] == {"field": "runIds"}


async def test_another_projects_key_sees_no_dataset(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    dataset = await _dataset(client, project)
    await _post(client, project, "/v1/datasets/qa/items", {"id": "own-item", "input": 1})
    other = await make_project(database)
    for path in (f"/v1/datasets/{dataset['id']}", "/v1/datasets/qa/items", "/v1/datasets/qa/runs"):
        assert (await client.get(path, headers=other.bearer)).status_code == 404, path
    assert (
        await client.get("/api/public/dataset-items/own-item", auth=other.basic)
    ).status_code == 404
    assert (await client.get("/api/public/v2/datasets/qa", auth=other.basic)).status_code == 404
    assert (await client.get("/v1/datasets", headers=other.bearer)).json()["data"] == []
