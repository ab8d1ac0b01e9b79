"""Data of the agent-run, prompt, dataset and evaluator views (views 7 and 8), for the
browser tests.

A coding agent fixes a login bug on branch ``agent/fix-login`` over three commits, one
trace per commit: the last (the run the tests open) reads a file, edits it, runs the tests
(failing, then passing), takes two checkpoints of the tree, commits and is collected by a
CI run, and costs far more per trace than the commits before it (the regression the
branch's timeline marks). Its trace and records arrive as the SDKs send them (batch
ingestion); the commits, the CI run, prompts and datasets through ``/v1``.

The traces are older than every other seeded trace, so the trace list's first rows stay
those ``test_explorer.py`` expects.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from typing import Any

import httpx

from tests.ui.seed import BASE, event, iso

AGENT_TRACE_ID = "agent-fix-login"
BRANCH = "agent/fix-login"
# The three commits of the branch, oldest first; the last is the agent run's.
COMMITS = ("c0ffee1", "c0ffee2", "c0ffee3")
AGENT_TRACES = ("agent-fix-login-1", "agent-fix-login-2", AGENT_TRACE_ID)
PROMPT_NAME = "code-reviewer"
DATASET_NAME = "login-regressions"
EVALUATOR_NAME = "approves"
# Old background reviews (none in a dataset run, none in the list's first rows): the first
# fails (`needs work`), the others approve; the large trace has no trace output at all.
EVALUATED_TRACES = ("review-40", "review-41", "review-42", "review-43", "large-output")
START = BASE - timedelta(days=4)

BEFORE = "def login(user, password):\n    return check(user, password)\n"
AFTER = "def login(user, password):\n    if not user:\n        raise ValueError('user')\n    return check(user, password)\n"
TEST = "def test_login():\n    assert login('ann', 'pw')\n"


def _file(path: str, text: str) -> dict[str, Any]:
    data = text.encode()
    return {
        "path": path,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "mode": "644",
        "content": base64.b64encode(data).decode(),
    }


def _run(trace_id: str, at: Any, input_tokens: int, seconds: int) -> list[dict[str, Any]]:
    """A trace with one priced generation: what every commit's run has."""
    return [
        event(
            "trace-create",
            {
                "id": trace_id,
                "name": "fix-login",
                "sessionId": "agent-session",
                "timestamp": iso(at),
            },
            at,
        ),
        event(
            "generation-create",
            {
                "id": f"{trace_id}-plan",
                "traceId": trace_id,
                "name": "plan",
                "model": "gpt-4o",
                "input": [{"role": "user", "content": "Fix the login crash on an empty user"}],
                "output": "Read auth.py, guard the empty user, run the tests.",
                "usage": {"input": input_tokens, "output": 200},
                "startTime": iso(at),
                "endTime": iso(at + timedelta(seconds=seconds)),
            },
            at,
        ),
    ]


def agent_events() -> list[dict[str, Any]]:
    """Three runs of the branch; the last with its tool call, edit, commands, checkpoints."""
    events: list[dict[str, Any]] = []
    for index, trace_id in enumerate(AGENT_TRACES[:-1]):
        events += _run(trace_id, START + timedelta(hours=index), 1_000, 2)
    at = START + timedelta(hours=2)
    events += _run(AGENT_TRACE_ID, at, 9_000, 9)
    t = lambda seconds: iso(at + timedelta(seconds=seconds))  # noqa: E731
    records: list[tuple[str, dict[str, Any]]] = [
        ("span-create", {"id": f"{AGENT_TRACE_ID}-read", "traceId": AGENT_TRACE_ID,
                         "name": "tool-read_file", "input": {"path": "src/auth.py"},
                         "output": BEFORE, "startTime": t(10), "endTime": t(11)}),
        ("checkpoint-create", {"traceId": AGENT_TRACE_ID, "name": "before edit", "type": "pre_edit",
                               "timestamp": t(12), "gitCommitSha": COMMITS[1],
                               "files": [_file("src/auth.py", BEFORE)]}),
        ("file-operation-create", {"traceId": AGENT_TRACE_ID, "operation": "update",
                                   "filePath": "src/auth.py", "linesAdded": 2, "linesRemoved": 0,
                                   "toolName": "edit_file", "startedAt": t(13), "durationMs": 40,
                                   "diffPreview": "@@ -1,2 +1,4 @@\n def login(user, password):\n"
                                   "+    if not user:\n+        raise ValueError('user')\n"
                                   "     return check(user, password)\n"}),
        ("file-operation-create", {"traceId": AGENT_TRACE_ID, "operation": "create",
                                   "filePath": "tests/test_auth.py", "linesAdded": 2,
                                   "toolName": "write_file", "startedAt": t(14), "durationMs": 20}),
        ("terminal-command-create", {"traceId": AGENT_TRACE_ID, "command": "pytest",
                                     "args": ["tests/test_auth.py"], "exitCode": 1,
                                     "stdout": "F\nFAILED tests/test_auth.py::test_login - NameError",
                                     "startedAt": t(15), "durationMs": 1_200}),
        ("terminal-command-create", {"traceId": AGENT_TRACE_ID, "command": "pytest",
                                     "args": ["tests/test_auth.py"], "exitCode": 0,
                                     "stdout": ".\n1 passed in 0.02s", "startedAt": t(18),
                                     "durationMs": 900}),
        ("checkpoint-create", {"traceId": AGENT_TRACE_ID, "name": "after edit", "type": "post_edit",
                               "timestamp": t(20), "gitCommitSha": COMMITS[2],
                               "files": [_file("src/auth.py", AFTER), _file("tests/test_auth.py", TEST)]}),
    ]  # fmt: skip
    for number, (kind, body) in enumerate(records):
        events.append(event(kind, body, at + timedelta(seconds=10 + number)))
    return events


