"""The web UI's evaluator operations (``EvaluatorIndex``, ``EvaluatorView``,
``EvaluatorJobs``, ``TraceEvaluationPanel`` in ``graphql/operations``) on both databases,
with the variables the UI gives: each answers what ``/v1`` answers for the same rows."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.evaluators import get, post, wait_for
from tests.conftest import ProjectKeys
from tests.graphql.conftest import data, operation, statements


async def test_the_evaluator_page_operations(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    made = await post(eval_client, eval_project, "/v1/evaluators", {
        "name": "says yes", "type": "rule", "filter": {"traceNames": ["qa"]},
        "config": {"operator": "contains", "source": "output", "value": "yes"}})  # fmt: skip
    bodies = [{"id": "qa-1", "name": "qa", "output": "yes"}, {"id": "qa-2", "name": "qa", "output": "nope"},
              {"id": "qa-3", "name": "qa"}, {"id": "other", "name": "other", "output": "yes"}]  # fmt: skip
    batch = {"batch": [
        {"id": f"e-{body['id']}", "type": "trace-create", "timestamp": "2026-12-01T10:00:00Z", "body": body}
        for body in bodies
    ]}  # fmt: skip
    sent = await eval_client.post("/api/public/ingestion", json=batch, auth=eval_project.basic)
    assert sent.status_code == 207

    async def settled() -> Any:
        found = await get(eval_client, eval_project, f"/v1/evaluators/{made['id']}")
        outcomes = found["stats"]["outcomes"]
        # The filtered-out checks are counted in memory and written every second.
        done = (outcomes["scored"], outcomes["mapping_missing"]) == (2, 1) and outcomes[
            "filtered_out"
        ] >= 1
        return found if done else None

    detail = await wait_for(settled)

    listed = await data(eval_client, eval_project, operation("EvaluatorIndex"),
                        first=50, after=None, withCount=True)  # fmt: skip
    assert listed["evaluators"]["totalCount"] == 1
    [node] = listed["evaluators"]["nodes"]
    shared = ("id", "name", "type", "target", "enabled", "status", "statusReason", "stats")
    assert {k: node[k] for k in shared} == {k: detail[k] for k in shared}
    assert node["stats"]["averageScore"] == 0.5

    view = (await data(eval_client, eval_project, operation("EvaluatorView"), id=made["id"]))[
        "evaluator"
    ]
    for key in ("config", "filter", "sampling", "scoreName", "scoreDataType", "stats"):
        assert view[key] == detail[key], key

    v1_jobs = await get(eval_client, eval_project, "/v1/evaluation-jobs", evaluatorId=made["id"])
    seen: list[str] = []
    after = None
    while True:  # a page of one at a time: the keyset cursor walks every job once
        page = (await data(eval_client, eval_project, operation("EvaluatorJobs"), evaluatorId=made["id"],
                           status=None, first=1, after=after, withCount=after is None))["evaluationJobs"]  # fmt: skip
        seen += [job["id"] for job in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [job["id"] for job in v1_jobs["data"]]
    assert len(seen) == 3
    skipped = (await data(eval_client, eval_project, operation("EvaluatorJobs"), evaluatorId=made["id"],
                          status="skipped", first=50, after=None, withCount=True))["evaluationJobs"]  # fmt: skip
    [job] = skipped["nodes"]
    assert (skipped["totalCount"], job["traceId"]) == (1, "qa-3")
    v1_job = await get(eval_client, eval_project, f"/v1/evaluation-jobs/{job['id']}")
    assert job["lastError"] == v1_job["lastError"]
    assert "has no value" in job["lastError"]

    for trace_id, outcome in (
        ("other", "filtered_out"),
        ("qa-1", "scored"),
        ("qa-3", "mapping_missing"),
    ):
        panel = await data(
            eval_client, eval_project, operation("TraceEvaluationPanel"), id=trace_id
        )
        [evaluation] = panel["trace"]["evaluations"]
        assert (evaluation["evaluatorId"], evaluation["outcome"]) == (made["id"], outcome)
        assert evaluation["evaluatorName"] == "says yes"
    panel = await data(eval_client, eval_project, operation("TraceEvaluationPanel"), id="other")
    assert "'other' is not one of ['qa']" in panel["trace"]["evaluations"][0]["reason"]

    # A page of traces names its evaluators with one statement (a loader), not one per trace.
    page_of_traces = "query($ids: [ID!]!) { traces(filter: {ids: $ids}) { nodes { id evaluations { evaluatorName } } } }"
    with statements() as seen:
        found = await data(
            eval_client, eval_project, page_of_traces, ids=["qa-1", "qa-2", "qa-3", "other"]
        )
    names = {e["evaluatorName"] for node in found["traces"]["nodes"] for e in node["evaluations"]}
    assert names == {"says yes"}
    assert len([s for s in seen if "evaluator.name" in s]) == 1
