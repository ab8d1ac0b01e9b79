"""Tenancy: organizations own projects; projects own API keys and all data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from agenttrace.db.types import JSONType, UTCDateTime


class Organization(SQLModel, table=True):
    __tablename__ = "organization"

    id: str = Field(primary_key=True)
    name: str
    created_at: datetime = Field(sa_type=UTCDateTime)


class Project(SQLModel, table=True):
    __tablename__ = "project"

    id: str = Field(primary_key=True)
    organization_id: str = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    name: str = Field(index=True)
    # None: the server-wide tier from settings applies.
    rate_limit_tier: str | None = None
    # Traces older than this many days are deleted by the retention sweeper; None: kept.
    retention_days: int | None = None
    # The last sweep of this project: when it finished and how many traces it deleted.
    last_sweep_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_sweep_deleted: int | None = None
    meta: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSONType, sa_column_kwargs={"name": "metadata"}
    )
    created_at: datetime = Field(sa_type=UTCDateTime)


class ApiKey(SQLModel, table=True):
    """One key pair. Only the SHA-256 digest of the secret is stored."""

    __tablename__ = "api_key"

    id: str = Field(primary_key=True)
    project_id: str = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    public_key: str = Field(unique=True)
    secret_hash: str = Field(unique=True)
    secret_preview: str
    scopes: list[str] = Field(default_factory=list, sa_type=JSONType)
    note: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