def _ok(response: httpx.Response) -> Any:
    if response.status_code not in (200, 201):
        raise AssertionError(f"{response.request.url}: {response.status_code} {response.text}")
    return response.json()


def links_prompts_and_datasets(client: httpx.Client) -> None:
    """Through /v1 (``client`` sends the secret key as a bearer)."""
    for index, (sha, trace_id) in enumerate(zip(COMMITS, AGENT_TRACES, strict=True)):
        _ok(client.post("/v1/git-links", json={
            "traceId": trace_id, "commitSha": sha, "parentSha": COMMITS[index - 1] if index else None,
            "branch": BRANCH, "repoUrl": "https://example.com/acme/shop.git",
            "commitMessage": ["Add login tests", "Refactor auth", "Guard the empty user"][index],
            "commitAuthor": "agent", "commitTimestamp": iso(START + timedelta(hours=index, minutes=30)),
            "linkType": "commit", "filesModified": ["src/auth.py"],
        }))  # fmt: skip
    _ok(client.post("/v1/ci-runs", json={
        "provider": "github_actions", "providerRunId": "4242", "workflowName": "tests",
        "jobName": "pytest", "status": "success", "gitBranch": BRANCH, "gitCommitSha": COMMITS[2],
        "startedAt": iso(START + timedelta(hours=2, minutes=40)),
        "completedAt": iso(START + timedelta(hours=2, minutes=43)), "traceIds": [AGENT_TRACE_ID],
    }))  # fmt: skip

    versions = [
        ("You review code. Be brief.\nFlag bugs first.", ["production"], "First cut"),
        ("You review code. Be thorough.\nFlag bugs first.\nSuggest a test for each bug.", ["staging"],
         "Ask for tests"),
    ]  # fmt: skip
    for text, labels, message in versions:
        _ok(client.post("/v1/prompts", json={
            "name": PROMPT_NAME, "type": "chat", "labels": labels, "commitMessage": message,
            "prompt": [{"role": "system", "content": text}, {"role": "user", "content": "{{diff}}"}],
            "config": {"model": "gpt-4o", "temperature": 0.2 if "brief" in text else 0.0},
        }))  # fmt: skip
    _ok(client.post("/v1/prompts", json={"name": "summarizer", "prompt": "Summarize: {{text}}"}))

    _ok(client.post("/v1/datasets", json={"name": DATASET_NAME, "description": "Login bugs"}))
    questions = ["empty user", "empty password", "unicode user"]
    for index, question in enumerate(questions):
        _ok(client.post(f"/v1/datasets/{DATASET_NAME}/items", json={
            "id": f"login-{index}", "input": {"bug": question},
            "expectedOutput": f"raise ValueError on {question}",
        }))  # fmt: skip
    # Two experiments over the items, each scored; their traces are the background reviews.
    for run, offset, good in (("baseline", 1, 0.4), ("with-tests-prompt", 4, 0.9)):
        items = []
        for index in range(len(questions)):
            trace_id = f"review-{offset + index}"
            _ok(
                client.post(
                    "/v1/scores", json={"traceId": trace_id, "name": "correct", "value": good}
                )
            )
            items.append({"datasetItemId": f"login-{index}", "traceId": trace_id})
        _ok(client.post(f"/v1/datasets/{DATASET_NAME}/runs", json={"name": run, "items": items}))


def evaluator(client: httpx.Client) -> None:
    """A rule (`output.verdict equals 'approve'`) on code reviews, run on demand on a few
    traces: three scored 1, one scored 0, one with nothing to read (mapping missing)."""
    made = _ok(client.post("/v1/evaluators", json={
        "name": EVALUATOR_NAME, "type": "rule", "description": "The review approved the change",
        "filter": {"traceNames": ["code-review"]},
        "config": {"operator": "equals", "source": "output", "path": "$.verdict", "value": "approve"},
    }))  # fmt: skip
    for trace_id in EVALUATED_TRACES:
        _ok(client.post(f"/v1/evaluators/{made['id']}/execute", json={"traceId": trace_id}))
