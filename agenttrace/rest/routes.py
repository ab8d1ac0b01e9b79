"""The routes of the REST face: ``/v1`` (also at ``/api/v1``), the Langfuse API at
``/api/public``, health, the OpenAPI document and its page at ``/docs``. ``app.py`` mounts them."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route

from agenttrace.rest import docs, health, openapi, projects, prometheus
from agenttrace.rest.public import datasets as public_datasets
from agenttrace.rest.public import ingestion, legacy, otel, score_reads
from agenttrace.rest.public import metrics as public_metrics
from agenttrace.rest.public import models as public_models
from agenttrace.rest.public import observations as public_observations
from agenttrace.rest.public import prompts as public_prompts
from agenttrace.rest.public import scores as public_scores
from agenttrace.rest.public import sessions as public_sessions
from agenttrace.rest.public import traces as public_traces
from agenttrace.rest.v1 import (
    checkpoints,
    ci_runs,
    datasets,
    evaluators,
    fields,
    file_operations,
    git_links,
    metrics,
    models,
    observations,
    prompts,
    replay,
    scores,
    sessions,
    terminal_commands,
    traces,
)

FILE_OPERATIONS = file_operations.ROUTES
TERMINAL_COMMANDS = terminal_commands.ROUTES


def v1_routes() -> list[BaseRoute]:
    """Our REST API; mounted at ``/v1`` and again at ``/api/v1`` (base URLs ending in /api)."""
    return [
        Route("/projects/current", projects.current_project, methods=["GET"]),
        Route("/projects/current", projects.update_current_project, methods=["PATCH"]),
        # OTLP exporters pointed at the server's root (OTEL_EXPORTER_OTLP_ENDPOINT).
        Route("/logs", otel.logs, methods=["POST"]),
        Route("/metrics", otel.metrics, methods=["POST"]),
        Route("/metrics/series", metrics.series, methods=["GET"]),
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
        # A trace's agent records, ahead of the trace's own {…:path} routes.
        Route(
            "/traces/{trace_id:path}/checkpoints", checkpoints.trace_checkpoints, methods=["GET"]
        ),
        Route("/traces/{trace_id:path}/file-operations", FILE_OPERATIONS.of_trace, methods=["GET"]),
        Route(
            "/traces/{trace_id:path}/terminal-commands", TERMINAL_COMMANDS.of_trace, methods=["GET"]
        ),
        Route("/traces/{trace_id:path}/replay", replay.trace_replay, methods=["GET"]),
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
        *prompt_routes(),
        *evaluator_routes(),
        *dataset_routes(),
        *agent_routes(),
    ]


def agent_routes() -> list[BaseRoute]:
    """Coding-agent records (``/traces/:id/…`` ones sit with the trace routes above)."""
    return [
        Route("/checkpoints", checkpoints.create_checkpoint, methods=["POST"]),
        Route("/checkpoints", checkpoints.list_checkpoints, methods=["GET"]),
        Route("/checkpoints/{checkpoint_id}", checkpoints.get_checkpoint, methods=["GET"]),
        Route(
            "/checkpoints/{checkpoint_id}/download",
            checkpoints.download_checkpoint,
            methods=["GET"],
        ),
        Route("/checkpoints/{checkpoint_id}/diff", checkpoints.diff_checkpoint, methods=["GET"]),
        Route(
            "/checkpoints/{checkpoint_id}/restore", checkpoints.restore_checkpoint, methods=["POST"]
        ),
        Route("/git-links", git_links.create_git_link, methods=["POST"]),
        Route("/git-links", git_links.list_git_links, methods=["GET"]),
        Route("/git-links/timeline", git_links.git_timeline, methods=["GET"]),
        Route("/git-links/commit/{sha}", git_links.commit_links, methods=["GET"]),
        Route("/git-links/{link_id}", git_links.get_git_link, methods=["GET"]),
        Route("/ci-runs", ci_runs.create_ci_run, methods=["POST"]),
        Route("/ci-runs", ci_runs.list_ci_runs, methods=["GET"]),
        Route("/ci-runs/stats", ci_runs.ci_run_stats, methods=["GET"]),
        Route(
            "/ci-runs/provider/{provider_run_id:path}",
            ci_runs.ci_run_by_provider_id,
            methods=["GET"],
        ),
        Route("/ci-runs/{run_id}", ci_runs.get_ci_run, methods=["GET"]),
        Route("/ci-runs/{run_id}", ci_runs.update_ci_run, methods=["PATCH"]),
        Route("/ci-runs/{run_id}/traces", ci_runs.attach_traces, methods=["POST"]),
        Route("/ci-runs/{run_id}/complete", ci_runs.complete_ci_run, methods=["POST"]),
        *(
            route
            for prefix, kind in (
                ("/file-operations", FILE_OPERATIONS),
                ("/terminal-commands", TERMINAL_COMMANDS),
            )
            for route in (
                Route(prefix, kind.create, methods=["POST"]),
                Route(prefix, kind.list, methods=["GET"]),
                Route(f"{prefix}/batch", kind.create_batch, methods=["POST"]),
                Route(f"{prefix}/stats", kind.stats, methods=["GET"]),
                Route(f"{prefix}/{{record_id}}", kind.get, methods=["GET"]),
            )
        ),
        Route("/replay/compare", replay.compare_replays, methods=["POST"]),
    ]


def evaluator_routes() -> list[BaseRoute]:
    return [
        Route("/evaluators", evaluators.create_evaluator, methods=["POST"]),
        Route("/evaluators", evaluators.list_evaluators, methods=["GET"]),
        Route("/evaluators/{evaluator_id}", evaluators.get_evaluator, methods=["GET"]),
        Route("/evaluators/{evaluator_id}", evaluators.update_evaluator, methods=["PATCH"]),
        Route("/evaluators/{evaluator_id}", evaluators.delete_evaluator, methods=["DELETE"]),
        Route("/evaluators/{evaluator_id}/execute", evaluators.execute_evaluator, methods=["POST"]),
        Route("/evaluators/{evaluator_id}/preview", evaluators.preview_evaluator, methods=["POST"]),
        Route("/evaluator-templates", evaluators.list_templates, methods=["GET"]),
        Route("/evaluation-jobs", evaluators.list_jobs, methods=["GET"]),
        Route("/evaluation-jobs/{job_id}", evaluators.get_job, methods=["GET"]),
    ]


def prompt_routes() -> list[BaseRoute]:
    """A name may hold ``/``: the routes with a suffix come before the bare name's."""
    return [
        Route("/prompts", prompts.create_prompt, methods=["POST"]),
        Route("/prompts", prompts.list_prompts, methods=["GET"]),
        Route(
            "/prompts/{name:path}/versions/{version}",
            prompts.update_version,
            methods=["PATCH"],
        ),
        Route("/prompts/{name:path}/versions", prompts.list_versions, methods=["GET"]),
        Route("/prompts/{name:path}/compile", prompts.compile_prompt, methods=["POST"]),
        Route("/prompts/{name:path}", prompts.get_prompt, methods=["GET"]),
        Route("/prompts/{name:path}", prompts.delete_prompt, methods=["DELETE"]),
    ]


