"""Checkpoints through /v1 on both databases: git state and manifest, contents stored once
per hash, tar.gz download, diff, restore, bad input and project isolation."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile

import httpx
from sqlalchemy import func, select

from agenttrace.core.agents.tables import CHECKPOINT_BLOB
from agenttrace.db import Database
from tests.api.agents import call, error, file, make_trace, without_message
from tests.conftest import ProjectKeys, make_project

TREE = [file("src/app.py", "print('v1')\n"), file("README.md", "# demo\n")]


async def _checkpoint(
    client: httpx.AsyncClient,
    project: ProjectKeys,
    trace_id: str,
    files: list[dict],
    **extra: object,
) -> dict:
    response = await call(
        client, project, "POST", "/v1/checkpoints",
        {"traceId": trace_id, "name": "cp", "files": files, "gitCommitSha": "abc123",
         "gitBranch": "main", **extra},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    return response.json()


async def _blob_rows(database: Database, project: ProjectKeys) -> int:
    async with database.read() as session:
        result = await session.execute(
            select(func.count())
            .select_from(CHECKPOINT_BLOB)
            .where(CHECKPOINT_BLOB.c.project_id == project.project_id)
        )
        return int(result.scalar_one())


# Tests for create, read and lists


async def test_a_checkpoint_keeps_its_git_state_and_manifest(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-cp")
    created = await _checkpoint(client, project, "t-cp", TREE, type="PRE-EDIT")
    assert created["type"] == "pre_edit"
    assert (created["gitCommitSha"], created["gitBranch"]) == ("abc123", "main")
    assert [f["path"] for f in created["files"]] == ["README.md", "src/app.py"]
    assert all(f["stored"] for f in created["files"])
    assert (created["totalFiles"], created["storedFiles"]) == (2, 2)
    assert created["totalSizeBytes"] == sum(f["size"] for f in TREE)
    read = await call(client, project, "GET", f"/v1/checkpoints/{created['id']}")
    assert read.json() == created
    listed = await call(client, project, "GET", "/v1/checkpoints?traceId=t-cp&type=pre_edit")
    assert [c["id"] for c in listed.json()["data"]] == [created["id"]]
    assert listed.json()["meta"] == {"totalCount": 1, "hasMore": False, "nextCursor": None}
    of_trace = await call(client, project, "GET", "/v1/traces/t-cp/checkpoints")
    assert [c["id"] for c in of_trace.json()["data"]] == [created["id"]]


async def test_the_sdk_files_snapshot_and_type_aliases_are_read(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-snap")
    digest = hashlib.sha256(b"x").hexdigest()
    response = await call(
        client, project, "POST", "/v1/checkpoints",
        {"traceId": "t-snap", "name": "snap", "type": "rollback",
         "filesSnapshot": f'{{"a/b.txt": {{"size": 1, "hash": "{digest}"}}}}'},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["type"] == "restore"
    assert body["files"] == [
        {"path": "a/b.txt", "size": 1, "sha256": digest, "mode": None, "stored": False}
    ]


async def test_two_checkpoints_of_one_tree_store_each_content_once(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    await make_trace(client, project, "t-dedup")
    await _checkpoint(client, project, "t-dedup", TREE)
    await _checkpoint(client, project, "t-dedup", TREE)
    assert await _blob_rows(database, project) == 2
    # Only the hashes, the second time: the contents are already held.
    hashes_only = [{k: v for k, v in f.items() if k != "content"} for f in TREE]
    third = await _checkpoint(client, project, "t-dedup", hashes_only)
    assert third["storedFiles"] == 2
    assert await _blob_rows(database, project) == 2


async def test_a_download_holds_exactly_what_was_sent(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-tar")
    binary = {"path": "bin/blob.dat", "content": base64.b64encode(bytes(range(256))).decode(),
              "mode": "755"}  # fmt: skip
    created = await _checkpoint(client, project, "t-tar", [*TREE, binary])
    response = await call(client, project, "GET", f"/v1/checkpoints/{created['id']}/download")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/gzip"
    with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz") as archive:
        found = {m.name: (archive.extractfile(m).read(), m.mode) for m in archive.getmembers()}  # type: ignore[union-attr]
    assert found == {
        "src/app.py": (b"print('v1')\n", 0o644),
        "README.md": (b"# demo\n", 0o644),
        "bin/blob.dat": (bytes(range(256)), 0o755),
    }


async def test_a_diff_lists_added_removed_and_changed_files_with_unified_diffs(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-diff")
    old = await _checkpoint(client, project, "t-diff", TREE)
    new = await _checkpoint(
        client, project, "t-diff",
        [file("src/app.py", "print('v2')\n"), file("NOTES.txt", "new\n")],
    )  # fmt: skip
    response = await call(
        client, project, "GET", f"/v1/checkpoints/{new['id']}/diff?against={old['id']}"
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["added"], body["removed"], body["changed"]) == (
        ["NOTES.txt"], ["README.md"], ["src/app.py"],
    )  # fmt: skip
    diffs = {f["path"]: f["diff"] for f in body["files"]}
    assert diffs["src/app.py"] == (
        "--- a/src/app.py\n+++ b/src/app.py\n@@ -1 +1 @@\n-print('v1')\n+print('v2')\n"
    )
    assert diffs["NOTES.txt"] == "--- /dev/null\n+++ b/NOTES.txt\n@@ -0,0 +1 @@\n+new\n"
    missing = await call(client, project, "GET", f"/v1/checkpoints/{new['id']}/diff")
    assert (missing.status_code, without_message(missing)) == (400, error("against"))


async def test_a_restore_is_recorded_and_answers_the_files_to_put_back(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-restore")
    original = await _checkpoint(client, project, "t-restore", TREE)
    response = await call(client, project, "POST", f"/v1/checkpoints/{original['id']}/restore", {})
    assert response.status_code == 201, response.text
    body = response.json()
    restored = body["checkpoint"]
    assert (restored["type"], restored["restoredFrom"]) == ("restore", original["id"])
    assert restored["restoredAt"] is not None
    assert restored["traceId"] == "t-restore"
    sent = {f["path"]: f["content"] for f in TREE}
    assert {f["path"]: f["content"] for f in body["files"]} == sent
    listed = await call(client, project, "GET", "/v1/checkpoints?traceId=t-restore&type=restore")
    assert [c["id"] for c in listed.json()["data"]] == [restored["id"]]


# Tests for bad input


async def test_bad_checkpoints_are_refused_naming_the_field(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await make_trace(client, project, "t-bad")
    good = file("ok.txt", "ok")
    cases = [
        ({"type": "snapshot"}, 400, "type"),
        ({"files": [{**good, "sha256": "0" * 64}]}, 400, "files[0].sha256"),
        ({"files": [{**good, "hash": "f" * 64, "sha256": None}]}, 400, "files[0].hash"),
        ({"files": [{**good, "path": "../etc/passwd"}]}, 400, "files[0].path"),
        ({"files": [{**good, "path": "/etc/passwd"}]}, 400, "files[0].path"),
        ({"files": [{**good, "path": "C:\\windows"}]}, 400, "files[0].path"),
        ({"files": [good, {**good, "path": "a/../../b"}]}, 400, "files[1].path"),
        ({"files": [{**good, "content": "***"}]}, 400, "files[0].content"),
        ({"files": [{**good, "size": 99}]}, 400, "files[0].size"),
    ]
    for extra, status, field in cases:
        response = await call(
            client, project, "POST", "/v1/checkpoints", {"traceId": "t-bad", "name": "x", **extra}
        )
        assert (response.status_code, without_message(response)) == (status, error(field)), extra
    listed = await call(client, project, "GET", "/v1/checkpoints?traceId=t-bad")
    assert listed.json()["data"] == []


async def test_an_oversize_file_is_413(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    await make_trace(client, project, "t-big")
    big = base64.b64encode(b"x" * (5 * 1024 * 1024 + 1)).decode()
    response = await call(
        client, project, "POST", "/v1/checkpoints",
        {"traceId": "t-big", "files": [{"path": "big.bin", "content": big}]},
    )  # fmt: skip
    assert (response.status_code, without_message(response)) == (
        413, error("files[0].content", "payload_too_large"),
    )  # fmt: skip


async def test_an_unknown_trace_is_404_unless_create_trace(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    body = {"traceId": "t-nowhere", "name": "x", "files": TREE}
    refused = await call(client, project, "POST", "/v1/checkpoints", body)
    assert (refused.status_code, without_message(refused)) == (
        404, {"code": "not_found", "details": {}},
    )  # fmt: skip
    assert (await call(client, project, "GET", "/v1/traces/t-nowhere")).status_code == 404
    created = await call(client, project, "POST", "/v1/checkpoints", {**body, "createTrace": True})
    assert created.status_code == 201
    assert (await call(client, project, "GET", "/v1/traces/t-nowhere")).status_code == 200


async def test_another_project_sees_no_checkpoint(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    await make_trace(client, project, "t-mine")
    created = await _checkpoint(client, project, "t-mine", TREE)
    other = await make_project(database)
    for path in ("", "/download", f"/diff?against={created['id']}"):
        response = await call(client, other, "GET", f"/v1/checkpoints/{created['id']}{path}")
        assert response.status_code == 404, path
    restore = await call(client, other, "POST", f"/v1/checkpoints/{created['id']}/restore", {})
    assert restore.status_code == 404
    listed = await call(client, other, "GET", "/v1/checkpoints")
    assert listed.json()["data"] == []
