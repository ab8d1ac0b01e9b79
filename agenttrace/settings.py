"""Every setting of the server in one typed place, read from ``AGENTTRACE_*`` variables.

Settings are built once by the CLI (or by whoever calls ``create_app``) and passed down;
nothing reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./.agenttrace/agenttrace.db"

RateLimitTier = Literal["free", "pro", "enterprise", "unlimited"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AGENTTRACE_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=3000, ge=0, le=65535)
    database_url: str = DEFAULT_DATABASE_URL
    auto_migrate: bool = True
    max_body_bytes: int = Field(default=16 * 1024 * 1024, gt=0)
    # The OTLP/gRPC receiver (traces, logs, metrics) on this port, on ``host``; None: off.
    otlp_grpc_port: int | None = Field(default=None, ge=0, le=65535)
    # Worker processes that decode and map OTLP trace exports received over HTTP
    # (core/telemetry/processes.py); 0: the server process does it. Unset: `agenttrace
    # serve` decides (processes.default_processes); an app a program builds has none.
    otlp_processes: int | None = Field(default=None, ge=0, le=64)
    # One event of a batch; larger events get a 413 entry, the rest of the batch is kept.
    max_event_bytes: int = Field(default=5 * 1024 * 1024, gt=0)
    log_level: str = "info"
    # "text": lines for people; "json": one JSON object a line (docs/operations.md).
    log_format: Literal["text", "json"] = "text"
    # When set, GET /metrics needs "Authorization: Bearer <token>"; otherwise it is open.
    metrics_token: str | None = None
    # Seconds between retention sweeps (one also runs at start-up and on a policy change).
    retention_sweep_seconds: float = Field(default=3600.0, gt=0)

    # Head-less start: this project and key are created at start-up when absent.
    init_org_name: str = "default"
    init_project_name: str | None = None
    init_public_key: str | None = None
    init_secret_key: str | None = None

    # Rate limiting: the tier every project gets unless its own row says otherwise.
    # "unlimited" switches limiting off (benchmarks, trusted single-tenant installs).
    rate_limit_tier: RateLimitTier = "enterprise"
    redis_url: str | None = None

    # How long a verified API key stays in the in-process cache. Revocation through this
    # process is immediate; through another process it takes at most this long.
    key_cache_seconds: float = Field(default=5.0, ge=0)
    # How long a fetched prompt stays in the in-process cache. Writes through this process
    # are seen at once; writes through another process within this time. 0: no cache.
    prompt_cache_seconds: float = Field(default=5.0, ge=0)

    # Checkpoint file contents: the largest file, and all the contents of one checkpoint,
    # a checkpoint may carry (413 past either); where the bytes are kept.
    checkpoint_max_file_bytes: int = Field(default=5 * 1024 * 1024, gt=0)
    checkpoint_max_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    blob_store: Literal["database", "directory", "s3"] = "database"
    blob_directory: Path = Path("./.agenttrace/blobs")
    # S3 (or any S3-compatible server through the endpoint URL); credentials come from
    # boto3's own chain (AWS_* variables, profiles, instance roles), never from here.
    s3_bucket: str | None = None
    s3_prefix: str = "agenttrace"
    s3_endpoint_url: str | None = None
    s3_region: str | None = None

    # The job runtime (core/jobs): workers inside `agenttrace serve` (off: only
    # `agenttrace worker` processes run jobs), jobs run at once per worker, how often an
    # idle worker looks for work, how long a claim holds, and the bounded retries.
    run_workers: bool = True
    worker_concurrency: int = Field(default=4, ge=1, le=64)
    worker_poll_seconds: float = Field(default=0.5, gt=0)
    job_lease_seconds: float = Field(default=120.0, gt=0)
    job_max_attempts: int = Field(default=5, ge=1, le=50)
    job_backoff_seconds: float = Field(default=2.0, ge=0)
    job_backoff_max_seconds: float = Field(default=300.0, ge=0)

    # Evaluators: a trace is evaluated once no write has touched it for this long; an
    # evaluator changed through another process is seen within ``evaluator_cache_seconds``.
    eval_quiet_seconds: float = Field(default=5.0, ge=0)
    evaluator_cache_seconds: float = Field(default=5.0, ge=0)
    # The LLM judge: any OpenAI-compatible chat-completions endpoint.
    llm_base_url: str | None = None
    # A SecretStr: never printed in a repr, a log or an error message.
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=30.0, gt=0)

    @field_validator("database_url")
    @classmethod
    def _normalise_driver(cls, value: str) -> str:
        """Accept the URL spellings users paste and pin the async driver we ship."""
        scheme, sep, rest = value.partition("://")
        if not sep:
            raise ValueError(f"AGENTTRACE_DATABASE_URL must be a URL, got {value!r}")
        base = scheme.split("+", 1)[0].lower()
        if base in {"postgres", "postgresql"}:
            return f"postgresql+asyncpg://{rest}"
        if base == "sqlite":
            return f"sqlite+aiosqlite://{rest}"
        raise ValueError(
            f"AGENTTRACE_DATABASE_URL must be a sqlite:// or postgresql:// URL, got {value!r}"
        )

    @model_validator(mode="after")
    def _s3_needs_a_bucket(self) -> Settings:
        if self.blob_store == "s3" and not self.s3_bucket:
            raise ValueError("AGENTTRACE_BLOB_STORE=s3 needs AGENTTRACE_S3_BUCKET")
        return self

    @property
    def dialect(self) -> Literal["sqlite", "postgresql"]:
        return "sqlite" if self.database_url.startswith("sqlite") else "postgresql"

    @property
    def sqlite_path(self) -> Path | None:
        """The database file of a SQLite URL (None for Postgres or in-memory SQLite)."""
        if self.dialect != "sqlite":
            return None
        path = self.database_url.split(":///", 1)[1] if ":///" in self.database_url else ""
        path = path.split("?", 1)[0]
        if not path or path == ":memory:":
            return None
        return Path(path)
