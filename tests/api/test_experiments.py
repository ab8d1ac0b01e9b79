"""Experiments of the Langfuse SDKs as dataset runs, on both databases: SDK 5.x's spans
alone make the run and its run items; SDK 3.x's ``dataset-run-items`` call and its spans
land on the same run, and so does a 5.x re-run of the same name; a local-data experiment
gets a run that its run-level scores attach to."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import orjson

from agenttrace.core.datasets import ids
from tests.api.otlp import export, send, span
from tests.conftest import ProjectKeys

V5_SCOPE = ("langfuse-sdk", "5.0.4")
V3_SCOPE = ("langfuse-sdk", "3.15.0")


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def sdk5_run_id(project_id: str, dataset_id: str, run_name: str) -> str:
    """The derivation as the SDK 5.x writes it (``_create_experiment_id``)."""
    payload = json.dumps(
        ["langfuse-experiment-v1", project_id, dataset_id, run_name],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def v5_item_spans(
    trace_id: str, run_id: str, run_name: str, dataset_id: str | None, item_id: str
) -> list[dict[str, Any]]:
    """One item of a 5.x experiment: run → task → evaluation, each with the experiment's
    attributes (JSON-encoded, as 5.x sends them)."""
    root, task, evaluation = trace_id[:16], trace_id[16:], "e" * 16
    experiment = {
        "langfuse.environment": "sdk-experiment",
        "langfuse.experiment.id": run_id,
        "langfuse.experiment.name": run_name,
        "langfuse.experiment.description": "nightly",
        "langfuse.experiment.metadata": dumps({"model": "m1"}),
        "langfuse.experiment.item.id": item_id,
        "langfuse.experiment.item.root_observation_id": task,
        "langfuse.experiment.item.expected_output": dumps({"answer": 4}),
        "langfuse.experiment.item.version": "2026-03-01T00:00:00Z",
    }
    if dataset_id is not None:
        experiment["langfuse.experiment.dataset.id"] = dataset_id
    return [
        span("experiment-item-run", trace_id=trace_id, span_id=root, end_ms=900, attrs=experiment),
        span("experiment-item-task", trace_id=trace_id, span_id=task, parent=root, end_ms=500,
             attrs={**experiment, "langfuse.observation.output": dumps({"answer": 4})}),
        span("experiment-item-evaluation", trace_id=trace_id, span_id=evaluation, parent=root,
             start_ms=500, end_ms=800, attrs=experiment),
    ]  # fmt: skip


async def _dataset_with_item(client: httpx.AsyncClient, project: ProjectKeys) -> dict[str, Any]:
    dataset = (
        await client.post("/api/public/v2/datasets", json={"name": "math"}, auth=project.basic)
    ).json()
    await client.post(
        "/api/public/dataset-items",
        json={"id": "item-1", "datasetName": "math", "input": {"q": "2+2"}, "expectedOutput": {"answer": 4}},
        auth=project.basic,
    )  # fmt: skip
    return dataset  # type: ignore[no-any-return]


async def _run(client: httpx.AsyncClient, project: ProjectKeys, run_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/dataset-runs/{run_id}", headers=project.bearer)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_sdk5_spans_alone_make_the_run_and_its_run_item(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    dataset = await _dataset_with_item(client, project)
    run_id = sdk5_run_id(project.project_id, dataset["id"], "exp")
    trace_id = "ab" * 16
    sent = await send(
        client,
        project,
        export(*v5_item_spans(trace_id, run_id, "exp", dataset["id"], "item-1"), scope=V5_SCOPE),
    )
    assert sent.status_code == 200, sent.text
    await client.post(
        "/api/public/scores",
        json=[{"id": "item-score", "traceId": trace_id, "observationId": trace_id[16:], "name": "exact", "value": 1},
              {"id": "run-score", "datasetRunId": run_id, "name": "mean", "value": 1}],
        auth=project.basic,
    )  # fmt: skip
    run = await _run(client, project, run_id)
    assert {k: run[k] for k in ("id", "name", "description", "metadata", "datasetId", "datasetName")} == {
        "id": run_id, "name": "exp", "description": "nightly", "metadata": {"model": "m1"},
        "datasetId": dataset["id"], "datasetName": "math",
    }  # fmt: skip
    (item,) = run["items"]
    assert {k: item[k] for k in ("datasetItemId", "traceId", "observationId", "expectedOutput", "input")} == {
        "datasetItemId": "item-1", "traceId": trace_id, "observationId": trace_id[16:],
        "expectedOutput": {"answer": 4}, "input": {"q": "2+2"},
    }  # fmt: skip
    assert [s["id"] for s in item["scores"]] == ["item-score"]
    assert [s["id"] for s in run["scores"]] == ["run-score"]
    by_name = await client.get("/v1/datasets/math/runs/exp", headers=project.bearer)
    assert by_name.json()["id"] == run_id


async def test_sdk3_call_its_spans_and_an_sdk5_rerun_converge_on_one_run(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    dataset = await _dataset_with_item(client, project)
    trace_3x = "cd" * 16
    linked = await client.post(
        "/api/public/dataset-run-items",
        json={"runName": "weekly", "datasetItemId": "item-1", "traceId": trace_3x,
              "observationId": trace_3x[:16], "metadata": {"sdk": 3}},
        auth=project.basic,
    )  # fmt: skip
    run_id = linked.json()["datasetRunId"]
    assert (
        run_id
        == sdk5_run_id(project.project_id, dataset["id"], "weekly")
        == ids.run_id(project.project_id, dataset["id"], "weekly")
    )
    # 3.x then exports its item span with the id it got back; its root is the item span.
    attrs = {"langfuse.experiment.id": run_id, "langfuse.experiment.name": "weekly",
             "langfuse.experiment.dataset.id": dataset["id"], "langfuse.experiment.item.id": "item-1",
             "langfuse.experiment.item.root_observation_id": trace_3x[:16]}  # fmt: skip
    await send(
        client,
        project,
        export(
            span("experiment-item-run", trace_id=trace_3x, span_id=trace_3x[:16], attrs=attrs),
            scope=V3_SCOPE,
        ),
    )
    trace_5x = "ef" * 16
    await send(
        client,
        project,
        export(*v5_item_spans(trace_5x, run_id, "weekly", dataset["id"], "item-1"), scope=V5_SCOPE),
    )
    runs = await client.get("/v1/datasets/math/runs", headers=project.bearer)
    assert [r["id"] for r in runs.json()["data"]] == [run_id]
    run = await _run(client, project, run_id)
    assert sorted((i["traceId"], i["observationId"]) for i in run["items"]) == [
        (trace_3x, trace_3x[:16]), (trace_5x, trace_5x[16:]),
    ]  # fmt: skip
    assert run["metadata"] == {"model": "m1"}  # the latest statement of it


async def test_a_local_data_experiment_gets_a_run_its_scores_attach_to(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    run_id = "1234567890abcdef"  # 5.x's random id when there is no dataset
    trace_id = "12" * 16
    item_hash = "9f" * 8
    await send(
        client,
        project,
        export(*v5_item_spans(trace_id, run_id, "local", None, item_hash), scope=V5_SCOPE),
    )
    await client.post(
        "/api/public/scores", json=[{"id": "local-run-score", "datasetRunId": run_id, "name": "acc", "value": 0.5}],
        auth=project.basic,
    )  # fmt: skip
    run = await _run(client, project, run_id)
    assert (run["datasetId"], run["name"], [i["datasetItemId"] for i in run["items"]]) == (
        None,
        "local",
        [item_hash],
    )
    assert [(s["name"], s["value"]) for s in run["scores"]] == [("acc", 0.5)]
    assert run["items"][0]["output"] == {"answer": 4}
