"""Per-project rate limits: a token bucket per project, in-process or shared through Redis.

A tier allows ``per_minute`` requests sustained and ``burst`` at once: the bucket holds at
most ``burst`` tokens and refills at ``per_minute / 60`` tokens per second.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as redis_asyncio
from redis.exceptions import RedisError

from agenttrace.core.errors import RateLimited
from agenttrace.core.tenancy.keys import Principal

logger = logging.getLogger("agenttrace.ratelimit")


@dataclass(frozen=True)
class Tier:
    per_minute: int
    burst: int

    @property
    def rate(self) -> float:
        return self.per_minute / 60.0


TIERS: dict[str, Tier] = {
    "free": Tier(per_minute=60, burst=10),
    "pro": Tier(per_minute=600, burst=100),
    "enterprise": Tier(per_minute=6000, burst=1000),
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_at: int
    retry_after: int

    def refusal(self) -> RateLimited | None:
        """The error to answer with when the request is over the limit."""
        if self.allowed:
            return None
        return RateLimited(
            f"Rate limit of {self.limit} requests per minute exceeded; "
            f"retry in {self.retry_after} s",
            retry_after=self.retry_after,
        )


def decide(tier: Tier, tokens_after: float, allowed: bool, now: float) -> Decision:
    """Turn a bucket's state after a hit into the numbers the headers report."""
    refill_seconds = (tier.burst - tokens_after) / tier.rate
    return Decision(
        allowed=allowed,
        limit=tier.per_minute,
        remaining=max(0, math.floor(tokens_after)),
        reset_at=math.ceil(now + refill_seconds),
        retry_after=0 if allowed else max(1, math.ceil((1 - tokens_after) / tier.rate)),
    )


class RateLimiter(Protocol):
    async def hit(self, key: str, tier: Tier) -> Decision: ...

    async def close(self) -> None: ...


class LocalRateLimiter:
    """Buckets in this process's memory: exact for one server process."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}

    async def hit(self, key: str, tier: Tier) -> Decision:
        now = time.time()
        tokens, updated = self._buckets.get(key, (float(tier.burst), now))
        tokens = min(float(tier.burst), tokens + max(0.0, now - updated) * tier.rate)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[key] = (tokens, now)
        return decide(tier, tokens, allowed, now)

    async def close(self) -> None:
        self._buckets.clear()


# One round trip, atomic; Redis's own clock so every server process agrees on "now".
_BUCKET_SCRIPT = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or burst
local updated = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return {allowed, tostring(tokens), tostring(now)}
"""


class RedisRateLimiter:
    """Buckets in Redis, so several server processes enforce one limit per project.

    If Redis is unreachable, each process limits in its own memory (``LocalRateLimiter``)
    and logs one warning: an outage of the limiter must not become an outage of ingestion,
    nor lift the limits entirely. Redis is tried again every ``RETRY_SECONDS``; timeouts
    are short so a Redis that hangs costs a request at most that long.
    """

    RETRY_SECONDS = 5.0
    TIMEOUT_SECONDS = 0.5

    def __init__(self, url: str) -> None:
        self._client = redis_asyncio.from_url(
            url,
            socket_connect_timeout=self.TIMEOUT_SECONDS,
            socket_timeout=self.TIMEOUT_SECONDS,
        )
        self._script = self._client.register_script(_BUCKET_SCRIPT)
        self._fallback = LocalRateLimiter()
        self._down_until: float | None = None

    async def hit(self, key: str, tier: Tier) -> Decision:
        if self._down_until is not None and time.monotonic() < self._down_until:
            return await self._fallback.hit(key, tier)
        try:
            allowed, tokens, now = await self._script(
                keys=[f"agenttrace:ratelimit:{key}"], args=[tier.rate, tier.burst]
            )
        except (RedisError, OSError) as exc:
            if self._down_until is None:
                logger.warning(
                    "Redis rate limiter unavailable (%s); limiting in this process until "
                    "it is back",
                    exc,
                )
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            return await self._fallback.hit(key, tier)
        if self._down_until is not None:
            logger.warning("Redis rate limiter is back; limits are shared again")
            self._down_until = None
        return decide(tier, float(tokens), bool(int(allowed)), float(now))

    async def close(self) -> None:
        await self._client.aclose()


async def count_request(
    limiter: RateLimiter, principal: Principal, default_tier: str
) -> Decision | None:
    """Count one request of the principal's project against its tier (the project's own,
    else the server's default); None when that tier is unlimited."""
    tier = TIERS.get(principal.rate_limit_tier or default_tier)
    if tier is None:
        return None
    return await limiter.hit(principal.project_id, tier)


def create_rate_limiter(redis_url: str | None) -> RateLimiter:
    return RedisRateLimiter(redis_url) if redis_url else LocalRateLimiter()
