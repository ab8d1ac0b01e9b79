"""``traceUpdated`` over graphql-transport-ws: traces pushed as writes commit, filtered,
scoped to the caller's project, with the key in connection_init or the handshake."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from starlette.applications import Starlette

from agenttrace.db import Database
from agenttrace.models import Project
from tests.api.test_v1_reads import ingest
from tests.conftest import ProjectKeys, make_project
from tests.graphql.conftest import operation
from tests.graphql.websocket import GraphQLSocket

QUERY = operation("TraceUpdates")


async def until_pushed(
    socket: GraphQLSocket, write: Callable[[], Awaitable[None]]
) -> dict[str, Any]:
    """Repeat an (idempotent) write until a message comes: a subscription starts listening
    a moment after its subscribe message, and the protocol does not acknowledge it."""
    for _ in range(50):
        await write()
        try:
            return await asyncio.wait_for(socket.receive(), 0.2)
        except TimeoutError:
            continue
    raise AssertionError("nothing was pushed")


def trace(
    client: httpx.AsyncClient, project: ProjectKeys, **body: Any
) -> Callable[[], Awaitable[None]]:
    async def write() -> None:
        await ingest(
            client, project, [("trace-create", {"timestamp": "2026-05-01T10:00:00Z", **body})]
        )

    return write


async def test_a_subscriber_gets_each_trace_as_writes_reach_it(
    app: Starlette, client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_project(database)
    async with GraphQLSocket(app) as socket:
        assert await socket.init({"Authorization": f"Bearer {project.secret_key}"}) == {
            "type": "connection_ack"
        }
        await socket.subscribe("1", QUERY)
        pushed = await until_pushed(
            socket, trace(client, project, id="live", name="chat", tags=["a"])
        )
        assert pushed == {
            "id": "1",
            "type": "next",
            "payload": {
                "data": {
                    "traceUpdated": {
                        "id": "live", "name": "chat", "timestamp": "2026-05-01T10:00:00.000Z",
                        "userId": None, "sessionId": None, "tags": ["a"], "level": "DEFAULT",
                        "latency": None, "totalCost": None, "usage": None,
                        "observationCount": 0,
                    }
                }
            },
        }  # fmt: skip
        await ingest(
            client,
            project,
            [("generation-create", {"id": "g", "traceId": "live", "model": "gpt-4o", "usage": {"input": 10, "output": 2}, "startTime": "2026-05-01T10:00:00Z", "endTime": "2026-05-01T10:00:03Z"})],
        )  # fmt: skip
        update = (await socket.receive())["payload"]["data"]["traceUpdated"]
        assert (update["id"], update["observationCount"], update["latency"]) == ("live", 1, 3.0)
        assert update["usage"] == {"totalTokens": 12}
        # An observation update without its trace id still reaches its trace.
        await ingest(client, project, [("generation-update", {"id": "g", "level": "ERROR"})])
        update = (await socket.receive())["payload"]["data"]["traceUpdated"]
        assert (update["id"], update["level"]) == ("live", "ERROR")
        await socket.send({"id": "1", "type": "complete"})


async def test_a_filtered_subscription_pushes_only_matching_traces_of_its_project(
    app: Starlette, client: httpx.AsyncClient, database: Database
) -> None:
    project, other = await make_project(database), await make_project(database)
    async with GraphQLSocket(
        app, headers={"Authorization": f"Bearer {project.secret_key}"}
    ) as socket:
        assert (await socket.init())["type"] == "connection_ack"
        await socket.subscribe("f", QUERY, filter={"tags": ["prod"]})
        await trace(client, other, id="theirs", tags=["prod"])()
        await trace(client, project, id="untagged")()
        pushed = await until_pushed(socket, trace(client, project, id="mine", tags=["prod"]))
        assert pushed["payload"]["data"]["traceUpdated"]["id"] == "mine"


async def test_a_subscription_without_credentials_is_unauthenticated(app: Starlette) -> None:
    async with GraphQLSocket(app) as socket:
        assert (await socket.init())["type"] == "connection_ack"
        await socket.subscribe("1", QUERY)
        assert await socket.receive() == {
            "id": "1",
            "type": "next",
            "payload": {
                "data": None,
                "errors": [
                    {
                        "message": "No authorization header; send 'Authorization: Bearer <secret key>'",
                        "extensions": {"code": "UNAUTHENTICATED"},
                    }
                ],
            },
        }
        assert await socket.receive() == {"id": "1", "type": "complete"}


async def test_a_wrong_key_in_connection_init_is_unauthenticated(app: Starlette) -> None:
    async with GraphQLSocket(app) as socket:
        await socket.init({"authorization": "Bearer sk-at-wrong"})
        await socket.subscribe("1", QUERY)
        message = await socket.receive()
        assert [e["extensions"] for e in message["payload"]["errors"]] == [
            {"code": "UNAUTHENTICATED"}
        ]


async def test_queries_run_over_the_socket_too(app: Starlette, database: Database) -> None:
    project = await make_project(database)
    async with GraphQLSocket(app) as socket:
        await socket.init({"Authorization": f"Bearer {project.secret_key}"})
        await socket.subscribe("q", "{ project { id } traces { totalCount } }")
        assert await socket.receive() == {
            "id": "q",
            "type": "next",
            "payload": {
                "data": {"project": {"id": project.project_id}, "traces": {"totalCount": 0}}
            },
        }
        assert await socket.receive() == {"id": "q", "type": "complete"}


async def test_a_connection_over_the_rate_limit_is_rate_limited(
    app: Starlette, client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_project(database)
    async with database.write() as session:
        row = await session.get(Project, project.project_id)
        assert row is not None
        row.rate_limit_tier = "free"  # a burst of 10
        session.add(row)
    for _ in range(10):
        assert (await client.get("/v1/projects/current", headers=project.bearer)).status_code == 200
    async with GraphQLSocket(app) as socket:
        await socket.init({"Authorization": f"Bearer {project.secret_key}"})
        await socket.subscribe("1", QUERY)
        message = await socket.receive()
        assert message["payload"]["errors"] == [
            {
                "message": "Rate limit of 60 requests per minute exceeded; retry in 1 s",
                "extensions": {"code": "RATE_LIMITED"},
            }
        ]
