"""Prompts through ``/v1`` and Langfuse's ``/api/public/v2/prompts`` on both databases:
version numbering, labels and ``latest``, resolution order, folder names, compiling text,
chat and placeholders, the cache, and the bad-input cases."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import ProjectKeys

TEXT = "Review this {{language}} code:\n{{ code }}"


async def _create(client: httpx.AsyncClient, project: ProjectKeys, **body: Any) -> dict[str, Any]:
    response = await client.post("/v1/prompts", json=body, headers=project.bearer)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def _get(
    client: httpx.AsyncClient, project: ProjectKeys, path: str, **query: Any
) -> httpx.Response:
    return await client.get(path, params=query, headers=project.bearer)


# Tests for versions and labels


async def test_versions_count_up_per_name_and_latest_follows_the_newest(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    first = await _create(client, project, name="code-review", prompt=TEXT, labels=["production"])
    second = await _create(client, project, name="code-review", prompt="v2 {{code}}")
    other = await _create(client, project, name="other", prompt="x")
    assert (first["version"], second["version"], other["version"]) == (1, 2, 1)
    assert first["labels"] == ["latest", "production"]
    assert second["labels"] == ["latest"]
    assert first == {
        "id": first["id"],
        "projectId": project.project_id,
        "name": "code-review",
        "version": 1,
        "type": "text",
        "prompt": TEXT,
        "config": {},
        "labels": ["latest", "production"],
        "tags": [],
        "commitMessage": None,
        "createdBy": "API",
        "createdAt": first["createdAt"],
        "updatedAt": first["updatedAt"],
    }
    versions = (await _get(client, project, "/v1/prompts/code-review/versions")).json()
    assert [(v["version"], v["labels"]) for v in versions["data"]] == [
        (2, ["latest"]),
        (1, ["production"]),
    ]
    assert versions["meta"] == {"totalCount": 2, "hasMore": False, "nextCursor": None}


async def test_a_label_sits_on_one_version_and_moves_with_each_write(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(client, project, name="p", prompt="one", labels=["production", "staging"])
    await _create(client, project, name="p", prompt="two", labels=["staging"])
    assert (await _get(client, project, "/v1/prompts/p", label="staging")).json()["version"] == 2
    moved = await client.patch(
        "/v1/prompts/p/versions/2", json={"labels": ["production"]}, headers=project.bearer
    )
    assert moved.status_code == 200, moved.text
    # ``labels`` are exactly the version's labels: staging left out is taken off.
    assert moved.json()["labels"] == ["latest", "production"]
    assert (await _get(client, project, "/v1/prompts/p")).json()["prompt"] == "two"
    gone = await _get(client, project, "/v1/prompts/p", label="staging")
    assert gone.status_code == 404
    one = (await _get(client, project, "/v1/prompts/p", version=1)).json()
    assert one["labels"] == []
    added = await client.patch(
        "/v1/prompts/p/versions/1", json={"newLabels": ["canary"]}, headers=project.bearer
    )
    assert added.json()["labels"] == ["canary"]
    assert (await _get(client, project, "/v1/prompts/p", version=2)).json()["labels"] == [
        "latest",
        "production",
    ]


async def test_resolution_is_version_then_label_then_production(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(client, project, name="r", prompt="one", labels=["production"])
    await _create(client, project, name="r", prompt="two", labels=["staging"])
    await _create(client, project, name="r", prompt="three")

    async def version(**query: Any) -> int:
        response = await _get(client, project, "/v1/prompts/r", **query)
        assert response.status_code == 200, response.text
        return int(response.json()["version"])

    assert await version() == 1
    assert await version(label="staging") == 2
    assert await version(label="latest") == 3
    assert await version(version=2, label="production") == 2


async def test_no_version_with_the_label_is_a_404_that_says_how_to_fix_it(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(client, project, name="draft", prompt="x")
    response = await _get(client, project, "/v1/prompts/draft")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "not_found",
            "message": "prompt 'draft' not found: no version carries the label 'production'; "
            "give a version that label (PATCH its version with the label), or ask for a "
            "version or the label 'latest'",
            "details": {},
        }
    }
    unknown = await _get(client, project, "/v1/prompts/draft", version=7)
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == (
        "prompt 'draft' not found: it has no version 7 (the newest is 1)"
    )
    patch = await client.patch(
        "/v1/prompts/draft/versions/9", json={"labels": ["production"]}, headers=project.bearer
    )
    assert patch.status_code == 404


async def test_folder_names_work_raw_and_percent_encoded_on_both_faces(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(client, project, name="team/agents/review", prompt="hi", labels=["production"])
    raw = await _get(client, project, "/v1/prompts/team/agents/review")
    encoded = await _get(client, project, "/v1/prompts/team%2Fagents%2Freview")
    langfuse = await client.get("/api/public/v2/prompts/team%2Fagents%2Freview", auth=project.basic)
    assert [r.status_code for r in (raw, encoded, langfuse)] == [200, 200, 200]
    assert raw.json()["name"] == encoded.json()["name"] == langfuse.json()["name"]
    patched = await client.patch(
        "/api/public/v2/prompts/team/agents/review/versions/1",
        json={"newLabels": ["staging"]},
        auth=project.basic,
    )
    assert patched.json()["labels"] == ["latest", "production", "staging"]
    compiled = await client.post(
        "/v1/prompts/team/agents/review/compile", json={"variables": {}}, headers=project.bearer
    )
    assert compiled.json()["compiledPrompt"] == "hi"
    bad = await client.post(
        "/v1/prompts", json={"name": "team//review", "prompt": "x"}, headers=project.bearer
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["details"] == {"field": "name"}


async def test_list_filters_by_name_label_and_tag_and_shows_latest_and_labels(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(client, project, name="a", prompt="1", tags=["x"], labels=["production"])
    await _create(client, project, name="a", prompt="2")
    await _create(client, project, name="b", prompt="1", tags=["y"])
    listed = (await _get(client, project, "/v1/prompts")).json()
    assert [
        (p["name"], p["versions"], p["latestVersion"], p["labels"]) for p in listed["data"]
    ] == [
        ("a", [1, 2], 2, ["latest", "production"]),
        ("b", [1], 1, ["latest"]),
    ]
    assert listed["data"][0]["tags"] == ["x"]  # omitted tags keep the prompt's
    assert [
        p["name"] for p in (await _get(client, project, "/v1/prompts", tag="y")).json()["data"]
    ] == ["b"]
    assert [
        p["name"]
        for p in (await _get(client, project, "/v1/prompts", label="production")).json()["data"]
    ] == ["a"]
    assert [
        p["name"] for p in (await _get(client, project, "/v1/prompts", name="b")).json()["data"]
    ] == ["b"]
    page = (await _get(client, project, "/v1/prompts", limit=1)).json()
    assert page["meta"]["hasMore"] is True
    rest = (await _get(client, project, "/v1/prompts", cursor=page["meta"]["nextCursor"])).json()
    assert [p["name"] for p in rest["data"]] == ["b"]


async def test_delete_removes_versions_and_the_prompt(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(client, project, name="d", prompt="1", labels=["production"])
    await _create(client, project, name="d", prompt="2")
    deleted = await client.delete("/v1/prompts/d", params={"version": 2}, headers=project.bearer)
    assert deleted.status_code == 204
    assert (await _get(client, project, "/v1/prompts/d", label="latest")).json()["version"] == 1
    assert (await client.delete("/v1/prompts/d", headers=project.bearer)).status_code == 204
    assert (await _get(client, project, "/v1/prompts/d", version=1)).status_code == 404
    assert (await client.delete("/v1/prompts/d", headers=project.bearer)).status_code == 404


# Tests for compiling


async def test_compile_substitutes_text_variables_once_without_evaluating_them(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(
        client,
        project,
        name="t",
        prompt="{{a}} and {{ b }} and {{a}} {0} {b.__class__}",
        labels=["production"],
    )
    response = await client.post(
        "/v1/prompts/t/compile",
        json={"variables": {"a": "{{b}}", "b": "B", "unused": "x"}},
        headers=project.bearer,
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "compiledPrompt": "{{b}} and B and {{b}} {0} {b.__class__}",
        "name": "t",
        "version": 1,
        "type": "text",
    }


async def test_compile_fills_chat_messages_and_placeholders(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(
        client,
        project,
        name="chat",
        type="chat",
        prompt=[
            {"role": "system", "content": "You review {{language}}."},
            {"type": "placeholder", "name": "history"},
            {"role": "user", "content": "{{code}}"},
        ],
    )
    history = [
        {"role": "user", "content": "hi {{code}}"},
        {"role": "assistant", "content": "hello"},
    ]
    response = await client.post(
        "/v1/prompts/chat/compile",
        json={
            "variables": {"language": "Python", "code": "x = 1"},
            "placeholders": {"history": history},
            "label": "latest",
        },
        headers=project.bearer,
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "compiledPrompt": [
            {"role": "system", "content": "You review Python."},
            *history,
            {"role": "user", "content": "x = 1"},
        ],
        "name": "chat",
        "version": 1,
        "type": "chat",
    }
    missing = await client.post(
        "/v1/prompts/chat/compile",
        json={"variables": {"language": "Python", "code": "x"}, "version": 1},
        headers=project.bearer,
    )
    assert missing.status_code == 400
    assert missing.json()["error"] == {
        "code": "invalid_request",
        "message": "missing placeholder: history",
        "details": {"field": "placeholders.history"},
    }


async def test_compile_without_a_variable_is_a_400_naming_it(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(client, project, name="m", prompt=TEXT, labels=["production"])
    response = await client.post(
        "/v1/prompts/m/compile", json={"variables": {"language": "Go"}}, headers=project.bearer
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid_request",
            "message": "missing variable: code",
            "details": {"field": "variables.code"},
        }
    }
    not_text = await client.post(
        "/v1/prompts/m/compile",
        json={"variables": {"language": {"name": "Go"}, "code": "x"}},
        headers=project.bearer,
    )
    assert not_text.status_code == 400
    assert not_text.json()["error"]["details"] == {"field": "variables.language"}


# Tests for bad input


async def test_a_body_of_the_wrong_type_for_its_type_is_a_400_naming_prompt(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    cases = [
        ({"name": "w", "type": "text", "prompt": [{"role": "user", "content": "x"}]}, "prompt"),
        ({"name": "w", "type": "chat", "prompt": "x"}, "prompt"),
        (
            {"name": "w", "type": "chat", "prompt": [{"role": "user", "content": 3}]},
            "prompt[0].content",
        ),
        ({"name": "w", "type": "poem", "prompt": "x"}, "type"),
        ({"name": "w", "prompt": "x", "labels": ["Not Valid"]}, "labels[0]"),
        ({"prompt": "x"}, "name"),
    ]
    for body, field in cases:
        response = await client.post("/v1/prompts", json=body, headers=project.bearer)
        assert response.status_code == 400, body
        assert response.json()["error"]["details"] == {"field": field}, body
    await _create(client, project, name="typed", prompt="x")
    switched = await client.post(
        "/v1/prompts",
        json={"name": "typed", "type": "chat", "prompt": [{"role": "user", "content": "x"}]},
        headers=project.bearer,
    )
    assert switched.status_code == 400
    assert switched.json()["error"]["details"] == {"field": "type"}
    latest = await client.patch(
        "/v1/prompts/typed/versions/1", json={"labels": ["latest"]}, headers=project.bearer
    )
    assert latest.status_code == 400
    assert latest.json()["error"]["details"] == {"field": "labels[0]"}


async def test_another_projects_key_sees_no_prompt(
    client: httpx.AsyncClient, project: ProjectKeys, database: Any
) -> None:
    from tests.conftest import make_project

    await _create(client, project, name="secret", prompt="x", labels=["production"])
    other = await make_project(database)
    assert (await _get(client, other, "/v1/prompts/secret")).status_code == 404
    assert (await client.get("/api/public/v2/prompts/secret", auth=other.basic)).status_code == 404
    assert (await _get(client, other, "/v1/prompts")).json()["data"] == []
    assert (await client.delete("/v1/prompts/secret", headers=other.bearer)).status_code == 404


# Tests for the cache


async def test_a_write_is_seen_by_the_next_fetch_despite_the_cache(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _create(client, project, name="c", prompt="one", labels=["production"])
    assert (await _get(client, project, "/v1/prompts/c")).json()["prompt"] == "one"
    assert (await _get(client, project, "/v1/prompts/c")).json()["prompt"] == "one"
    await _create(client, project, name="c", prompt="two", labels=["production"])
    assert (await _get(client, project, "/v1/prompts/c")).json()["prompt"] == "two"
    await client.patch("/v1/prompts/c/versions/2", json={"labels": []}, headers=project.bearer)
    assert (await _get(client, project, "/v1/prompts/c")).status_code == 404


# Tests for Langfuse's API


async def test_langfuse_prompt_objects_carry_every_field_the_sdks_require(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    created = await client.post(
        "/api/public/v2/prompts",
        json={"name": "lf", "prompt": "Hi {{name}}", "labels": ["production"], "config": None},
        auth=project.basic,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert {k: body[k] for k in ("name", "version", "type", "prompt", "config", "labels", "tags")} == {
        "name": "lf", "version": 1, "type": "text", "prompt": "Hi {{name}}", "config": {},
        "labels": ["latest", "production"], "tags": [],
    }  # fmt: skip
    assert body["resolutionGraph"] is None
    fetched = await client.get("/api/public/v2/prompts/lf", auth=project.basic)
    assert fetched.json()["isActive"] is True
    both = await client.get(
        "/api/public/v2/prompts/lf", params={"version": 1, "label": "x"}, auth=project.basic
    )
    assert both.status_code == 400
    assert both.json() == {
        "message": "give version or label, not both",
        "error": "InvalidRequestError",
        "field": "label",
    }
    listed = (await client.get("/api/public/v2/prompts", auth=project.basic)).json()
    assert listed["data"] == [
        {"name": "lf", "type": "text", "versions": [1], "labels": ["latest", "production"],
         "tags": [], "lastUpdatedAt": listed["data"][0]["lastUpdatedAt"], "lastConfig": {}}
    ]  # fmt: skip
    assert listed["meta"] == listed["pagination"] == {
        "page": 1, "limit": 10, "totalItems": 1, "totalPages": 1,
    }  # fmt: skip
    missing = await client.get("/api/public/v2/prompts/none", auth=project.basic)
    assert missing.status_code == 404
    assert missing.json()["error"] == "LangfuseNotFoundError"
    deleted = await client.delete(
        "/api/public/v2/prompts/lf", params={"label": "production"}, auth=project.basic
    )
    assert deleted.status_code == 204
    assert (await client.get("/api/public/v2/prompts/lf", auth=project.basic)).status_code == 404
