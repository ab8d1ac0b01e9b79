"""Types shared across layers: the state the lifespan hands to every request."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from agenttrace.core.pricing.costs import PriceBook
    from agenttrace.core.ratelimit import RateLimiter
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
