"""The ``/graphql`` endpoint: Strawberry's ASGI view with our context and error format."""

from __future__ import annotations

from typing import cast

import orjson
from cross_web import HTTPException
from graphql import ExecutionResult
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse

from agenttrace.db.engine import Database
from agenttrace.graphql.context import Context
from agenttrace.graphql.errors import format_error
from agenttrace.graphql.schema import schema
from agenttrace.rest.errors import error_response


class GraphQLView(GraphQL[Context, None]):
    def __init__(self) -> None:
        super().__init__(schema, graphql_ide="graphiql")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As Strawberry's, but transport errors (bad JSON, no query) answer in our envelope."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            response = error_response(scope["path"], exc.status_code, exc.reason)
        await response(scope, receive, send)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(request=request, database=cast(Database, request.state.database))

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        body: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            body["errors"] = [format_error(error) for error in result.errors]
        return body

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)
