"""``create_app(settings)``: the Starlette application, its lifespan and middleware."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware

from agenttrace import __version__
from agenttrace.core.errors import CoreError
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.ratelimit import create_rate_limiter
from agenttrace.core.tenancy.bootstrap import NewKeys, bootstrap
from agenttrace.core.tenancy.keys import KeyVerifier
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.core.tracing.notifications import Notifier
from agenttrace.db import create_database, migrate
from agenttrace.rest.errors import handle_core_error, handle_http_exception, handle_unexpected
from agenttrace.rest.middleware import AuthMiddleware, BodyLimitMiddleware, RequestIdMiddleware
from agenttrace.rest.routes import routes
from agenttrace.settings import Settings
from agenttrace.types import AppState

logger = logging.getLogger("agenttrace")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[AppState]:
        if settings.auto_migrate:
            await migrate.upgrade(settings)
        database = create_database(settings)
        limiter = create_rate_limiter(settings.redis_url)
        prices = PriceBook()
        notifier = Notifier()
        writer = IngestWriter(database, prices, notifier)
        writer.start()
        try:
            new_keys = await bootstrap(database, settings)
            if new_keys is not None:
                _announce_keys(new_keys, settings)
            logger.info(
                "AgentTrace %s ready on http://%s:%s (%s database)",
                __version__,
                settings.host,
                settings.port,
                settings.dialect,
            )
            yield AppState(
                settings=settings,
                database=database,
                verifier=KeyVerifier(database, ttl_seconds=settings.key_cache_seconds),
                limiter=limiter,
                prices=prices,
                writer=writer,
                notifier=notifier,
            )
        finally:
            await writer.stop()
            await limiter.close()
            await database.dispose()

    # Outermost first. Starlette adds its error layer outside these (our JSON 500) and its
    # exception layer inside them (core errors and HTTP errors into envelopes).
    middleware = [
        Middleware(RequestIdMiddleware),
        Middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes),
        Middleware(AuthMiddleware),
    ]
    return Starlette(
        routes=routes(),
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={
            CoreError: handle_core_error,
            HTTPException: handle_http_exception,
            Exception: handle_unexpected,
        },
    )


def _announce_keys(new_keys: NewKeys, settings: Settings) -> None:
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
