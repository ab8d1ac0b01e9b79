"""The route of the GraphQL face: ``/graphql`` over HTTP (GraphiQL in a browser) and
WebSocket (subscriptions). ``app.py`` mounts it."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route, WebSocketRoute

from agenttrace.graphql.view import GraphQLView

PATH = "/graphql"


def routes() -> list[BaseRoute]:
    view = GraphQLView()
    return [Route(PATH, view, methods=["GET", "POST"]), WebSocketRoute(PATH, view)]
