"""OTLP trace exports decoded and mapped in worker processes (``AGENTTRACE_OTLP_PROCESSES``,
``core/telemetry/processes.py``) store exactly what the server process stores, and a bad
export is the same 400; ``agenttrace serve`` starts one such worker by default when the
machine has a core to spare, and none when told 0."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import orjson
import pytest
from asgi_lifespan import LifespanManager

from agenttrace.app import create_app
from agenttrace.core.telemetry.processes import default_processes
from agenttrace.settings import Settings
from tests.api.otlp import CONTENT_TYPES, TRACES, Encoding, as_protobuf, send
from tests.api.test_otel_transport import assert_stored_alike, two_spans
from tests.conftest import ProjectKeys
from tests.serving import serve

STARTED = "OTLP trace exports are decoded and mapped in 1 worker process"


@pytest.fixture(scope="module")
async def pooled(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A second app on the same database, mapping OTLP exports in one worker process."""
    application = create_app(settings.model_copy(update={"otlp_processes": 1}))
    async with LifespanManager(application, startup_timeout=60) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://pooled") as client:
            yield client


@pytest.mark.parametrize(
    ("encoding", "trace_id", "reference_id"),
    [("protobuf", "a1" * 16, "b1" * 16), ("json", "a2" * 16, "b2" * 16)],
)
async def test_a_worker_process_stores_what_the_server_process_stores(
    client: httpx.AsyncClient,
    pooled: httpx.AsyncClient,
    project: ProjectKeys,
    encoding: Encoding,
    trace_id: str,
    reference_id: str,
) -> None:
    assert (await send(client, project, two_spans(reference_id), encoding=encoding)).is_success
    response = await send(pooled, project, two_spans(trace_id), encoding=encoding)
    assert response.status_code == 200, response.text
    await assert_stored_alike(client, project, trace_id, reference_id)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("application/x-protobuf", b"\xff\xff not protobuf"), ("application/json", b"{")],
    ids=["bad-protobuf", "bad-json"],
)
async def test_a_malformed_export_is_the_same_400_from_a_worker(
    client: httpx.AsyncClient,
    pooled: httpx.AsyncClient,
    project: ProjectKeys,
    content_type: str,
    body: bytes,
) -> None:
    answers = [
        await app.post(
            TRACES, content=body, headers={"Content-Type": content_type}, auth=project.basic
        )
        for app in (client, pooled)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert orjson.loads(answers[1].content) == orjson.loads(answers[0].content)


@pytest.mark.parametrize("setting", [None, "0"], ids=["unset", "zero"])
def test_agenttrace_serve_maps_in_a_worker_when_the_machine_has_a_core_to_spare(
    fresh_database_url: str, setting: str | None
) -> None:
    """Unset, one worker on this (2-core) machine; 0, none. Either way the spans land."""
    env = {} if setting is None else {"AGENTTRACE_OTLP_PROCESSES": setting}
    trace_id = "c3" * 16
    with serve(fresh_database_url, **env) as server:
        public_key, secret_key = server.printed_keys()
        answer = httpx.post(
            f"{server.url}{TRACES}",
            content=as_protobuf(two_spans(trace_id)),
            headers={"Content-Type": CONTENT_TYPES["protobuf"]},
            auth=(public_key, secret_key),
        )
        assert answer.status_code == 200, answer.text
        observations = httpx.get(
            f"{server.url}/v1/observations",
            params={"traceId": trace_id},
            headers={"Authorization": f"Bearer {secret_key}"},
        )
        log = server.log()
    assert observations.status_code == 200, observations.text
    assert len(observations.json()["data"]) == 2
    assert (STARTED in log) == (setting is None and default_processes() == 1), log
