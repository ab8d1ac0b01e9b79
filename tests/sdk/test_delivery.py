"""Retries and failures: 503 then 200, 429 with Retry-After, a server that is down, no key,
a URL that is not AgentTrace. The library never raises and counts what it could not send."""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx
import pytest

from agenttrace_client import AgentTrace
from tests.sdk.conftest import SECRET_KEY, Server
from tests.sdk.fakes import ScriptedProxy, html_404, http_server, status


def test_503_then_200_is_retried_with_backoff_and_stored(
    make_client: Any, server: Server, reader: httpx.Client
) -> None:
    proxy = ScriptedProxy(server.url, [status(503), status(503)])
    with http_server(proxy) as url:
        tracer = make_client(api_url=url)
        trace = tracer.trace("after-503")
        assert tracer.flush(10)
    assert [answered for _, _, answered in proxy.requests] == [503, 503, 207]
    assert (tracer.stats().retries, tracer.stats().sent, tracer.stats().dropped) == (2, 1, 0)
    assert reader.get(f"/v1/traces/{trace.id}").json()["name"] == "after-503"


def test_429_waits_for_retry_after(make_client: Any, server: Server, reader: httpx.Client) -> None:
    proxy = ScriptedProxy(server.url, [status(429, {"Retry-After": "1"})])
    with http_server(proxy) as url:
        tracer = make_client(api_url=url)
        trace = tracer.trace("after-429")
        assert tracer.flush(10)
    (first, _, code_1), (second, _, code_2) = proxy.requests
    assert (code_1, code_2) == (429, 207)
    assert second - first >= 0.95
    assert reader.get(f"/v1/traces/{trace.id}").status_code == 200


def test_a_rest_call_retries_too(make_client: Any, server: Server) -> None:
    proxy = ScriptedProxy(server.url, [status(502)])
    with http_server(proxy) as url:
        run = make_client(api_url=url).ci_run(
            environ={"AGENTTRACE_CI_PROVIDER_RUN_ID": "retried-run"}
        )
    assert run.id is not None
    assert run.data is not None
    assert run.data["providerRunId"] == "retried-run"


def test_a_server_that_is_down_drops_events_with_a_warning_and_no_hang(
    make_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    tracer = make_client(api_url="http://127.0.0.1:9", timeout=2, max_retries=2)
    started = time.monotonic()
    trace = tracer.trace("lost")
    tracer.span("lost too")
    with caplog.at_level(logging.WARNING, logger="agenttrace_client"):
        assert tracer.flush(15)
        assert tracer.checkpoint(["README.md"], trace_id=trace.id) is None
    assert time.monotonic() - started < 10
    stats = tracer.stats()
    assert (stats.enqueued, stats.dropped, stats.sent) == (3, 3, 0)  # the span's trace too
    assert "connection refused" in caplog.text
    assert any("cannot reach AgentTrace at http://127.0.0.1:9" in error for error in stats.errors)


def test_no_key_drops_events_and_says_so_once(
    caplog: pytest.LogCaptureFixture, server: Server
) -> None:
    with caplog.at_level(logging.WARNING, logger="agenttrace_client"):
        tracer = AgentTrace(api_url=server.url, environ={})
        tracer.trace("a")
        tracer.trace("b")
        tracer.shutdown()
    assert (tracer.stats().dropped, tracer.stats().sent) == (2, 0)
    assert caplog.text.count("no API key") == 1


def test_a_url_that_is_not_agenttrace_rejects_with_a_clear_error(make_client: Any) -> None:
    with http_server(html_404) as url:
        tracer = make_client(api_url=url)
        tracer.trace("nowhere")
        tracer.flush(10)
    assert tracer.stats().rejected == 1
    assert "does not answer as AgentTrace" in tracer.stats().errors[-1]


def test_the_queue_is_bounded(server: Server) -> None:
    tracer = AgentTrace(api_url=server.url, api_key=SECRET_KEY, max_queue=5, flush_at=1000,
                        flush_interval=60, environ={})  # fmt: skip
    for index in range(8):
        tracer.trace(f"t{index}")
    assert (tracer.stats().queued, tracer.stats().dropped) == (5, 3)
    tracer.shutdown()
    assert tracer.stats().sent == 5


def test_events_queued_at_exit_are_sent(
    server: Server, reader: httpx.Client, tmp_path: Any
) -> None:
    import subprocess
    import sys

    script = tmp_path / "script.py"
    script.write_text(
        "from agenttrace_client import AgentTrace\n"
        f"client = AgentTrace(api_url={server.url!r}, api_key={SECRET_KEY!r}, flush_interval=60)\n"
        "print(client.trace('at-exit').id)\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=True
    )
    assert reader.get(f"/v1/traces/{done.stdout.strip()}").json()["name"] == "at-exit"