def public_prompt_routes() -> list[BaseRoute]:
    return [
        Route("/v2/prompts", public_prompts.create_prompt, methods=["POST"]),
        Route("/v2/prompts", public_prompts.list_prompts, methods=["GET"]),
        Route(
            "/v2/prompts/{name:path}/versions/{version}",
            public_prompts.update_version,
            methods=["PATCH"],
        ),
        Route("/v2/prompts/{name:path}", public_prompts.get_prompt, methods=["GET"]),
        # The same deletion as ours (204, or a 404 in the Langfuse envelope).
        Route("/v2/prompts/{name:path}", prompts.delete_prompt, methods=["DELETE"]),
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
        Route("/otel/v1/logs", otel.logs, methods=["POST"]),
        Route("/otel/v1/metrics", otel.metrics, methods=["POST"]),
        # Versioned paths first, ahead of every {…:path} route that could take them.
        Route("/v2/observations", public_observations.list_observations_v2, methods=["GET"]),
        Route("/v2/scores", score_reads.list_scores_v2, methods=["GET"]),
        Route("/v2/scores/{score_id:path}", score_reads.get_score, methods=["GET"]),
        Route("/v3/scores", score_reads.list_scores_v3, methods=["GET"]),
        *public_prompt_routes(),
        *public_dataset_routes(),
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
        Route("/metrics", prometheus.metrics, methods=["GET"]),
        Route("/docs", docs.docs_page, methods=["GET"]),
        Mount("/v1", routes=v1),
        Mount("/api/v1", routes=v1),
        Mount("/api/public", routes=public_routes()),
    ]


