"""Evaluators through ``/v1`` on both databases, against a fake OpenAI-compatible judge:
templates, create/read/change/delete, the 400s that name their field, rules, the judge's
answers (good, malformed, 429 then success, timeout, 401), dataset runs, preview, jobs."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.evaluators import get, post, wait_for
from tests.api.judge import FakeJudge
from tests.conftest import ProjectKeys, make_project

RULE = {"name": "mentions-paris", "type": "rule",
        "config": {"operator": "contains", "source": "output", "value": "Paris"}}  # fmt: skip


def judge_body(model: str, **more: Any) -> dict[str, Any]:
    return {"name": f"judge-{model}", "type": "llm_as_judge", "config": {"model": model},
            "prompt": "Q: {{input}}\nA: {{output}}", **more}  # fmt: skip


async def _trace(
    client: httpx.AsyncClient, project: ProjectKeys, trace_id: str, **fields: Any
) -> str:
    body = {"id": trace_id, "name": "qa", "input": "capital of France?",
            "output": "It is Paris.", **fields}  # fmt: skip
    await post(client, project, "/v1/traces", body, status=201)
    return trace_id


async def _execute(
    client: httpx.AsyncClient, project: ProjectKeys, evaluator_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    found: dict[str, Any] = await post(
        client, project, f"/v1/evaluators/{evaluator_id}/execute", body, status=200
    )
    return found


# Tests for templates and the evaluator resource


async def test_six_builtin_templates_are_listed_and_an_evaluator_can_come_from_one(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    templates = await get(eval_client, eval_project, "/v1/evaluator-templates")
    names = [t["name"] for t in templates["data"]]
    assert names == ["hallucination", "relevance", "toxicity", "helpfulness", "correctness",
                     "conciseness"]  # fmt: skip
    relevance = next(t for t in templates["data"] if t["name"] == "relevance")
    assert relevance["variables"] == ["input", "output"]
    assert relevance["builtin"] is True
    made = await post(eval_client, eval_project, "/v1/evaluators",
                      {"template": "relevance", "config": {"model": "good"}})  # fmt: skip
    assert (made["name"], made["type"], made["templateId"]) == (
        "relevance",
        "llm_as_judge",
        "builtin:relevance",
    )
    assert made["prompt"] == relevance["prompt"]
    assert (made["enabled"], made["status"], made["statusReason"]) == (True, "active", None)
    assert made["stats"]["outcomes"]["scored"] == 0
    assert made["stats"]["lastRunAt"] is None


async def test_create_read_list_change_delete_and_other_projects_see_404(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys, eval_database: Any
) -> None:
    made = await post(eval_client, eval_project, "/v1/evaluators", RULE)
    assert made["scoreDataType"] == "BOOLEAN"
    assert made["scoreName"] == "mentions-paris"
    again = await eval_client.post("/v1/evaluators", json=RULE, headers=eval_project.bearer)
    assert again.status_code == 409
    listed = await get(eval_client, eval_project, "/v1/evaluators")
    assert [e["id"] for e in listed["data"]] == [made["id"]]
    changed = await eval_client.patch(
        f"/v1/evaluators/{made['id']}", json={"enabled": False, "sampling": 0.25},
        headers=eval_project.bearer,
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert (changed.json()["enabled"], changed.json()["sampling"]) == (False, 0.25)
    other = await make_project(eval_database)
    for method, path in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/execute")):
        answer = await eval_client.request(
            method, f"/v1/evaluators/{made['id']}{path}", json={"traceId": "t"},
            headers=other.bearer,
        )  # fmt: skip
        assert answer.status_code == 404, (method, path, answer.text)
    deleted = await eval_client.delete(f"/v1/evaluators/{made['id']}", headers=eval_project.bearer)
    assert deleted.status_code == 204
    gone = await eval_client.get(f"/v1/evaluators/{made['id']}", headers=eval_project.bearer)
    assert gone.status_code == 404


async def test_bad_input_is_a_400_naming_the_field(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    cases = [
        ({**RULE, "config": {"operator": "regex", "value": "(unclosed"}}, "config.value"),
        (judge_body("good", prompt="{{input}} and {{nonsense}}"), "prompt"),
        ({**RULE, "sampling": 1.5}, "sampling"),
        ({**RULE, "sampling": -0.1}, "sampling"),
        ({"name": "j", "type": "llm_as_judge", "prompt": "{{output}}"}, "config.model"),
        ({**RULE, "config": {"operator": "near"}}, "config.operator"),
        ({**RULE, "target": "session"}, "target"),
        (judge_body("good", variableMapping={"input": "span.input"}), "variableMapping.input"),
        ({**RULE, "filter": {"colour": ["red"]}}, "filter.colour"),
        ({"template": "nope", "config": {"model": "good"}}, "template"),
    ]
    for body, field in cases:
        answer = await eval_client.post("/v1/evaluators", json=body, headers=eval_project.bearer)
        assert answer.status_code == 400, (body, answer.text)
        assert answer.json()["error"]["details"]["field"] == field, (body, answer.json())
    made = await post(eval_client, eval_project, "/v1/evaluators", RULE)
    patched = await eval_client.patch(
        f"/v1/evaluators/{made['id']}", json={"sampling": 2}, headers=eval_project.bearer
    )
    assert patched.status_code == 400
    assert patched.json()["error"]["details"]["field"] == "sampling"
    missing = await eval_client.post(
        f"/v1/evaluators/{made['id']}/execute", json={}, headers=eval_project.bearer
    )
    assert missing.status_code == 400
    assert missing.json()["error"]["details"]["field"] == "traceId"
    absent = await eval_client.post(
        f"/v1/evaluators/{made['id']}/execute", json={"traceId": "nope"},
        headers=eval_project.bearer,
    )  # fmt: skip
    assert absent.status_code == 404


# Tests for rules


async def test_rules_score_boolean_or_numeric_with_a_comment_that_explains(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    trace_id = await _trace(eval_client, eval_project, "t-rules",
                            output='{"answer": {"city": "Paris", "confidence": 0.9}}')  # fmt: skip
    rules = {
        "contains": ({"operator": "contains", "value": "paris", "caseSensitive": False}, 1.0),
        "not-contains": ({"operator": "not_contains", "value": "London"}, 1.0),
        "equals": ({"operator": "equals", "path": "$.answer.city", "value": "Paris"}, 1.0),
        "regex": ({"operator": "regex", "value": r"conf\w+"}, 1.0),
        "json": ({"operator": "json_valid"}, 1.0),
        "length": ({"operator": "length", "source": "input"}, 18.0),
        "short": ({"operator": "length", "max": 10}, 0.0),
        "range": ({"operator": "numeric_range", "path": "answer.confidence", "min": 0.5,
                   "max": 1}, 1.0),
    }  # fmt: skip
    for name, (config, expected) in rules.items():
        made = await post(eval_client, eval_project, "/v1/evaluators",
                          {"name": name, "type": "rule", "config": config})  # fmt: skip
        ran = await _execute(eval_client, eval_project, made["id"], {"traceId": trace_id})
        assert [j["status"] for j in ran["jobs"]] == ["completed"], (name, ran["jobs"])
        [score] = ran["scores"]
        assert (score["value"], score["source"], score["traceId"]) == (expected, "EVAL", trace_id)
        assert score["dataType"] == ("NUMERIC" if name == "length" else "BOOLEAN")
        assert score["comment"], name
    comment = await _execute(eval_client, eval_project, made["id"], {"traceId": trace_id})
    assert comment["scores"][0]["comment"] == "output.answer.confidence is 0.9, within [0.5, 1]"


async def test_a_rule_on_a_missing_value_says_mapping_missing(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    trace_id = await _trace(eval_client, eval_project, "t-missing")
    made = await post(eval_client, eval_project, "/v1/evaluators", {
        "name": "city", "type": "rule",
        "config": {"operator": "equals", "path": "$.city", "value": "Paris"}})  # fmt: skip
    ran = await _execute(eval_client, eval_project, made["id"], {"traceId": trace_id})
    [job] = ran["jobs"]
    assert job["status"] == "skipped"
    assert "mapping missing" in job["lastError"]
    assert ran["scores"] == []
    detail = await get(eval_client, eval_project, f"/v1/evaluators/{made['id']}")
    assert detail["stats"]["outcomes"]["mapping_missing"] == 1


# Tests for the LLM judge


async def test_a_good_judge_answer_is_scored_with_its_reasoning_and_usage(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys, judge: FakeJudge
) -> None:
    trace_id = await _trace(eval_client, eval_project, "t-good")
    made = await post(eval_client, eval_project, "/v1/evaluators", judge_body("good"))
    ran = await _execute(eval_client, eval_project, made["id"], {"traceId": trace_id})
    [score], [job] = ran["scores"], ran["jobs"]
    assert (score["value"], score["comment"], score["source"]) == (0.8, "mostly relevant", "EVAL")
    assert score["metadata"]["jobId"] == job["id"]
    assert job["status"] == "completed"
    assert job["attempts"] == 1
    assert job["usage"] == {"model": "good", "input": 40, "output": 12, "total": 52}
    assert "Q: capital of France?\nA: It is Paris." in judge.seen_prompts
    detail = await get(eval_client, eval_project, f"/v1/evaluators/{made['id']}")
    stats = detail["stats"]
    assert (stats["outcomes"]["scored"], stats["averageScore"], stats["failures"]) == (1, 0.8, 0)
    assert stats["lastRunAt"] is not None
    priced = await post(eval_client, eval_project, "/v1/evaluators", judge_body("gpt-4o"))
    costed = await _execute(eval_client, eval_project, priced["id"], {"traceId": trace_id})
    # 40 input and 12 output tokens at the built-in gpt-4o prices ($2.50 and $10 per 1M).
    assert costed["jobs"][0]["cost"] == pytest.approx(40 * 2.5e-6 + 12 * 10e-6)
    boolean = await post(eval_client, eval_project, "/v1/evaluators",
                         {**judge_body("pass"), "scoreDataType": "BOOLEAN"})  # fmt: skip
    verdict = await _execute(eval_client, eval_project, boolean["id"], {"traceId": trace_id})
    assert (verdict["scores"][0]["value"], verdict["scores"][0]["dataType"]) == (1.0, "BOOLEAN")


async def test_a_malformed_answer_is_a_clear_job_error(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    trace_id = await _trace(eval_client, eval_project, "t-malformed")
    made = await post(eval_client, eval_project, "/v1/evaluators", judge_body("malformed"))
    ran = await _execute(eval_client, eval_project, made["id"], {"traceId": trace_id})
    [job] = ran["jobs"]
    assert job["status"] == "failed"
    assert ran["scores"] == []
    assert job["lastError"].startswith("malformed judge answer: no JSON object")
    assert [e["attempt"] for e in job["errors"]] == [1]
    detail = await get(eval_client, eval_project, f"/v1/evaluators/{made['id']}")
    assert detail["stats"]["failures"] == 1
    assert detail["stats"]["outcomes"]["failed"] == 1


async def test_a_429_is_retried_with_backoff_and_then_scored(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    # The judge answers 429 to the first request of each prompt: make this one's unique.
    trace_id = await _trace(
        eval_client, eval_project, "t-flaky", input=f"question of {eval_project.project_id}"
    )
    made = await post(eval_client, eval_project, "/v1/evaluators", judge_body("flaky"))
    ran = await _execute(eval_client, eval_project, made["id"], {"traceId": trace_id})
    [job] = ran["jobs"]
    assert job["status"] == "pending"
    assert "429" in job["lastError"]

    async def finished() -> Any:
        found = await get(eval_client, eval_project, f"/v1/evaluation-jobs/{job['id']}")
        return found if found["status"] == "completed" else None

    done = await wait_for(finished)
    assert done["attempts"] == 2
    assert len(done["errors"]) == 1
    scores = await get(eval_client, eval_project, "/v1/scores", traceId=trace_id)
    assert [(s["name"], s["value"]) for s in scores["data"]] == [("judge-flaky", 0.8)]


async def test_a_timeout_is_retried_and_only_the_last_failure_is_final(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    trace_id = await _trace(eval_client, eval_project, "t-slow")
    made = await post(eval_client, eval_project, "/v1/evaluators", judge_body("slow"))
    ran = await _execute(eval_client, eval_project, made["id"], {"traceId": trace_id})
    [job] = ran["jobs"]
    assert job["status"] == "pending"
    assert "did not answer within 1s" in job["lastError"]

    async def failed() -> Any:
        found = await get(eval_client, eval_project, f"/v1/evaluation-jobs/{job['id']}")
        return found if found["status"] == "failed" else None

    final = await wait_for(failed, within=30)
    assert final["attempts"] == 3
    assert [e["attempt"] for e in final["errors"]] == [1, 2, 3]


async def test_a_401_pauses_the_evaluator_with_the_reason_until_it_is_enabled_again(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    trace_id = await _trace(eval_client, eval_project, "t-401")
    made = await post(eval_client, eval_project, "/v1/evaluators", judge_body("unauthorized"))
    ran = await _execute(eval_client, eval_project, made["id"], {"traceId": trace_id})
    assert ran["jobs"][0]["status"] == "failed"
    assert "refused the credentials (401)" in ran["jobs"][0]["lastError"]
    detail = await get(eval_client, eval_project, f"/v1/evaluators/{made['id']}")
    assert (detail["enabled"], detail["status"]) == (True, "paused")
    assert "401" in detail["statusReason"]
    unknown = await post(eval_client, eval_project, "/v1/evaluators", judge_body("unknown"))
    await _execute(eval_client, eval_project, unknown["id"], {"traceId": trace_id})
    paused = await get(eval_client, eval_project, f"/v1/evaluators/{unknown['id']}")
    assert paused["status"] == "paused"
    assert "'unknown'" in paused["statusReason"]
    resumed = await eval_client.patch(
        f"/v1/evaluators/{made['id']}", json={"enabled": True}, headers=eval_project.bearer
    )
    assert (resumed.json()["status"], resumed.json()["statusReason"]) == ("active", None)


# Tests for dataset runs, preview and jobs


async def test_executing_on_a_dataset_run_scores_every_run_item(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    await post(eval_client, eval_project, "/v1/datasets", {"name": "qa"})
    links = []
    for number in range(3):
        item = f"item-{number}"
        await post(eval_client, eval_project, "/v1/datasets/qa/items",
                   {"id": item, "input": f"q{number}", "expectedOutput": "Paris"})  # fmt: skip
        trace_id = await _trace(eval_client, eval_project, f"t-run-{number}",
                                output="Paris" if number else "Lyon")  # fmt: skip
        links.append({"datasetItemId": item, "traceId": trace_id})
    run = await post(eval_client, eval_project, "/v1/datasets/qa/runs",
                     {"name": "run-a", "items": links})  # fmt: skip
    made = await post(eval_client, eval_project, "/v1/evaluators", {
        "name": "exact", "type": "rule", "target": "dataset_run",
        "config": {"operator": "equals", "source": "output", "value": "Paris"}})  # fmt: skip
    ran = await _execute(eval_client, eval_project, made["id"], {"datasetRunId": run["id"]})
    assert [j["status"] for j in ran["jobs"]] == ["completed"] * 3
    by_trace = {s["traceId"]: s["value"] for s in ran["scores"]}
    assert by_trace == {"t-run-0": 0.0, "t-run-1": 1.0, "t-run-2": 1.0}
    assert all(s["metadata"]["datasetRunId"] == run["id"] for s in ran["scores"])
    correctness = await post(eval_client, eval_project, "/v1/evaluators",
                             {"template": "correctness", "target": "dataset_run",
                              "config": {"model": "good"}})  # fmt: skip
    judged = await _execute(eval_client, eval_project, correctness["id"],
                            {"datasetRunId": run["id"]})  # fmt: skip
    assert sorted(s["value"] for s in judged["scores"]) == [0.8, 0.8, 0.8]


async def test_preview_shows_which_last_traces_match_and_their_variables(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    await _trace(eval_client, eval_project, "t-p1")
    await _trace(eval_client, eval_project, "t-p2", name="other", output={"text": "hi"})
    made = await post(eval_client, eval_project, "/v1/evaluators",
                      judge_body("good", filter={"traceNames": ["qa"]}))  # fmt: skip
    preview = await post(eval_client, eval_project, f"/v1/evaluators/{made['id']}/preview",
                         {"limit": 5}, status=200)  # fmt: skip
    by_trace = {e["traceId"]: e for e in preview["data"]}
    assert by_trace["t-p1"]["matches"] is True
    assert by_trace["t-p2"]["matches"] is False
    assert by_trace["t-p2"]["reason"] == "trace name 'other' is not one of ['qa']"
    assert by_trace["t-p1"]["variables"] == {
        "input": "capital of France?",
        "output": "It is Paris.",
    }
    assert by_trace["t-p1"]["prompt"] == "Q: capital of France?\nA: It is Paris."
    jobs = await get(eval_client, eval_project, "/v1/evaluation-jobs")
    assert jobs["data"] == []  # a preview writes nothing
    bad = await eval_client.post(f"/v1/evaluators/{made['id']}/preview", json={"limit": 0},
                                 headers=eval_project.bearer)  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["error"]["details"]["field"] == "limit"


async def test_jobs_are_listed_by_evaluator_status_and_trace(
    eval_client: httpx.AsyncClient, eval_project: ProjectKeys
) -> None:
    first = await _trace(eval_client, eval_project, "t-j1")
    second = await _trace(eval_client, eval_project, "t-j2")
    made = await post(eval_client, eval_project, "/v1/evaluators", RULE)
    for trace_id in (first, second):
        await _execute(eval_client, eval_project, made["id"], {"traceId": trace_id})
    listed = await get(eval_client, eval_project, "/v1/evaluation-jobs", evaluatorId=made["id"])
    assert len(listed["data"]) == 2
    assert listed["meta"]["totalCount"] == 2
    one = await get(eval_client, eval_project, "/v1/evaluation-jobs", traceId=first)
    assert [j["traceId"] for j in one["data"]] == [first]
    done = await get(eval_client, eval_project, "/v1/evaluation-jobs", status="completed")
    assert len(done["data"]) == 2
    bad = await eval_client.get("/v1/evaluation-jobs", params={"status": "done"},
                                headers=eval_project.bearer)  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["error"]["details"]["field"] == "status"
