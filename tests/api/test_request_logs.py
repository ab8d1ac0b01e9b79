"""Access logs of the real server: one JSON line per request with the request id, project,
route template, status and duration under ``AGENTTRACE_LOG_FORMAT=json``; plain text by
default; never a key, a payload or a query string."""

from __future__ import annotations

import json

import httpx

from tests.serving import serve

PUBLIC, SECRET = "pk-at-logs-public-0001", "sk-at-logs-secret-very-private-0001"
PAYLOAD_MARK = "payload-must-not-be-logged-7f3a"
QUERY_MARK = "query-must-not-be-logged-91bc"
KEYS = {
    "AGENTTRACE_INIT_PROJECT_NAME": "logs",
    "AGENTTRACE_INIT_PUBLIC_KEY": PUBLIC,
    "AGENTTRACE_INIT_SECRET_KEY": SECRET,
}


def exercise(url: str) -> str:
    """A write with a payload, a read with a query string and a refused key; the
    request id of the write."""
    bearer = {"Authorization": f"Bearer {SECRET}", "X-Request-ID": "req-logs-1"}
    with httpx.Client(base_url=url) as client:
        created = client.post(
            "/v1/traces", json={"id": "log-trace", "input": PAYLOAD_MARK}, headers=bearer
        )
        assert created.status_code == 201
        assert client.get(f"/v1/traces?name={QUERY_MARK}", headers=bearer).status_code == 200
        refused = client.get("/v1/traces/log-trace", auth=(PUBLIC, "sk-wrong-but-long-enough"))
        assert refused.status_code == 401
    return "req-logs-1"


def assert_nothing_secret(log: str) -> None:
    for secret in (SECRET, PAYLOAD_MARK, QUERY_MARK, "sk-wrong-but-long-enough"):
        assert secret not in log


async def test_json_logs_have_one_line_per_request(fresh_database_url: str) -> None:
    with serve(fresh_database_url, AGENTTRACE_LOG_FORMAT="json", **KEYS) as server:
        request_id = exercise(server.url)
        assert server.stop()
        log = server.log()
    lines = [json.loads(line) for line in log.splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "agenttrace.access"]
    write = next(line for line in access if line.get("requestId") == request_id)
    assert write["route"] == "/v1/traces"
    assert write["method"] == "POST"
    assert write["status"] == 201
    assert isinstance(write["durationMs"], float)
    assert isinstance(write["project"], str)
    assert write["level"] == "info"
    assert {"/v1/traces", "/v1/traces/{trace_id}", "/ready"} <= {line["route"] for line in access}
    refused = next(line for line in access if line["route"] == "/v1/traces/{trace_id}")
    assert (refused["status"], refused["project"]) == (401, None)
    assert_nothing_secret(log)


async def test_text_logs_are_the_default(fresh_database_url: str) -> None:
    with serve(fresh_database_url, **KEYS) as server:
        exercise(server.url)
        assert server.stop()
        log = server.log()
    assert "POST /v1/traces 201" in log
    assert not log.lstrip().startswith("{")
    assert_nothing_secret(log)
