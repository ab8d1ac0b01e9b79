"""Prompts through GraphQL on both databases: the operations of ``graphql/operations``,
read back against ``/v1``, with labels moved by mutation and versions through a loader."""

from __future__ import annotations

import httpx

from tests.conftest import ProjectKeys
from tests.graphql.conftest import data, operation, post


async def test_prompt_operations_create_label_list_and_compile(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    created = await data(
        client, project, operation("CreatePrompt"),
        input={"name": "team/review", "prompt": "Review {{ language }}", "labels": ["production"]},
    )  # fmt: skip
    assert created["createPrompt"] == {
        "id": created["createPrompt"]["id"], "name": "team/review", "version": 1, "type": "text",
        "labels": ["latest", "production"],
    }  # fmt: skip
    await data(
        client,
        project,
        operation("CreatePrompt"),
        input={"name": "team/review", "prompt": "v2 {{language}}"},
    )
    moved = await data(
        client, project, operation("SetPromptLabels"), name="team/review", version=2, labels=["production"]
    )  # fmt: skip
    assert moved["setPromptLabels"]["labels"] == ["latest", "production"]
    detail = (
        await data(
            client,
            project,
            operation("PromptDetail"),
            name="team/review",
            variables={"language": "Go"},
        )
    )["prompt"]
    rest = (await client.get("/v1/prompts/team/review", headers=project.bearer)).json()
    assert {k: detail[k] for k in ("id", "version", "labels", "prompt", "createdAt")} == {
        k: rest[k] for k in ("id", "version", "labels", "prompt", "createdAt")
    }
    assert detail["compiled"] == "v2 Go"
    listed = (await data(client, project, operation("PromptList")))["prompts"]
    assert listed["totalCount"] == 1
    (node,) = listed["nodes"]
    assert (node["versionNumbers"], node["latestVersion"], node["labels"]) == (
        [1, 2],
        2,
        ["latest", "production"],
    )
    assert [(v["version"], v["labels"]) for v in node["versions"]] == [
        (2, ["latest", "production"]),
        (1, []),
    ]


async def test_prompt_errors_are_coded_and_name_the_fix(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await data(client, project, operation("CreatePrompt"), input={"name": "p", "prompt": "{{x}}"})
    missing = await post(client, operation("PromptDetail"), {"name": "p"}, headers=project.bearer)
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "no version carries the label 'production'" in missing["errors"][0]["message"]
    unfilled = await post(
        client, operation("PromptDetail"), {"name": "p", "label": "latest"}, headers=project.bearer
    )
    assert unfilled["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert unfilled["errors"][0]["message"] == "missing variable: x"
