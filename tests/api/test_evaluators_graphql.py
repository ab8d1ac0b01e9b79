"""Evaluators through GraphQL on both databases: the operations of ``graphql/operations``
(evaluators with their counts, jobs by filter, ``Trace.evaluations`` through a loader),
read against what ``/v1`` answers."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.evaluators import get, post, wait_for
from tests.conftest import ProjectKeys
from tests.graphql.conftest import data, operation, statements


async def test_evaluators_jobs_and_trace_evaluations(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    made = await post(eval_client, eval_project, "/v1/evaluators", {
        "name": "gql", "type": "rule", "filter": {"tags": ["checked"]},
        "config": {"operator": "contains", "value": "yes"}})  # fmt: skip
    batch = {"batch": [
        {"id": f"e{n}", "type": "trace-create", "timestamp": "2026-12-01T10:00:00Z",
         "body": {"id": f"g-{n}", "output": "yes", "tags": ["checked"] if n else []}}
        for n in range(3)
    ]}  # fmt: skip
    sent = await eval_client.post("/api/public/ingestion", json=batch, auth=eval_project.basic)
    assert sent.status_code == 207

    async def scored() -> Any:
        found = await get(eval_client, eval_project, f"/v1/evaluators/{made['id']}")
        return found if found["stats"]["outcomes"]["scored"] == 2 else None

    detail = await wait_for(scored)
    listed = await data(eval_client, eval_project, operation("EvaluatorList"))
    [node] = [e["node"] for e in listed["evaluators"]["edges"]]
    assert (node["id"], node["status"], node["enabled"]) == (made["id"], "active", True)
    assert node["stats"] == detail["stats"]

    jobs = await data(eval_client, eval_project, operation("EvaluationJobs"),
                      filter={"evaluatorId": made["id"], "status": "completed"})  # fmt: skip
    nodes = [e["node"] for e in jobs["evaluationJobs"]["edges"]]
    v1 = await get(eval_client, eval_project, "/v1/evaluation-jobs", evaluatorId=made["id"])
    assert sorted(n["id"] for n in nodes) == sorted(j["id"] for j in v1["data"])
    assert {n["traceId"] for n in nodes} == {"g-1", "g-2"}

    later = await post(eval_client, eval_project, "/v1/evaluators", {
        "name": "later", "type": "rule", "config": {"operator": "contains", "value": "no"}})  # fmt: skip
    with statements() as seen:
        traces = await data(eval_client, eval_project, operation("TraceEvaluations"),
                            ids=["g-0", "g-1", "g-2"])  # fmt: skip
    by_trace = {e["node"]["id"]: e["node"]["evaluations"] for e in traces["traces"]["edges"]}
    assert sorted(e["outcome"] for e in by_trace["g-0"]) == ["filtered_out", "unchecked"]
    filtered = next(e for e in by_trace["g-0"] if e["outcome"] == "filtered_out")
    assert "lack one of ['checked']" in filtered["reason"]
    mine = [(e["evaluatorId"], e["outcome"], e["scoreValue"]) for e in by_trace["g-1"]]
    assert sorted(mine) == sorted([(made["id"], "scored", 1.0), (later["id"], "unchecked", None)])
    unchecked = next(e for e in by_trace["g-2"] if e["evaluatorId"] == later["id"])
    assert unchecked["reason"] == "the trace was last written before this evaluator was enabled"
    # One statement for the page's outcomes (a loader), not one per trace.
    assert len([s for s in seen if "FROM evaluation_outcome" in s]) == 1
