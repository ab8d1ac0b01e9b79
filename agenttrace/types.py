"""Types shared across layers: the state the lifespan hands to every request."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from agenttrace.core.costs import PriceBook
    from agenttrace.core.keys import KeyVerifier
    from agenttrace.core.notifications import Notifier
    from agenttrace.core.ratelimit import RateLimiter
    from agenttrace.core.writer import IngestWriter
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
