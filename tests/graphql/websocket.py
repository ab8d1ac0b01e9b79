"""A graphql-transport-ws client that speaks ASGI straight to the app, on the test's own
event loop (a real socket would need a server in another loop or process)."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any

import orjson
from starlette.types import ASGIApp, Message

# Seconds to wait for a message the test expects.
TIMEOUT = 10


class Closed(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"closed with {code}: {reason}")
        self.code = code
        self.reason = reason


class GraphQLSocket:
    def __init__(self, app: ASGIApp, headers: dict[str, str] | None = None) -> None:
        self._app = app
        self._headers = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
        self._inbox: asyncio.Queue[Message] = asyncio.Queue()
        self._outbox: asyncio.Queue[Message] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> GraphQLSocket:
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"agenttrace.test"), *self._headers],
            "subprotocols": ["graphql-transport-ws"],
            "client": ("127.0.0.1", 50000),
            "server": ("agenttrace.test", 80),
        }
        self._task = asyncio.create_task(self._app(scope, self._outbox.get, self._inbox.put))
        await self._outbox.put({"type": "websocket.connect"})
        accepted = await self._next()
        assert accepted["type"] == "websocket.accept", accepted
        assert accepted["subprotocol"] == "graphql-transport-ws"
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._outbox.put({"type": "websocket.disconnect", "code": 1000})
        assert self._task is not None
        await asyncio.wait_for(self._task, TIMEOUT)

    async def _next(self) -> Message:
        return await asyncio.wait_for(self._inbox.get(), TIMEOUT)

    async def send(self, message: dict[str, Any]) -> None:
        await self._outbox.put(
            {"type": "websocket.receive", "text": orjson.dumps(message).decode()}
        )

    async def receive(self) -> dict[str, Any]:
        message = await self._next()
        if message["type"] == "websocket.close":
            raise Closed(message.get("code", 1000), message.get("reason", ""))
        assert "text" in message, "graphql-transport-ws sends text frames"
        return orjson.loads(message["text"])  # type: ignore[no-any-return]

    async def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.receive()

    async def subscribe(self, operation_id: str, query: str, **variables: Any) -> None:
        await self.send(
            {
                "id": operation_id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables},
            }
        )
