"""When a failed attempt runs again: exponential backoff with full jitter, capped.

Jitter keeps jobs that failed together (a judge that answered 429 to a burst) from coming
back together; the cap keeps a job with many attempts from sleeping for hours.
"""

from __future__ import annotations

import random


def delay(attempt: int, *, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds before attempt ``attempt + 1``: uniform in [base·2^(n-1) / 2, base·2^(n-1)],
    never above ``cap`` (``attempt`` counts from 1)."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return (rng or random).uniform(ceiling / 2, ceiling)