def dataset_routes() -> list[BaseRoute]:
    one = "/datasets/{dataset_id}"
    return [
        Route("/datasets", datasets.create_dataset, methods=["POST"]),
        Route("/datasets", datasets.list_datasets, methods=["GET"]),
        Route(one, datasets.get_dataset, methods=["GET"]),
        Route(one, datasets.update_dataset, methods=["PATCH"]),
        Route(one, datasets.delete_dataset, methods=["DELETE"]),
        Route(f"{one}/items", datasets.create_item, methods=["POST"]),
        Route(f"{one}/items", datasets.list_items, methods=["GET"]),
        Route(f"{one}/items/batch", datasets.create_items, methods=["POST"]),
        Route(f"{one}/items/from-trace", datasets.create_item_from_trace, methods=["POST"]),
        Route(f"{one}/items/import", datasets.import_items, methods=["POST"]),
        Route(f"{one}/items/{{item_id}}", datasets.update_item, methods=["PATCH"]),
        Route(f"{one}/items/{{item_id}}", datasets.delete_item, methods=["DELETE"]),
        Route(f"{one}/runs", datasets.create_run, methods=["POST"]),
        Route(f"{one}/runs", datasets.list_runs, methods=["GET"]),
        Route(f"{one}/runs/compare", datasets.compare_runs, methods=["GET"]),
        Route(f"{one}/runs/{{run_id}}", datasets.get_run, methods=["GET"]),
        Route(f"{one}/runs/{{run_id}}", datasets.delete_run, methods=["DELETE"]),
        Route("/dataset-runs/{run_id}", datasets.get_any_run, methods=["GET"]),
    ]


def public_dataset_routes() -> list[BaseRoute]:
    runs = "/datasets/{dataset_name}/runs"
    return [
        Route("/v2/datasets", public_datasets.create_dataset, methods=["POST"]),
        Route("/v2/datasets", public_datasets.list_datasets, methods=["GET"]),
        Route("/v2/datasets/{dataset_name}", public_datasets.get_dataset, methods=["GET"]),
        Route("/datasets", public_datasets.list_datasets_legacy, methods=["GET"]),
        Route(runs, public_datasets.list_runs, methods=["GET"]),
        Route(f"{runs}/{{run_name}}", public_datasets.get_run, methods=["GET"]),
        Route(f"{runs}/{{run_name}}", public_datasets.delete_run, methods=["DELETE"]),
        Route("/dataset-items", public_datasets.create_item, methods=["POST"]),
        Route("/dataset-items", public_datasets.list_items, methods=["GET"]),
        Route("/dataset-items/{item_id}", public_datasets.get_item, methods=["GET"]),
        Route("/dataset-items/{item_id}", public_datasets.delete_item, methods=["DELETE"]),
        Route("/dataset-run-items", public_datasets.create_run_item, methods=["POST"]),
        Route("/dataset-run-items", public_datasets.list_run_items, methods=["GET"]),
    ]
