"""Automatic evaluation on both databases: jobs queued with the ingest, sampling, filters
and their explanations, the quiet period, and durability: a server restarted mid-way
loses no job, and a second worker process on the same PostgreSQL never runs one twice."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.evaluators import FAST, get, post, wait_for
from tests.api.judge import FakeJudge
from tests.conftest import ProjectKeys
from tests.serving import run_worker, serve

NOW = "2026-12-01T10:00:00Z"


def _batch(traces: list[dict[str, Any]]) -> dict[str, Any]:
    return {"batch": [
        {"id": f"e-{t['id']}-{t.get('output', '')!s:.8}", "type": "trace-create",
         "timestamp": NOW, "body": t}
        for t in traces
    ]}  # fmt: skip


async def _ingest(client: httpx.AsyncClient, auth: Any, traces: list[dict[str, Any]]) -> None:
    response = await client.post("/api/public/ingestion", json=_batch(traces), auth=auth)
    assert response.status_code == 207, response.text
    assert response.json()["errors"] == []


async def _jobs(client: httpx.AsyncClient, headers: dict[str, str], evaluator_id: str) -> list[Any]:
    found: list[Any] = []
    cursor = None
    while True:
        query = {
            "evaluatorId": evaluator_id,
            "limit": 100,
            **({"cursor": cursor} if cursor else {}),
        }
        page = (await client.get("/v1/evaluation-jobs", params=query, headers=headers)).json()
        found += page["data"]
        cursor = page["meta"]["nextCursor"]
        if not cursor:
            return found


def _settled(jobs: list[Any], expected: int | None = None) -> bool:
    done = all(j["status"] in ("completed", "failed", "skipped") for j in jobs)
    return done and (expected is None or len(jobs) == expected)


# Tests in the app of the test session


async def test_half_of_100_matching_traces_are_sampled_and_every_one_explains_itself(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    made = await post(eval_client, eval_project, "/v1/evaluators", {
        "name": "auto", "type": "rule", "sampling": 0.5, "filter": {"traceNames": ["auto"]},
        "config": {"operator": "contains", "value": "Paris"}})  # fmt: skip
    traces = [{"id": f"auto-{n}", "name": "auto", "output": "Paris"} for n in range(100)]
    others = [{"id": f"other-{n}", "name": "other", "output": "Paris"} for n in range(5)]
    await _ingest(eval_client, eval_project.basic, traces + others)

    async def all_done() -> Any:
        jobs = await _jobs(eval_client, eval_project.bearer, made["id"])
        stats = (await get(eval_client, eval_project, f"/v1/evaluators/{made['id']}"))["stats"]
        counted = stats["outcomes"]["sampled_out"] + stats["outcomes"]["scored"] == 100
        settled = _settled(jobs) and stats["outcomes"]["queued"] == 0
        return (jobs, stats) if settled and counted and stats["outcomes"]["filtered_out"] else None

    jobs, stats = await wait_for(all_done)
    outcomes = stats["outcomes"]
    assert 30 <= outcomes["scored"] <= 70, outcomes
    assert outcomes["scored"] + outcomes["sampled_out"] == 100
    assert outcomes["filtered_out"] == 5
    assert [j["status"] for j in jobs] == ["completed"] * outcomes["scored"]
    assert stats["averageScore"] == 1.0
    assert stats["jobs"]["completed"] == outcomes["scored"]
    scores = await get(eval_client, eval_project, "/v1/scores", name="auto", limit=100)
    assert len(scores["data"]) == outcomes["scored"]
    assert {s["source"] for s in scores["data"]} == {"EVAL"}


async def test_a_trace_is_evaluated_once_its_writes_settle_not_at_its_first_event(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    made = await post(eval_client, eval_project, "/v1/evaluators", {
        "name": "settled", "type": "rule", "config": {"operator": "contains", "value": "Paris"}})  # fmt: skip
    await _ingest(eval_client, eval_project.basic, [{"id": "late", "name": "q", "input": "?"}])
    await _ingest(eval_client, eval_project.basic, [{"id": "late", "output": "Paris, surely"}])

    async def done() -> Any:
        jobs = await _jobs(eval_client, eval_project.bearer, made["id"])
        return jobs if jobs and _settled(jobs) else None

    [job] = await wait_for(done)
    assert job["status"] == "completed"
    assert job["result"]["value"] is True  # the output that came after the first event
    later = await eval_client.patch(
        f"/v1/evaluators/{made['id']}", json={"enabled": False}, headers=eval_project.bearer
    )
    assert later.status_code == 200
    await _ingest(eval_client, eval_project.basic, [{"id": "new", "output": "Paris"}])
    detail = await get(eval_client, eval_project, f"/v1/evaluators/{made['id']}")
    assert detail["stats"]["outcomes"]["queued"] == 0  # a disabled evaluator queues nothing


async def test_an_observation_evaluator_matches_types_and_models(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    made = await post(eval_client, eval_project, "/v1/evaluators", {
        "name": "gen", "type": "rule", "target": "observation",
        "filter": {"observationTypes": ["GENERATION"], "models": ["gpt-4o"]},
        "config": {"operator": "length", "source": "output"}})  # fmt: skip
    batch = {"batch": [
        {"id": "o1", "type": "generation-create", "timestamp": NOW,
         "body": {"id": "g-1", "traceId": "t-obs", "model": "gpt-4o", "output": "four"}},
        {"id": "o2", "type": "span-create", "timestamp": NOW,
         "body": {"id": "s-1", "traceId": "t-obs", "output": "x"}},
    ]}  # fmt: skip
    response = await eval_client.post("/api/public/ingestion", json=batch, auth=eval_project.basic)
    assert response.status_code == 207

    async def done() -> Any:
        jobs = await _jobs(eval_client, eval_project.bearer, made["id"])
        return jobs if jobs and _settled(jobs) else None

    [job] = await wait_for(done)
    assert (job["payload"]["observationId"], job["result"]["value"]) == ("g-1", 4.0)

    async def counted() -> Any:  # the counts of subjects not queued are written each second
        stats = (await get(eval_client, eval_project, f"/v1/evaluators/{made['id']}"))["stats"]
        return stats if stats["outcomes"]["filtered_out"] else None

    stats = await wait_for(counted)
    assert (stats["outcomes"]["scored"], stats["outcomes"]["filtered_out"]) == (1, 1)


# Tests with server and worker processes


def _env(settings_url: str, judge: FakeJudge, **more: str) -> dict[str, str]:
    fast = {f"AGENTTRACE_{k.upper()}": str(v) for k, v in FAST.items()}
    return {
        **fast, "AGENTTRACE_LLM_BASE_URL": judge.url, "AGENTTRACE_INIT_PROJECT_NAME": "evals",
        "AGENTTRACE_INIT_PUBLIC_KEY": "pk-lf-evals-1234", "AGENTTRACE_INIT_SECRET_KEY":
        "sk-lf-evals-1234567890", **more,
    }  # fmt: skip


AUTH = ("pk-lf-evals-1234", "sk-lf-evals-1234567890")
HEADERS = {"Authorization": "Bearer sk-lf-evals-1234567890"}
JUDGE = {"name": "durable", "type": "llm_as_judge", "config": {"model": "delayed"},
         "prompt": "{{output}}", "sampling": 0.5}  # fmt: skip


async def test_no_job_is_lost_when_the_server_restarts_mid_way(
    fresh_database_url: str, judge: FakeJudge
) -> None:
    env = _env(fresh_database_url, judge, AGENTTRACE_WORKER_CONCURRENCY="2")
    with serve(fresh_database_url, **env) as first:
        async with httpx.AsyncClient(base_url=first.url, timeout=30) as client:
            made = (await client.post("/v1/evaluators", json=JUDGE, headers=HEADERS)).json()
            traces = [{"id": f"r-{n}", "name": "q", "output": f"answer {n}"} for n in range(100)]
            await _ingest(client, AUTH, traces)

            async def some_done() -> Any:
                jobs = await _jobs(client, HEADERS, made["id"])
                return [j for j in jobs if j["status"] == "completed"]

            await wait_for(some_done)
            before = await _jobs(client, HEADERS, made["id"])
        assert first.stop()
    assert not _settled(before), "the restart came too late to prove anything"
    with serve(fresh_database_url, **env) as second:
        async with httpx.AsyncClient(base_url=second.url, timeout=30) as client:
            jobs = await wait_for(lambda: _settled_jobs(client, made["id"]), within=60)
            scores = await client.get("/v1/scores", params={"name": "durable", "limit": 100},
                                      headers=HEADERS)  # fmt: skip
    assert [j["status"] for j in jobs] == ["completed"] * len(jobs)
    assert 30 <= len(jobs) <= 70
    assert len(scores.json()["data"]) == len(jobs)
    assert {j["id"] for j in before} == {j["id"] for j in jobs}


async def _settled_jobs(client: httpx.AsyncClient, evaluator_id: str) -> Any:
    jobs = await _jobs(client, HEADERS, evaluator_id)
    return jobs if jobs and _settled(jobs) else None


@pytest.mark.postgresql_only  # SKIP LOCKED claims across processes: PostgreSQL
async def test_a_second_worker_process_on_postgresql_never_runs_a_job_twice(
    dialect: str, fresh_database_url: str, judge: FakeJudge
) -> None:
    env = _env(fresh_database_url, judge)
    before = judge.requests["delayed"]
    jobs, pids = await _run_beside_a_worker(fresh_database_url, env, "w")
    assert len(jobs) == 100
    assert {j["status"] for j in jobs} == {"completed"}
    assert {j["attempts"] for j in jobs} == {1}
    assert judge.requests["delayed"] - before == 100  # the judge was asked once per job
    # The server's worker and the worker process shared them.
    assert {_pid(j) for j in jobs} == set(pids)


def _pid(job: dict[str, Any]) -> int:
    return int(job["workerId"].split(":")[-2])  # host:pid:tag


async def _run_beside_a_worker(
    url: str, env: dict[str, str], prefix: str
) -> tuple[list[Any], tuple[int, int]]:
    """100 traces into a server with a worker process beside it; (jobs, their pids)."""
    with serve(url, **env) as server, run_worker(url, **env) as worker:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            body = {**JUDGE, "sampling": 1.0}
            made = (await client.post("/v1/evaluators", json=body, headers=HEADERS)).json()
            traces = [{"id": f"{prefix}-{n}", "output": f"answer {n}"} for n in range(100)]
            await _ingest(client, AUTH, traces)
            jobs = await wait_for(lambda: _settled_jobs(client, made["id"]), within=60)
        return jobs, (server.process.pid, worker.pid)


async def test_the_worker_command_runs_the_queue_of_a_server_without_workers(
    fresh_database_url: str, judge: FakeJudge
) -> None:
    env = _env(fresh_database_url, judge, AGENTTRACE_RUN_WORKERS="false")
    jobs, (_, worker_pid) = await _run_beside_a_worker(fresh_database_url, env, "solo")
    assert [j["status"] for j in jobs] == ["completed"] * 100
    assert {_pid(j) for j in jobs} == {worker_pid}
