"""The services the lifespan hands to every request, and typed accessors for them."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, cast

from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from agenttrace.core.evaluators.matching import EvaluatorCache
    from agenttrace.core.jobs.worker import Worker
    from agenttrace.core.pricing.costs import PriceBook
    from agenttrace.core.prompts.cache import PromptCache
    from agenttrace.core.ratelimit import RateLimiter
    from agenttrace.core.retention import Sweeper
    from agenttrace.core.telemetry.processes import MappingPool
    from agenttrace.core.tenancy.keys import KeyVerifier
    from agenttrace.core.tracing.ingest.writer import IngestWriter
    from agenttrace.core.tracing.notifications import Notifier
    from agenttrace.db.engine import Database
    from agenttrace.settings import Settings


class AppState(TypedDict):
    settings: Settings
    database: Database
    verifier: KeyVerifier
    limiter: RateLimiter
    prices: PriceBook
    writer: IngestWriter
    notifier: Notifier
    prompt_cache: PromptCache
    worker: Worker
    evaluator_cache: EvaluatorCache
    sweeper: Sweeper
    # Worker processes that decode and map OTLP trace exports; None: the server does it.
    otlp_pool: MappingPool | None


def database(connection: HTTPConnection) -> Database:
    return cast("Database", connection.state.database)


def settings(connection: HTTPConnection) -> Settings:
    return cast("Settings", connection.state.settings)


def writer(connection: HTTPConnection) -> IngestWriter:
    return cast("IngestWriter", connection.state.writer)


def notifier(connection: HTTPConnection) -> Notifier:
    return cast("Notifier", connection.state.notifier)


def prices(connection: HTTPConnection) -> PriceBook:
    return cast("PriceBook", connection.state.prices)


def prompt_cache(connection: HTTPConnection) -> PromptCache:
    return cast("PromptCache", connection.state.prompt_cache)


def worker(connection: HTTPConnection) -> Worker:
    return cast("Worker", connection.state.worker)


def evaluator_cache(connection: HTTPConnection) -> EvaluatorCache:
    return cast("EvaluatorCache", connection.state.evaluator_cache)


def sweeper(connection: HTTPConnection) -> Sweeper:
    return cast("Sweeper", connection.state.sweeper)


def otlp_pool(connection: HTTPConnection) -> MappingPool | None:
    return cast("MappingPool | None", connection.state.otlp_pool)
