"""The web UI's operations (``graphql/operations``, written from ``ui/src/api`` word for
word): each runs on both databases with the variables the UI gives, and answers what
``/v1`` answers for the same rows."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import orjson

from tests.api.test_v1_reads import get
from tests.conftest import ProjectKeys
from tests.graphql.conftest import data, operation

UI_OPERATIONS = {
    "TraceHeader", "TraceIO", "TraceSkeleton", "FilterChoices", "ObservationDetail",
    "ObservationPayloads", "ObservationsFull", "SessionList", "SessionHeader", "SessionTurns",
    "Dashboard", "CurrentProject", "Viewer",
}  # fmt: skip


def millis(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC).timestamp() * 1000


async def test_the_trace_page_operations(client: httpx.AsyncClient, explorer: ProjectKeys) -> None:
    rest = await get(client, explorer, "/v1/traces/t1", includeObservations="true")
    header = (await data(client, explorer, operation("TraceHeader"), id="t1"))["trace"]
    assert header["inputBytes"] == len(orjson.dumps(rest["input"]))
    assert header["htmlPath"] == rest["htmlPath"]
    assert sorted(s["id"] for s in header["allScores"]) == ["h1", "q1"]
    assert [s["id"] for s in header["scores"]] == ["q1"]
    io = (
        await data(
            client, explorer, operation("TraceIO"), id="t1",
            withInput=True, withOutput=False, withMetadata=True,
        )
    )["trace"]  # fmt: skip
    assert io == {"id": "t1", "input": rest["input"], "metadata": rest["metadata"]}
    skeleton = (await data(client, explorer, operation("TraceSkeleton"), traceId="t1"))["trace"][
        "skeleton"
    ]
    assert skeleton["ids"] == [o["id"] for o in rest["observations"]]
    assert skeleton["startTimes"] == [millis(o["startTime"]) for o in rest["observations"]]
    choices = (await data(client, explorer, operation("FilterChoices")))["project"]
    assert choices["models"] == ["gpt-4o", "gpt-4o-mini", "house-model-x"]
    assert choices["environments"] == ["default", "production", "staging"]


async def test_the_observation_panel_operations(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    rest = await get(client, explorer, "/v1/observations/t1-gen")
    detail = (await data(client, explorer, operation("ObservationDetail"), id="t1-gen"))[
        "observation"
    ]
    assert "input" not in detail
    # The head is the stored JSON text: compact on SQLite, JSONB's own spacing on Postgres.
    assert orjson.loads(detail["inputHead"]) == rest["input"]
    assert detail["outputBytes"] == len(orjson.dumps(rest["output"]))
    assert detail["usage"] == rest["usage"]
    assert [s["id"] for s in detail["scores"]] == ["h1"]
    payloads = (
        await data(
            client, explorer, operation("ObservationPayloads"), id="t1-gen",
            withInput=False, withOutput=True, withMetadata=False,
        )
    )["observation"]  # fmt: skip
    assert payloads == {"id": "t1-gen", "output": rest["output"]}
    full = (await data(client, explorer, operation("ObservationsFull"), traceId="t1", first=500))[
        "trace"
    ]["observations"]
    assert [o["id"] for o in full["nodes"]] == ["t1-root", "t1-gen", "t1-log"]
    assert full["nodes"][1]["input"] == rest["input"]


async def test_the_session_operations(client: httpx.AsyncClient, explorer: ProjectKeys) -> None:
    listed = (
        await data(
            client, explorer, operation("SessionList"), filter={"userId": "bob"},
            first=50, withCount=True,
        )
    )["sessions"]  # fmt: skip
    assert [s["id"] for s in listed["nodes"]] == ["s1"]
    assert listed["totalCount"] == 1
    header = (await data(client, explorer, operation("SessionHeader"), id="s1"))["session"]
    assert header["traceCount"] == 2
    turns = (await data(client, explorer, operation("SessionTurns"), id="s1", first=50))["session"][
        "traces"
    ]["nodes"]
    assert [(t["id"], t["outputPreview"]) for t in turns] == [("t1", "hello"), ("t2", None)]


async def test_the_dashboard_and_the_bar(client: httpx.AsyncClient, explorer: ProjectKeys) -> None:
    window = {"fromTimestamp": "2026-05-01T00:00:00Z", "toTimestamp": "2026-05-02T00:00:00Z"}
    metrics = (await data(client, explorer, operation("Dashboard"), filter=window, bucket="HOUR"))[
        "metrics"
    ]
    assert len(metrics["series"]) == 24
    assert sum(b["traceCount"] for b in metrics["series"]) == metrics["totals"]["traceCount"] == 5
    assert metrics["totals"]["errorCount"] == 1  # t4
    assert [b["errorCount"] for b in metrics["series"]][13] == 1
    project = (await data(client, explorer, operation("CurrentProject")))["project"]
    assert project["id"] == explorer.project_id
    viewer = (await data(client, explorer, operation("Viewer")))["viewer"]
    assert viewer == {"publicKey": explorer.public_key, "scopes": ["*"], "expiresAt": None}
