"""The routes of the REST face: ``/v1`` (also at ``/api/v1``), the Langfuse API at
``/api/public``, health and the OpenAPI document. ``app.py`` mounts them."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route

from agenttrace.rest import health, openapi, projects
from agenttrace.rest.public import ingestion, legacy, otel, score_reads
from agenttrace.rest.public import metrics as public_metrics
from agenttrace.rest.public import models as public_models
from agenttrace.rest.public import observations as public_observations
from agenttrace.rest.public import scores as public_scores
from agenttrace.rest.public import sessions as public_sessions
from agenttrace.rest.public import traces as public_traces
from agenttrace.rest.v1 import fields, models, observations, scores, sessions, traces


def v1_routes() -> list[BaseRoute]:
    """Our REST API; mounted at ``/v1`` and again at ``/api/v1`` (base URLs ending in /api)."""
    return [
        Route("/projects/current", projects.current_project, methods=["GET"]),
        Route("/models", models.create_model, methods=["POST"]),
        Route("/models", models.list_models, methods=["GET"]),
        Route("/models/{model_id:path}", models.get_model, methods=["GET"]),
        Route("/models/{model_id:path}", models.delete_model, methods=["DELETE"]),
        Route("/traces", traces.create_trace, methods=["POST"]),
        Route("/traces", traces.list_traces, methods=["GET"]),
        # Before the trace and observation routes: their ids may hold slashes.
        Route("/traces/{trace_id:path}/fields/{field}", fields.trace_field, methods=["GET"]),
        Route(
            "/observations/{observation_id:path}/fields/{field}",
            fields.observation_field,
            methods=["GET"],
        ),
        Route("/traces/{trace_id:path}", traces.get_trace, methods=["GET"]),
        Route("/traces/{trace_id:path}", traces.update_trace, methods=["PATCH"]),
        Route("/traces/{trace_id:path}", traces.delete_trace, methods=["DELETE"]),
        Route("/observations", observations.create_observation, methods=["POST"]),
        Route("/observations", observations.list_observations, methods=["GET"]),
        Route("/observations/{observation_id:path}", observations.get_observation, methods=["GET"]),
        Route(
            "/observations/{observation_id:path}",
            observations.update_observation,
            methods=["PATCH"],
        ),
        Route("/scores", scores.create_score, methods=["POST"]),
        Route("/scores", scores.list_scores, methods=["GET"]),
        Route("/sessions", sessions.list_sessions, methods=["GET"]),
        Route("/sessions/{session_id:path}", sessions.get_session, methods=["GET"]),
        Route("/scores/{score_id:path}", scores.get_score, methods=["GET"]),
        Route("/scores/{score_id:path}", scores.delete_score, methods=["DELETE"]),
    ]


def public_routes() -> list[BaseRoute]:
    """The Langfuse-compatible API."""
    return [
        Route("/health", health.health, methods=["GET"]),
        Route("/ready", health.ready, methods=["GET"]),
        Route("/projects", projects.langfuse_projects, methods=["GET"]),
        Route("/models", public_models.create_model, methods=["POST"]),
        Route("/models", public_models.list_models, methods=["GET"]),
        Route("/models/{model_id:path}", public_models.get_model, methods=["GET"]),
        Route("/models/{model_id:path}", public_models.delete_model, methods=["DELETE"]),
        Route("/ingestion", ingestion.ingestion, methods=["POST"]),
        Route("/otel/v1/traces", otel.traces, methods=["POST"]),
        Route("/otel/v1/metrics", otel.metrics, methods=["POST"]),
        # Versioned paths first, ahead of every {…:path} route that could take them.
        Route("/v2/observations", public_observations.list_observations_v2, methods=["GET"]),
        Route("/v2/scores", score_reads.list_scores_v2, methods=["GET"]),
        Route("/v2/scores/{score_id:path}", score_reads.get_score, methods=["GET"]),
        Route("/v3/scores", score_reads.list_scores_v3, methods=["GET"]),
        Route("/scores", public_scores.create_scores, methods=["POST"]),
        Route("/scores", score_reads.list_scores_v1, methods=["GET"]),
        Route("/scores/{score_id:path}", public_scores.delete_score, methods=["DELETE"]),
        Route("/scores/{score_id:path}", score_reads.get_score, methods=["GET"]),
        Route("/traces", legacy.create_trace, methods=["POST"]),
        Route("/traces", public_traces.list_traces, methods=["GET"]),
        Route("/traces", public_traces.delete_traces, methods=["DELETE"]),
        Route("/traces/{trace_id:path}", public_traces.get_trace, methods=["GET"]),
        Route("/traces/{trace_id:path}", public_traces.delete_trace, methods=["DELETE"]),
        Route("/observations", public_observations.list_observations, methods=["GET"]),
        Route(
            "/observations/{observation_id:path}",
            public_observations.get_observation,
            methods=["GET"],
        ),
        Route("/sessions", public_sessions.list_sessions, methods=["GET"]),
        Route("/sessions/{session_id:path}", public_sessions.get_session, methods=["GET"]),
        Route("/metrics/daily", public_metrics.daily, methods=["GET"]),
        Route("/events", legacy.write_observation, methods=["POST"]),
        Route("/spans", legacy.write_observation, methods=["POST", "PATCH"]),
        Route("/generations", legacy.write_observation, methods=["POST", "PATCH"]),
    ]


def routes() -> list[BaseRoute]:
    v1 = v1_routes()
    return [
        Route("/health", health.health, methods=["GET"]),
        Route("/ready", health.ready, methods=["GET"]),
        Route("/openapi.yaml", openapi.openapi_yaml, methods=["GET"]),
        Route("/openapi.json", openapi.openapi_json, methods=["GET"]),
        Mount("/v1", routes=v1),
        Mount("/api/v1", routes=v1),
        Mount("/api/public", routes=public_routes()),
    ]
