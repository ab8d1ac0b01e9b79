"""Token buckets: burst, refill, the numbers in the headers; local and Redis-backed."""

from __future__ import annotations

import uuid

import pytest
import redis.asyncio as redis_asyncio

from agenttrace.core.ratelimit import TIERS, LocalRateLimiter, RateLimiter, RedisRateLimiter, Tier
from agenttrace.web.middleware.auth import rate_limit_headers

REDIS_URL = "redis://127.0.0.1:6379/15"


async def _drain(limiter: RateLimiter, key: str, tier: Tier, count: int) -> list[bool]:
    return [(await limiter.hit(key, tier)).allowed for _ in range(count)]


async def test_local_bucket_allows_the_burst_then_refuses() -> None:
    limiter = LocalRateLimiter()
    tier = TIERS["free"]
    assert await _drain(limiter, "p", tier, tier.burst) == [True] * tier.burst
    refused = await limiter.hit("p", tier)
    assert not refused.allowed
    assert refused.retry_after == 1  # one token per second on the free tier
    assert refused.remaining == 0
    assert rate_limit_headers(refused)["X-RateLimit-Limit"] == "60"


async def test_buckets_are_per_key() -> None:
    limiter = LocalRateLimiter()
    tier = Tier(per_minute=60, burst=1)
    assert (await limiter.hit("a", tier)).allowed
    assert (await limiter.hit("b", tier)).allowed
    assert not (await limiter.hit("a", tier)).allowed


@pytest.fixture
async def redis_limiter() -> RedisRateLimiter:
    client = redis_asyncio.from_url(REDIS_URL)
    try:
        await client.ping()
    except OSError as exc:
        pytest.skip(f"Redis at {REDIS_URL} is unreachable: {exc}")
    finally:
        await client.aclose()
    return RedisRateLimiter(REDIS_URL)


async def test_redis_bucket_is_shared_between_limiters(redis_limiter: RedisRateLimiter) -> None:
    """Two server processes are two limiters on one Redis: they share the burst."""
    other = RedisRateLimiter(REDIS_URL)
    key, tier = uuid.uuid4().hex, Tier(per_minute=60, burst=4)
    try:
        assert await _drain(redis_limiter, key, tier, 2) == [True, True]
        assert await _drain(other, key, tier, 3) == [True, True, False]
    finally:
        await other.close()
        await redis_limiter.close()


async def test_unreachable_redis_fails_open() -> None:
    limiter = RedisRateLimiter("redis://127.0.0.1:1/0")
    try:
        assert (await limiter.hit("p", TIERS["free"])).allowed
    finally:
        await limiter.close()


async def test_unreachable_redis_limits_in_process_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    limiter = RedisRateLimiter("redis://127.0.0.1:1/0")
    tier = Tier(per_minute=60, burst=3)
    try:
        with caplog.at_level("WARNING", logger="agenttrace.ratelimit"):
            assert await _drain(limiter, "p", tier, 4) == [True, True, True, False]
    finally:
        await limiter.close()
    warnings = [r for r in caplog.records if r.name == "agenttrace.ratelimit"]
    assert len(warnings) == 1
    assert "limiting in this process" in warnings[0].getMessage()
