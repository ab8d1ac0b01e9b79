"""The agent root fields of GraphQL on both databases: lists with the filters /v1 takes,
stats, a commit, a comparison, and errors as codes; the numbers are REST's."""

from __future__ import annotations

import httpx

from tests.api.agents import call, file, make_trace
from tests.conftest import ProjectKeys
from tests.graphql.conftest import data, post

RECORDS = """
query Records($trace: String!) {
  checkpoints(filter: {traceId: $trace, type: milestone}) { totalCount nodes { id name type } }
  fileOperations(filter: {traceId: $trace, operation: update}) { totalCount nodes { filePath } }
  fileOperationStats(filter: {traceId: $trace}) { totalOperations updateCount readCount }
  terminalCommands(filter: {traceId: $trace, success: false}) { nodes { command exitCode } }
  terminalCommandStats(filter: {traceId: $trace}) { totalCommands failureCount redactions }
  gitLinks(filter: {traceId: $trace, linkType: ci}) { nodes { commitSha linkType } }
  gitCommit(sha: "g-1") { commitSha traceCount delta { traceCount } }
  ciRuns(filter: {status: failure}) { nodes { providerRunId status traceCount } }
}
"""


async def test_agent_lists_filter_and_count_as_rest_does(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-gql")
    for path, body in (
        ("/v1/checkpoints", {"traceId": "t-gql", "name": "m", "type": "milestone"}),
        ("/v1/checkpoints", {"traceId": "t-gql", "name": "a", "type": "auto"}),
        ("/v1/file-operations", {"traceId": "t-gql", "operation": "update", "filePath": "a.py"}),
        ("/v1/file-operations", {"traceId": "t-gql", "operation": "read", "filePath": "b.py"}),
        ("/v1/terminal-commands", {"traceId": "t-gql", "command": "make", "exitCode": 2,
                                   "envVars": {"NPM_TOKEN": "x"}}),
        ("/v1/git-links", {"traceId": "t-gql", "commitSha": "g-1", "linkType": "ci"}),
        ("/v1/ci-runs", {"provider": "jenkins", "providerRunId": "gql-1", "status": "failed",
                         "traceIds": ["t-gql"]}),
    ):  # fmt: skip
        assert (await call(client, project, "POST", path, body)).status_code == 201, path
    found = await data(client, project, RECORDS, trace="t-gql")
    assert (found["checkpoints"]["totalCount"], found["checkpoints"]["nodes"][0]["type"]) == (
        1,
        "milestone",
    )
    assert found["fileOperations"] == {"totalCount": 1, "nodes": [{"filePath": "a.py"}]}
    rest_stats = (
        await call(client, project, "GET", "/v1/file-operations/stats?traceId=t-gql")
    ).json()
    assert found["fileOperationStats"] == {k: rest_stats[k] for k in found["fileOperationStats"]}
    assert found["terminalCommands"]["nodes"] == [{"command": "make", "exitCode": 2}]
    assert found["terminalCommandStats"] == {"totalCommands": 1, "failureCount": 1, "redactions": 1}
    assert found["gitLinks"]["nodes"] == [{"commitSha": "g-1", "linkType": "ci"}]
    assert found["gitCommit"] == {"commitSha": "g-1", "traceCount": 1, "delta": None}
    assert found["ciRuns"]["nodes"] == [
        {"providerRunId": "gql-1", "status": "failure", "traceCount": 1}
    ]


async def test_compare_and_missing_records_answer_through_graphql(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for trace_id, path in (("t-c1", "a.py"), ("t-c2", "b.py")):
        await make_trace(client, project, trace_id)
        body = {"traceId": trace_id, "operation": "update", "filePath": path}
        assert (await call(client, project, "POST", "/v1/file-operations", body)).status_code == 201
    query = 'query { compareReplays(traceId1: "t-c1", traceId2: "t-c2") { files differences } }'
    found = (await data(client, project, query))["compareReplays"]
    rest = (
        await call(
            client, project, "POST", "/v1/replay/compare", {"traceId1": "t-c1", "traceId2": "t-c2"}
        )
    ).json()
    assert (found["files"], found["differences"]) == (rest["files"], rest["differences"])
    missing = await post(client, 'query { checkpoint(id: "nope") { id } }', headers=project.bearer)
    assert [e["extensions"]["code"] for e in missing["errors"]] == ["NOT_FOUND"]


async def test_checkpoint_diff_and_record_counts_answer_what_rest_does(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-diff")
    await make_trace(client, project, "t-plain")
    ids = []
    for name, files in (
        ("before", [file("a.py", "x = 1\n"), file("gone.txt", "bye\n")]),
        ("after", [file("a.py", "x = 2\n"), file("new.md", "# hi\n")]),
    ):
        body = {"traceId": "t-diff", "name": name, "files": files}
        created = await call(client, project, "POST", "/v1/checkpoints", body)
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    body = {"traceId": "t-diff", "command": "make", "exitCode": 0}
    assert (await call(client, project, "POST", "/v1/terminal-commands", body)).status_code == 201
    query = """
    query Diff($a: ID!, $b: ID!) {
      checkpointDiff(checkpointId: $b, againstId: $a) {
        checkpointId againstId added removed changed unchangedCount
        files { path status oldSha256 newSha256 oldSize newSize diff diffTruncated }
      }
      diffed: trace(id: "t-diff") { agentRecords { checkpoints terminalCommands fileOperations total } }
      plain: trace(id: "t-plain") { agentRecords { total } }
    }"""
    found = await data(client, project, query, a=ids[0], b=ids[1])
    rest = (
        await call(client, project, "GET", f"/v1/checkpoints/{ids[1]}/diff?against={ids[0]}")
    ).json()
    diff = found["checkpointDiff"]
    assert (diff["added"], diff["removed"], diff["changed"]) == (["new.md"], ["gone.txt"], ["a.py"])
    assert diff["files"] == rest["files"]
    assert "-x = 1\n+x = 2\n" in next(f["diff"] for f in diff["files"] if f["path"] == "a.py")
    assert found["diffed"]["agentRecords"] == {
        "checkpoints": 2, "terminalCommands": 1, "fileOperations": 0, "total": 3,
    }  # fmt: skip
    assert found["plain"]["agentRecords"] == {"total": 0}
    missing = await post(client, query, {"a": ids[0], "b": "nope"}, headers=project.bearer)
    assert [e["extensions"]["code"] for e in missing["errors"]] == ["NOT_FOUND"]
