"""``create_app(settings)``: the Starlette application, its lifespan, middleware and faces.

This is the one place the faces meet: each exports its routes and its error envelope,
and this module mounts them, with the shared middleware of ``web`` around them.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware

from agenttrace import __version__, instruments
from agenttrace.core import ingestion
from agenttrace.core.evaluators.matching import EvaluatorCache
from agenttrace.core.evaluators.queueing import EvaluationHook
from agenttrace.core.job_kinds import job_kinds
from agenttrace.core.jobs.worker import Worker
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.prompts.cache import PromptCache
from agenttrace.core.ratelimit import create_rate_limiter
from agenttrace.core.retention import Sweeper
from agenttrace.core.telemetry.processes import MappingPool
from agenttrace.core.tenancy.bootstrap import NewKeys, bootstrap
from agenttrace.core.tenancy.keys import KeyVerifier
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.core.tracing.notifications import Notifier
from agenttrace.core.tracing.relay import create_relay
from agenttrace.db import create_database, migrate
from agenttrace.graphql import errors as graphql_errors
from agenttrace.graphql import routes as graphql_routes
from agenttrace.otlp_grpc import server as otlp_grpc
from agenttrace.rest import routes as rest_routes
from agenttrace.rest.public import errors as langfuse_errors
from agenttrace.rest.v1 import errors as v1_errors
from agenttrace.settings import Settings
from agenttrace.web import logs, static, vendor
from agenttrace.web.errors import Envelopes
from agenttrace.web.middleware import (
    AuthMiddleware,
    BodyLimitMiddleware,
    NulMiddleware,
    ObserveMiddleware,
    RequestIdMiddleware,
)
from agenttrace.web.state import AppState

logger = logging.getLogger("agenttrace")

# Which face answers an error on a path; everything else (health, OpenAPI) speaks /v1's.
ENVELOPES = Envelopes(
    [("/api/public", langfuse_errors.envelope), (graphql_routes.PATH, graphql_errors.envelope)],
    default=v1_errors.envelope,
)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[AppState]:
        if settings.auto_migrate:
            await migrate.upgrade(settings)
        database = create_database(settings, server=True)
        limiter = create_rate_limiter(settings.redis_url)
        prices = PriceBook()
        relay = create_relay(
            redis_url=settings.redis_url,
            database_url=settings.database_url,
            dialect=settings.dialect,
        )
        notifier = Notifier(relay)
        if relay is not None:
            relay.start(notifier.deliver)
        evaluators = EvaluatorCache(settings.evaluator_cache_seconds)
        evaluation_hook = EvaluationHook(evaluators, settings)
        writer = IngestWriter(
            database, prices, notifier, stores=ingestion.record_stores(settings),
            hooks=[evaluation_hook],
        )  # fmt: skip
        writer.start()
        evaluation_hook.start(database)
        # Runs the jobs of `execute` always; the queue too unless AGENTTRACE_RUN_WORKERS=false.
        worker = Worker(database=database, settings=settings, prices=prices, kinds=job_kinds())
        if settings.run_workers:
            worker.start()
        sweeper = Sweeper(database, interval=settings.retention_sweep_seconds, writer=writer)
        verifier = KeyVerifier(database, ttl_seconds=settings.key_cache_seconds)
        grpc_server = None
        otlp_pool = MappingPool(settings.otlp_processes) if settings.otlp_processes else None
        try:
            database.start()
            if otlp_pool is not None:
                await otlp_pool.start()
            if settings.otlp_grpc_port is not None:
                grpc_server, _ = await otlp_grpc.start(
                    host=settings.host, port=settings.otlp_grpc_port, writer=writer,
                    verifier=verifier, limiter=limiter, default_tier=settings.rate_limit_tier,
                    max_message_bytes=settings.max_body_bytes,
                )  # fmt: skip
            new_keys = await bootstrap(database, settings)
            if new_keys is not None:
                announce_keys(new_keys, settings)
            sweeper.start()
            logger.info(
                "AgentTrace %s ready on http://%s:%s (%s database)%s",
                __version__,
                settings.host,
                settings.port,
                settings.dialect,
                f"; web UI at http://{settings.host}:{settings.port}/" if static.built() else "",
            )
            yield AppState(
                settings=settings,
                database=database,
                verifier=verifier,
                limiter=limiter,
                prices=prices,
                writer=writer,
                notifier=notifier,
                prompt_cache=PromptCache(settings.prompt_cache_seconds),
                sweeper=sweeper,
                worker=worker,
                evaluator_cache=evaluators,
                otlp_pool=otlp_pool,
            )
        finally:
            if otlp_pool is not None:
                await otlp_pool.stop()
            await sweeper.stop()
            await worker.stop()
            if grpc_server is not None:
                await grpc_server.stop(grace=5)
            await writer.stop()
            await evaluation_hook.stop()
            if relay is not None:
                await relay.stop()
            await limiter.close()
            await database.dispose()

    # Outermost first. Starlette adds its error layer outside these (our JSON 500) and its
    # exception layer inside them (core errors and HTTP errors into envelopes).
    middleware = [
        Middleware(RequestIdMiddleware),
        Middleware(ObserveMiddleware),
        Middleware(NulMiddleware),
        Middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes, envelopes=ENVELOPES),
        Middleware(AuthMiddleware, envelopes=ENVELOPES),
    ]
    return Starlette(
        routes=[
            *rest_routes.routes(),
            *graphql_routes.routes(),
            *vendor.routes(),
            *static.routes(),
        ],
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers=ENVELOPES.handlers(),
    )


def worker_app() -> Starlette:
    """The app of one of several server processes (``agenttrace serve --workers N``):
    settings from the environment the CLI prepared, logs set up in this process."""
    settings = Settings()
    logs.configure(settings.log_level, settings.log_format)
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        instruments.forget_dead_processes(directory)
    return serving_app(settings)


def serving_app(settings: Settings) -> Starlette:
    """The app of a process that serves (``agenttrace serve``, each of its ``--workers``).
    What is imported and built by now lives until exit, so it leaves the collector's
    generations (``gc.freeze``): the collections that requests' allocations trigger stop
    walking it (+13 % events/s when the single process began doing it; bench/README.md)."""
    application = create_app(settings)
    gc.freeze()
    return application


def announce_keys(new_keys: NewKeys, settings: Settings) -> None:
    """At WARNING, so it shows at every log level: the secret cannot be shown again."""
    logger.warning(
        "\n"
        "  Created project %r with an API key. The secret is shown only this once:\n"
        "    public key: %s\n"
        "    secret key: %s\n"
        "  Try: curl -u %s:%s http://%s:%s/api/public/projects\n",
        new_keys.project_name,
        new_keys.public_key,
        new_keys.secret_key,
        new_keys.public_key,
        new_keys.secret_key,
        settings.host,
        settings.port,
    )
