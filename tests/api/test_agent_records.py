"""File operations and terminal commands through /v1 on both databases: create, batch
(at most 100), filters, stats, per trace, and secrets redacted before they are stored
(checked in the database itself)."""

from __future__ import annotations

import httpx
from sqlalchemy import text

from agenttrace.db import Database
from tests.api.agents import call, error, make_trace, without_message
from tests.conftest import ProjectKeys, make_project

# Fake secrets of the shapes the redaction knows (none is a real credential).
OPENAI = "sk-proj-" + "a1B2c3D4e5F6g7H8i9J0" * 2
GITHUB = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0" * 2
AWS = "AKIA" + "IOSFODNN7EXAMPLE"


async def _raw(database: Database, table: str, project: ProjectKeys) -> str:
    """Every stored value of the project's rows, as one text (what a dump would show)."""
    async with database.read() as session:
        result = await session.execute(
            text(f"SELECT * FROM {table} WHERE project_id = :p"), {"p": project.project_id}
        )
        return repr([tuple(row) for row in result.all()])


# Tests for file operations


async def test_file_operations_are_created_listed_counted_and_read_per_trace(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-files")
    one = await call(
        client, project, "POST", "/v1/file-operations",
        {"traceId": "t-files", "operation": "CREATE", "path": "src/new.py", "linesAdded": 10,
         "toolName": "write", "startedAt": "2026-03-01T10:00:00Z", "durationMs": 250},
    )  # fmt: skip
    assert one.status_code == 201, one.text
    created = one.json()
    assert (created["operation"], created["filePath"], created["durationMs"]) == (
        "create",
        "src/new.py",
        250,
    )
    assert created["completedAt"] == "2026-03-01T10:00:00.250Z"
    batch = await call(
        client, project, "POST", "/v1/file-operations/batch",
        {"operations": [
            {"traceId": "t-files", "operation": "update", "filePath": "src/app.py",
             "linesAdded": 3, "linesRemoved": 1, "startedAt": "2026-03-01T10:00:01Z"},
            {"traceId": "t-files", "operation": "read", "filePath": "src/app.py",
             "success": False, "errorMessage": "denied", "startedAt": "2026-03-01T10:00:02Z"},
        ]},
    )  # fmt: skip
    assert batch.status_code == 201, batch.text
    assert [o["operation"] for o in batch.json()["data"]] == ["update", "read"]
    failed = await call(client, project, "GET", "/v1/file-operations?traceId=t-files&success=false")
    assert [o["operation"] for o in failed.json()["data"]] == ["read"]
    of_trace = await call(client, project, "GET", "/v1/traces/t-files/file-operations")
    assert [o["operation"] for o in of_trace.json()["data"]] == ["create", "update", "read"]
    stats = await call(client, project, "GET", "/v1/file-operations/stats?traceId=t-files")
    assert stats.json() == {
        "totalOperations": 3, "createCount": 1, "readCount": 1, "updateCount": 1,
        "deleteCount": 0, "renameCount": 0, "moveCount": 0, "copyCount": 0, "chmodCount": 0,
        "successCount": 2, "failureCount": 1, "totalLinesAdded": 13, "totalLinesRemoved": 1,
        "filesTouched": 2,
    }  # fmt: skip
    read = await call(client, project, "GET", f"/v1/file-operations/{created['id']}")
    assert read.json() == created


async def test_bad_file_operations_are_refused_naming_the_field(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-badfiles")
    good = {"traceId": "t-badfiles", "operation": "read", "filePath": "a"}
    for path, body, field in (
        ("/v1/file-operations", {**good, "operation": "mkdir"}, "operation"),
        ("/v1/file-operations", {**good, "filePath": None}, "filePath"),
        ("/v1/file-operations/batch", {"operations": [good, {**good, "operation": "x"}]},
         "operations[1].operation"),
        ("/v1/file-operations/batch", {"operations": [good] * 101}, "operations"),
        ("/v1/file-operations/batch", {"operations": []}, "operations"),
    ):  # fmt: skip
        response = await call(client, project, "POST", path, body)
        assert (response.status_code, without_message(response)) == (400, error(field)), field
    listed = await call(client, project, "GET", "/v1/file-operations?traceId=t-badfiles")
    assert listed.json()["data"] == []
    hundred = await call(
        client, project, "POST", "/v1/file-operations/batch", {"operations": [good] * 100}
    )
    assert (hundred.status_code, len(hundred.json()["data"])) == (201, 100)


# Tests for terminal commands


async def test_terminal_commands_are_created_filtered_and_counted(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-cmds")
    batch = await call(
        client, project, "POST", "/v1/terminal-commands/batch",
        {"commands": [
            {"traceId": "t-cmds", "command": "pytest", "args": ["-q"], "exitCode": 0,
             "startedAt": "2026-03-01T10:00:00Z", "completedAt": "2026-03-01T10:00:03Z"},
            {"traceId": "t-cmds", "command": "make", "exitCode": 2, "cwd": "/repo",
             "startedAt": "2026-03-01T10:00:04Z", "durationMs": 1000},
            {"traceId": "t-cmds", "command": "sleep", "timedOut": True, "status": "failed",
             "startedAt": "2026-03-01T10:00:06Z", "durationMs": 5000},
        ]},
    )  # fmt: skip
    assert batch.status_code == 201, batch.text
    created = batch.json()["data"]
    assert [c["success"] for c in created] == [True, False, False]
    assert (created[0]["durationMs"], created[1]["workingDirectory"]) == (3000, "/repo")
    failing = await call(client, project, "GET", "/v1/terminal-commands?traceId=t-cmds&exitCode=2")
    assert [c["command"] for c in failing.json()["data"]] == ["make"]
    stats = await call(client, project, "GET", "/v1/terminal-commands/stats?traceId=t-cmds")
    assert stats.json() == {
        "totalCommands": 3, "successCount": 1, "failureCount": 2, "timeoutCount": 1,
        "totalDurationMs": 9000, "avgDurationMs": 3000.0, "redactions": 0,
    }  # fmt: skip
    of_trace = await call(client, project, "GET", "/v1/traces/t-cmds/terminal-commands")
    assert [c["command"] for c in of_trace.json()["data"]] == ["pytest", "make", "sleep"]
    unknown = await call(
        client, project, "POST", "/v1/terminal-commands", {"traceId": "nope", "command": "ls"}
    )
    assert unknown.status_code == 404
    bad = await call(client, project, "POST", "/v1/terminal-commands", {"traceId": "t-cmds"})
    assert (bad.status_code, without_message(bad)) == (400, error("command"))


# Tests for redaction


async def test_secrets_never_reach_the_database(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    await make_trace(client, project, "t-secrets")
    command = await call(
        client, project, "POST", "/v1/terminal-commands",
        {"traceId": "t-secrets", "command": f"OPENAI_API_KEY={OPENAI} python run.py",
         "args": [f"--token={GITHUB}"], "envVars": {"AWS_SECRET_ACCESS_KEY": "hunter2", "HOME": "/root"},
         "stdout": f"using {AWS}", "stderr": "Authorization: Bearer abcdefghijklmnop"},
    )  # fmt: skip
    assert command.status_code == 201, command.text
    body = command.json()
    assert body["command"] == "OPENAI_API_KEY=[REDACTED:api_key] python run.py"
    assert body["args"] == ["--token=[REDACTED:github_token]"]
    assert body["envVars"] == {"AWS_SECRET_ACCESS_KEY": "[REDACTED:env_secret]", "HOME": "/root"}
    assert body["stdout"] == "using [REDACTED:aws_access_key]"
    assert body["stderr"] == "Authorization: Bearer [REDACTED:bearer_token]"
    assert body["redactions"] == 5
    operation = await call(
        client, project, "POST", "/v1/file-operations",
        {"traceId": "t-secrets", "operation": "update", "filePath": ".env",
         "diffPreview": f"+GITHUB_TOKEN={GITHUB}\n+password=s3cret"},
    )  # fmt: skip
    assert operation.json()["diffPreview"] == (
        "+GITHUB_TOKEN=[REDACTED:github_token]\n+password=[REDACTED:password]"
    )
    assert operation.json()["redactions"] == 2
    stored = await _raw(database, "terminal_command", project) + await _raw(
        database, "file_operation", project
    )
    for secret in (OPENAI, GITHUB, AWS, "hunter2", "s3cret", "abcdefghijklmnop"):
        assert secret not in stored
    assert "[REDACTED:api_key]" in stored


async def test_another_project_sees_no_file_operation_or_command(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    await make_trace(client, project, "t-private")
    created = await call(
        client, project, "POST", "/v1/terminal-commands", {"traceId": "t-private", "command": "ls"}
    )
    other = await make_project(database)
    assert (
        await call(client, other, "GET", f"/v1/terminal-commands/{created.json()['id']}")
    ).status_code == 404
    assert (await call(client, other, "GET", "/v1/terminal-commands")).json()["data"] == []
    assert (await call(client, other, "GET", "/v1/traces/t-private/terminal-commands")).json()[
        "data"
    ] == []
    refused = await call(
        client, other, "POST", "/v1/terminal-commands", {"traceId": "t-private", "command": "ls"}
    )
    assert refused.status_code == 404


async def test_deleting_a_trace_deletes_its_agent_records_but_not_its_ci_run(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-gone")
    for path, body in (
        ("/v1/terminal-commands", {"traceId": "t-gone", "command": "ls"}),
        ("/v1/file-operations", {"traceId": "t-gone", "operation": "read", "filePath": "a"}),
        ("/v1/checkpoints", {"traceId": "t-gone", "name": "cp"}),
        ("/v1/git-links", {"traceId": "t-gone", "commitSha": "dead"}),
        ("/v1/ci-runs", {"provider": "other", "providerRunId": "keep", "traceIds": ["t-gone"]}),
    ):
        assert (await call(client, project, "POST", path, body)).status_code == 201, path
    assert (await call(client, project, "DELETE", "/v1/traces/t-gone")).status_code == 204
    for path in ("terminal-commands", "file-operations", "checkpoints", "git-links"):
        listed = await call(client, project, "GET", f"/v1/{path}?traceId=t-gone")
        assert listed.json()["data"] == [], path
    run = (await call(client, project, "GET", "/v1/ci-runs/provider/keep")).json()
    assert (run["traceIds"], run["traceCount"]) == ([], 0)
