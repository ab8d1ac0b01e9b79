"""The real Langfuse Python SDKs 2.x, 3.x and 5.x against a running server for prompts,
datasets and experiments (``scripts/langfuse_prompts_datasets.py``): create_prompt,
get_prompt by default label, version and label, update_prompt, compile (text and chat,
placeholders on 3.x/5.x); create_dataset, create_dataset_item with and without an id,
get_dataset with 60 items; item.observe on 2.x, run_experiment with a local task and an
item evaluator on 3.x and 5.x (and a local-data experiment on 5.x). What they stored is
read back through ``/v1``: versions and labels, items, runs, run items linked to the SDK's
traces, item scores and run-level scores."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from agenttrace.core.datasets import ids
from tests.compat.conftest import SdkEnvironment
from tests.compat.reads import get
from tests.serving import serve

pytestmark = pytest.mark.compat

SDKS = {"2.60.10": "langfuse_v2", "3.15.0": "langfuse_v3", "5.0.4": "langfuse_v5"}


async def _all_items(client: httpx.AsyncClient, dataset: str) -> list[dict[str, Any]]:
    first = await get(client, f"/v1/datasets/{dataset}/items", limit=50)
    rest = await get(client, f"/v1/datasets/{dataset}/items", cursor=first["meta"]["nextCursor"])
    assert first["meta"]["totalCount"] == 60
    return first["data"] + rest["data"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("sdk_version", list(SDKS))
async def test_sdk_prompts_datasets_and_experiments_are_stored_as_sent(
    sdk_version: str, request: pytest.FixtureRequest, fresh_database_url: str
) -> None:
    sdk: SdkEnvironment = request.getfixturevalue(SDKS[sdk_version])
    major = int(sdk_version.split(".")[0])
    with serve(fresh_database_url) as server:
        public_key, secret_key = server.printed_keys()
        summary = await sdk.run_script(
            "langfuse_prompts_datasets.py",
            {
                "LANGFUSE_HOST": server.url,
                "LANGFUSE_BASE_URL": server.url,
                "LANGFUSE_PUBLIC_KEY": public_key,
                "LANGFUSE_SECRET_KEY": secret_key,
                "COMPAT_RUN_ID": uuid.uuid4().hex[:12],
            },
        )
        assert summary["sdk"] == sdk_version
        async with httpx.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {secret_key}"}
        ) as client:
            project_id = (await get(client, "/v1/projects/current"))["id"]
            names = summary["prompts"]
            versions = await get(client, f"/v1/prompts/{names['text']}/versions")
            compiled = await client.post(
                f"/v1/prompts/{names['chat']}/compile",
                json={"variables": {"language": "Go", "code": "x := 1"},
                      "placeholders": {"history": [{"role": "user", "content": "earlier"}]}},
            )  # fmt: skip
            data = summary["datasets"]
            dataset = await get(client, f"/v1/datasets/{data['dataset']}")
            items = await _all_items(client, data["dataset"])
            run = summary["experiment"]
            detail = await get(client, f"/v1/datasets/{run['experiment']}/runs/{run['runName']}")
            exp_dataset = await get(client, f"/v1/datasets/{run['experiment']}")
            local = (
                await get(client, f"/v1/dataset-runs/{run['localRunId']}") if major >= 5 else None
            )

    assert [(v["version"], v["labels"]) for v in versions["data"]] == [
        (2, ["latest", "production", "staging"]),
        (1, []),
    ]
    first = versions["data"][1]
    assert (first["prompt"], first["config"], first["tags"], first["commitMessage"]) == (
        "Review this {{language}} code: {{ code }}", {"temperature": 0.2}, ["compat"], "first",
    )  # fmt: skip
    assert compiled.status_code == 200, compiled.text
    assert [m["content"] for m in compiled.json()["compiledPrompt"]] == (
        ["You review Go.", "earlier", "x := 1"] if major >= 3 else ["You review Go.", "x := 1"]
    )

    assert (dataset["id"], dataset["description"], dataset["metadata"]) == (
        data["datasetId"], "compat", {"sdk": major},
    )  # fmt: skip
    assert sorted(i["input"]["n"] for i in items) == list(range(60))
    explicit = next(i for i in items if i["id"] == data["explicitItem"])
    assert (explicit["expectedOutput"], explicit["metadata"]) == (
        {"double": 0},
        {"kind": "explicit"},
    )

    expected_run_id = ids.run_id(project_id, exp_dataset["id"], run["runName"])
    assert detail["id"] == expected_run_id
    if run["runId"] is not None:  # 3.x got it from dataset-run-items, 5.x derived it itself
        assert run["runId"] == expected_run_id
    assert sorted(i["traceId"] for i in detail["items"]) == sorted(run["traces"])
    assert sorted((i["input"]["n"], i["output"]["double"]) for i in detail["items"]) == [
        (0, 0), (1, 2), (2, 4),
    ]  # fmt: skip
    assert [[(s["name"], s["value"]) for s in i["scores"]] for i in detail["items"]] == [
        [("exact", 1.0)]
    ] * 3
    assert detail["summary"]["scores"] == {"exact": {"average": 1.0, "count": 3}}
    if major >= 3:
        assert [(s["name"], s["value"], s["traceId"]) for s in detail["scores"]] == [
            ("mean_exact", 1.0, None)
        ]
        assert all(i["observationId"] is not None for i in detail["items"])
    if local is not None:
        assert (local["datasetId"], local["name"], len(local["items"])) == (
            None, f"local-{run['runName'].removeprefix('run-')}", 1,
        )  # fmt: skip
        assert [s["name"] for s in local["scores"]] == ["mean_exact"]
