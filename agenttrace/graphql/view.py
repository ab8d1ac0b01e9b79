"""``/graphql``: Strawberry's ASGI view over HTTP (GraphiQL in a browser) and WebSocket
(graphql-transport-ws), with our context, auth and JSON encoding.

Over a WebSocket the key comes in the connection_init payload (``{"Authorization":
"Bearer sk-…"}``) or in the handshake's ``Authorization`` header. The connection counts as
one request against the project's rate limit. Credentials that fail, or none, still get a
``connection_ack``: each operation then answers UNAUTHENTICATED (or RATE_LIMITED), the
codes an HTTP request would get.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from agenttrace.core.errors import Unauthorized
from agenttrace.core.ratelimit import count_request
from agenttrace.graphql import graphiql
from agenttrace.graphql.context import Context
from agenttrace.graphql.errors import envelope
from agenttrace.graphql.schema import schema
from agenttrace.web.credentials import ANONYMOUS, Credentials, resolve
from agenttrace.web.errors import Problem

# What ``on_ws_connect`` answers for a plain ``connection_ack``.
_ACK: UnsetType = UNSET


class _TextFrames(ASGIWebSocketAdapter):
    """graphql-transport-ws speaks in text frames; the view's JSON is bytes, for HTTP."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class GraphQLView(GraphQL[Context, None]):
    websocket_adapter_class = _TextFrames

    def __init__(self) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As Strawberry's, but transport errors (bad JSON, no query) answer in our envelope."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            response = envelope(Problem.from_status(exc.status_code, exc.reason))
        await response(scope, receive, send)

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our GraphiQL page, whose assets the server serves itself (no CDN)."""
        return graphiql.page()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        state = request.state
        return Context(
            request=request,
            database=state.database,
            writer=state.writer,
            notifier=state.notifier,
            # A WebSocket's credentials arrive later, with connection_init.
            credentials=ANONYMOUS if isinstance(request, WebSocket) else state.credentials,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Always acknowledges (no payload); the credentials found decide each operation."""
        header = _authorization(context.connection_params) or context.request.headers.get(
            "authorization"
        )
        if header is None:
            return _ACK
        state = context.request.scope["state"]
        try:
            principal = await resolve(state["verifier"], header)
        except Unauthorized as exc:
            context.credentials = Credentials(error=exc)
            return _ACK
        decision = await count_request(
            state["limiter"], principal, state["settings"].rate_limit_tier
        )
        refusal = decision.refusal() if decision is not None else None
        context.credentials = (
            Credentials(error=refusal) if refusal else Credentials(principal=principal)
        )
        return _ACK

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> Any:
        """As Strawberry's, but a body that is JSON and no object (``"x"``, ``[1]``) is a 400:
        Strawberry would call ``.get`` on it and answer 500."""
        parsed = super().parse_json(data)
        items = parsed if isinstance(parsed, list) else [parsed]
        if not all(isinstance(item, dict) for item in items):
            raise HTTPException(400, "Expected a JSON object (or a list of them)")
        return parsed


def _authorization(params: dict[str, Any] | None) -> str | None:
    """The ``Authorization`` entry of a connection_init payload, in any letter case."""
    for name, value in (params or {}).items():
        if name.lower() == "authorization" and isinstance(value, str):
            return value
    return None
