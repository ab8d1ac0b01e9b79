"""Git links and the per-commit timeline through /v1 on both databases: aliases, trace-level
gitCommitSha as a link, deltas against the previous commit, bad input, isolation."""

from __future__ import annotations

import httpx
import pytest

from agenttrace.db import Database
from tests.api.agents import call, error, make_trace, without_message
from tests.conftest import ProjectKeys, make_project


async def _generation(
    client: httpx.AsyncClient, project: ProjectKeys, trace_id: str, tokens: int, **extra: object
) -> None:
    response = await call(
        client, project, "POST", "/v1/observations",
        {"traceId": trace_id, "type": "generation", "model": "gpt-4o",
         "startTime": "2026-03-01T10:00:00Z", "endTime": "2026-03-01T10:00:02Z",
         "usage": {"inputTokens": tokens, "outputTokens": tokens}, **extra},
    )  # fmt: skip
    assert response.status_code == 201, response.text


async def _link(client: httpx.AsyncClient, project: ProjectKeys, **body: object) -> dict:
    response = await call(client, project, "POST", "/v1/git-links", body)
    assert response.status_code == 201, response.text
    return response.json()


# Tests for links


async def test_a_git_link_reads_every_spelling_the_clients_send(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-link")
    link = await _link(
        client, project, traceId="t-link", commitSha="c0ffee", authorName="Ada",
        authorEmail="ada@example.com", message="fix: speed", filesChanged=["a.py", "b.py"],
        linkType="CI", branch="main", repository="https://git.example/repo",
        commitTimestamp="2026-03-01T09:00:00Z", additions=3, deletions=1,
    )  # fmt: skip
    assert {k: link[k] for k in ("commitAuthor", "commitAuthorEmail", "commitMessage")} == {
        "commitAuthor": "Ada", "commitAuthorEmail": "ada@example.com", "commitMessage": "fix: speed",
    }  # fmt: skip
    assert (link["filesModified"], link["filesChangedCount"]) == (["a.py", "b.py"], 2)
    assert (link["linkType"], link["repoUrl"]) == ("ci", "https://git.example/repo")
    assert link["commitTimestamp"] == "2026-03-01T09:00:00.000Z"
    read = await call(client, project, "GET", f"/v1/git-links/{link['id']}")
    assert read.json() == link
    listed = await call(client, project, "GET", "/v1/git-links?linkType=ci&branch=main")
    assert [x["id"] for x in listed.json()["data"]] == [link["id"]]


async def test_bad_git_links_are_refused_naming_the_field(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-badlink")
    for body, field in (
        ({"traceId": "t-badlink", "commitSha": "a", "linkType": "merge"}, "linkType"),
        ({"traceId": "t-badlink"}, "commitSha"),
        ({"commitSha": "a"}, "traceId"),
        ({"traceId": "t-badlink", "commitSha": "a", "additions": -1}, "additions"),
    ):
        response = await call(client, project, "POST", "/v1/git-links", body)
        assert (response.status_code, without_message(response)) == (400, error(field)), body
    unknown = await call(
        client, project, "POST", "/v1/git-links", {"traceId": "t-none", "commitSha": "a"}
    )
    assert unknown.status_code == 404


async def test_a_commit_counts_traces_linked_and_traces_naming_it(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-by-link")
    await make_trace(client, project, "t-by-field", gitCommitSha="feed01", gitBranch="main")
    await _generation(client, project, "t-by-link", 100)
    await _generation(client, project, "t-by-field", 50)
    await _link(client, project, traceId="t-by-link", commitSha="feed01", branch="main")
    await _link(client, project, traceId="t-by-field", commitSha="feed01", branch="main")
    response = await call(client, project, "GET", "/v1/git-links/commit/feed01")
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["data"]) == 2
    commit = body["commit"]
    assert (commit["commitSha"], commit["traceCount"], commit["totalTokens"]) == ("feed01", 2, 300)
    assert sorted(t["id"] for t in commit["traces"]) == ["t-by-field", "t-by-link"]
    assert (await call(client, project, "GET", "/v1/git-links/commit/nothing")).status_code == 404


# Tests for the timeline


async def test_the_timeline_shows_each_commit_and_its_change_from_the_previous(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    commits = [("aaa", 100, 0.9, "2026-03-01T08:00:00Z"), ("bbb", 400, 0.5, "2026-03-02T08:00:00Z")]
    for sha, tokens, quality, when in commits:
        for n in range(2):
            trace_id = f"t-{sha}-{n}"
            await make_trace(client, project, trace_id)
            await _generation(
                client, project, trace_id, tokens,
                level="ERROR" if sha == "bbb" and n == 0 else "DEFAULT",
            )  # fmt: skip
            score = {"traceId": trace_id, "name": "quality", "value": quality}
            assert (await call(client, project, "POST", "/v1/scores", score)).status_code == 201
            await _link(
                client, project, traceId=trace_id, commitSha=sha, branch="main",
                commitTimestamp=when, commitMessage=f"commit {sha}",
            )  # fmt: skip
    await make_trace(client, project, "t-other-branch", gitCommitSha="ccc", gitBranch="dev")
    response = await call(client, project, "GET", "/v1/git-links/timeline?branch=main")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [c["commitSha"] for c in body["data"]] == ["bbb", "aaa"]
    assert body["meta"] == {"totalCount": 2, "hasMore": False, "nextCursor": None}
    newest, oldest = body["data"]
    assert (newest["traceCount"], newest["totalTokens"], newest["errorCount"]) == (2, 1600, 1)
    assert newest["scores"] == {"quality": pytest.approx(0.5)}
    assert newest["avgLatency"] == pytest.approx(2.0)
    assert newest["previousCommitSha"] == "aaa"
    assert newest["delta"]["totalTokens"] == 1200
    assert newest["delta"]["errorCount"] == 1
    assert newest["delta"]["scores"] == {"quality": pytest.approx(-0.4)}
    assert newest["delta"]["costPerTrace"] > 0
    assert newest["regressions"] == ["cost", "errors", "score:quality"]
    assert (oldest["delta"], oldest["regressions"]) == (None, [])
    assert [t["id"] for t in newest["traces"]] == ["t-bbb-0", "t-bbb-1"]
    first = await call(client, project, "GET", "/v1/git-links/timeline?branch=main&limit=1")
    assert [c["commitSha"] for c in first.json()["data"]] == ["bbb"]
    cursor = first.json()["meta"]["nextCursor"]
    second = await call(
        client, project, "GET", f"/v1/git-links/timeline?branch=main&limit=1&cursor={cursor}"
    )
    assert [c["commitSha"] for c in second.json()["data"]] == ["aaa"]
    assert second.json()["data"][0]["delta"] is None
    every = await call(client, project, "GET", "/v1/git-links/timeline")
    assert next(c["commitSha"] for c in every.json()["data"]) == "ccc"


async def test_another_project_sees_no_link_and_no_commit(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    await make_trace(client, project, "t-secret-link")
    link = await _link(client, project, traceId="t-secret-link", commitSha="5ec2e7")
    other = await make_project(database)
    assert (await call(client, other, "GET", f"/v1/git-links/{link['id']}")).status_code == 404
    assert (await call(client, other, "GET", "/v1/git-links/commit/5ec2e7")).status_code == 404
    timeline = await call(client, other, "GET", "/v1/git-links/timeline")
    assert timeline.json()["data"] == []
