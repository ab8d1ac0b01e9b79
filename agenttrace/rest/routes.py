"""Every HTTP route of the server, in one list."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route

from agenttrace.graphql.view import GraphQLView
from agenttrace.rest import health, openapi, projects


def v1_routes() -> list[BaseRoute]:
    """Our REST API; mounted at ``/v1`` and again at ``/api/v1`` (base URLs ending in /api)."""
    return [
        Route("/projects/current", projects.current_project, methods=["GET"]),
    ]


def public_routes() -> list[BaseRoute]:
    """The Langfuse-compatible API."""
    return [
        Route("/health", health.health, methods=["GET"]),
        Route("/ready", health.ready, methods=["GET"]),
        Route("/projects", projects.langfuse_projects, methods=["GET"]),
    ]


def routes() -> list[BaseRoute]:
    v1 = v1_routes()
    graphql = GraphQLView()
    return [
        Route("/health", health.health, methods=["GET"]),
        Route("/ready", health.ready, methods=["GET"]),
        Route("/openapi.yaml", openapi.openapi_yaml, methods=["GET"]),
        Route("/openapi.json", openapi.openapi_json, methods=["GET"]),
        Mount("/v1", routes=v1),
        Mount("/api/v1", routes=v1),
        Mount("/api/public", routes=public_routes()),
        Route("/graphql", graphql, methods=["GET", "POST"]),
    ]
