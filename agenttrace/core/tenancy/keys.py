"""API keys: creation, listing, revocation, and verification of presented credentials.

Secrets are 256-bit random strings, so a single SHA-256 digest is a safe thing to store and
compare (slow password hashes defend low-entropy secrets, which these are not). Verified
keys are cached in-process for a few seconds so a request costs one hash, not a query.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from agenttrace.core import ids
from agenttrace.core.errors import Conflict, Invalid, NotFound, Unauthorized
from agenttrace.core.tenancy.scopes import grants, validate_scopes
from agenttrace.core.time import utcnow
from agenttrace.db.engine import Database
from agenttrace.models import ApiKey, Project

PUBLIC_PREFIX = "pk-at-"
SECRET_PREFIX = "sk-at-"
# Keys given by the operator (AGENTTRACE_INIT_*, `keys create --public-key`) may have any
# format, e.g. migrated `pk-lf-…` keys, but not trivially short ones.
MIN_SUPPLIED_SECRET_LENGTH = 16
# Cache size bound: far above the number of keys a server sees, small in memory.
KEY_CACHE_MAX_ENTRIES = 10_000


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def preview(secret: str) -> str:
    return f"{secret[:6]}...{secret[-4:]}"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a project key, or a public key alone (may only create scores)."""

    project_id: str
    key_id: str
    public_key: str
    scopes: frozenset[str]
    public_only: bool = False
    # The project's own rate-limit tier; None means the server default.
    rate_limit_tier: str | None = None
    # When the key stops working (None: never), so a client can warn before it does.
    expires_at: datetime | None = None

    def allows(self, scope: str) -> bool:
        if self.public_only:
            return scope == "scores:write"
        return grants(self.scopes, scope)


@dataclass(frozen=True)
class CreatedKey:
    key: ApiKey
    secret_key: str


async def create_api_key(
    *,
    session: AsyncSession,
    project_id: str,
    scopes: Sequence[str] = ("*",),
    expires_at: datetime | None = None,
    note: str | None = None,
    public_key: str | None = None,
    secret_key: str | None = None,
) -> CreatedKey:
    """Create a key pair; the secret is returned here and never again."""
    if (public_key is None) != (secret_key is None):
        raise Invalid("give both a public and a secret key, or neither", field="secretKey")
    if secret_key is not None and len(secret_key) < MIN_SUPPLIED_SECRET_LENGTH:
        raise Invalid(
            f"a secret key needs at least {MIN_SUPPLIED_SECRET_LENGTH} characters",
            field="secretKey",
        )
    if await session.get(Project, project_id) is None:
        raise NotFound("project", project_id)
    public_key = public_key or PUBLIC_PREFIX + secrets.token_hex(32)
    secret_key = secret_key or SECRET_PREFIX + secrets.token_hex(32)
    clash = await session.execute(
        select(ApiKey.id).where(
            (ApiKey.public_key == public_key) | (ApiKey.secret_hash == hash_secret(secret_key))
        )
    )
    if clash.first() is not None:
        raise Conflict("an API key with this public or secret key already exists")
    key = ApiKey(
        id=ids.new_uuid(),
        project_id=project_id,
        public_key=public_key,
        secret_hash=hash_secret(secret_key),
        secret_preview=preview(secret_key),
        scopes=validate_scopes(scopes),
        note=note,
        created_at=utcnow(),
        expires_at=expires_at,
    )
    session.add(key)
    await session.flush()
    return CreatedKey(key=key, secret_key=secret_key)


async def list_api_keys(*, session: AsyncSession, project_id: str | None = None) -> list[ApiKey]:
    statement = select(ApiKey).order_by(col(ApiKey.created_at), col(ApiKey.id))
    if project_id is not None:
        statement = statement.where(ApiKey.project_id == project_id)
    result = await session.execute(statement)
    return list(result.scalars().all())


async def find_api_key(*, session: AsyncSession, public_key: str) -> ApiKey | None:
    result = await session.execute(select(ApiKey).where(ApiKey.public_key == public_key))
    return result.scalars().first()


async def revoke_api_key(*, session: AsyncSession, public_key: str) -> ApiKey:
    key = await find_api_key(session=session, public_key=public_key)
    if key is None:
        raise NotFound("API key", public_key)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        await session.flush()
    return key


@dataclass(frozen=True)
class _CachedKey:
    key: ApiKey | None
    rate_limit_tier: str | None
    fetched_at: float


class KeyVerifier:
    """Resolves presented credentials to a ``Principal``, with a short-lived cache."""

    def __init__(self, database: Database, *, ttl_seconds: float) -> None:
        self._database = database
        self._ttl = ttl_seconds
        self._by_secret_hash: dict[str, _CachedKey] = {}
        self._by_public_key: dict[str, _CachedKey] = {}

    async def verify_secret(self, secret: str, *, public_key: str | None = None) -> Principal:
        """A secret key (Bearer) or a ``pk:sk`` pair (Basic); the pair must belong together."""
        found = await self._lookup(self._by_secret_hash, hash_secret(secret), ApiKey.secret_hash)
        if found.key is None or (
            public_key is not None and not hmac.compare_digest(public_key, found.key.public_key)
        ):
            raise Unauthorized("Invalid API key. Confirm that the key pair and host are correct.")
        return self._principal(found, public_only=False)

    async def verify_public_key(self, public_key: str) -> Principal:
        """A public key alone (Bearer): allowed to create scores and nothing else."""
        found = await self._lookup(self._by_public_key, public_key, ApiKey.public_key)
        if found.key is None:
            raise Unauthorized("Invalid API key. Confirm that the key and host are correct.")
        return self._principal(found, public_only=True)

    def forget(self) -> None:
        """Drop every cached key (after a revocation or a scope change in this process)."""
        self._by_secret_hash.clear()
        self._by_public_key.clear()

    async def _lookup(self, cache: dict[str, _CachedKey], value: str, column: object) -> _CachedKey:
        now = time.monotonic()
        cached = cache.get(value)
        if cached is not None and now - cached.fetched_at < self._ttl:
            return cached
        async with self._database.read() as session:
            result = await session.execute(
                select(ApiKey, Project.rate_limit_tier)
                .join(Project, col(Project.id) == col(ApiKey.project_id))
                .where(column == value)
            )
            row = result.first()
        if len(cache) >= KEY_CACHE_MAX_ENTRIES:
            cache.clear()
        found = _CachedKey(
            key=None if row is None else row[0],
            rate_limit_tier=None if row is None else row[1],
            fetched_at=now,
        )
        cache[value] = found
        return found

    @staticmethod
    def _principal(found: _CachedKey, *, public_only: bool) -> Principal:
        key = found.key
        if key is None:  # callers answer an unknown key first, with their own message
            raise Unauthorized("Invalid API key.")
        if key.revoked_at is not None:
            raise Unauthorized("This API key has been revoked.")
        if key.expires_at is not None and key.expires_at <= utcnow():
            raise Unauthorized("This API key has expired.")
        return Principal(
            project_id=key.project_id,
            key_id=key.id,
            public_key=key.public_key,
            scopes=frozenset(key.scopes),
            public_only=public_only,
            rate_limit_tier=found.rate_limit_tier,
            expires_at=key.expires_at,
        )
