"""The client's settings: arguments first, then ``AGENTTRACE_*`` environment variables.

Read once when a client is made; never at import time.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from agenttrace_client.errors import ConfigurationError

DEFAULT_API_URL = "http://127.0.0.1:3000"

# Setting → environment variable (and how to read it).
_ENV: dict[str, str] = {
    "api_url": "AGENTTRACE_API_URL",
    "api_key": "AGENTTRACE_API_KEY",
    "public_key": "AGENTTRACE_PUBLIC_KEY",
    "secret_key": "AGENTTRACE_SECRET_KEY",
    "timeout": "AGENTTRACE_TIMEOUT",
    "strict": "AGENTTRACE_STRICT",
    "enabled": "AGENTTRACE_ENABLED",
    "flush_at": "AGENTTRACE_FLUSH_AT",
    "flush_interval": "AGENTTRACE_FLUSH_INTERVAL",
    "max_queue": "AGENTTRACE_MAX_QUEUE",
    "max_retries": "AGENTTRACE_MAX_RETRIES",
    # Set by `agenttrace wrap` for its child: the SDK's root calls join that trace.
    "trace_id": "AGENTTRACE_TRACE_ID",
    "parent_observation_id": "AGENTTRACE_PARENT_OBSERVATION_ID",
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Settings:
    api_url: str = DEFAULT_API_URL
    api_key: str | None = None
    public_key: str | None = None
    secret_key: str | None = None
    timeout: float = 10.0
    strict: bool = False
    enabled: bool = True
    flush_at: int = 20
    flush_interval: float = 5.0
    max_queue: int = 10_000
    max_retries: int = 3
    retry_base_delay: float = 0.5
    trace_id: str | None = None
    parent_observation_id: str | None = None

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **given: Any) -> Settings:
        """``given`` (None = unset) wins over the environment; a bad value names its variable."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field in fields(cls):
            value = given.get(field.name)
            if value is None and field.name in _ENV and env.get(_ENV[field.name]):
                value = _cast(field.name, env[_ENV[field.name]], type(getattr(cls, field.name)))
            if value is not None:
                values[field.name] = value
        settings = cls(**values)
        return replace(settings, api_url=settings.api_url.rstrip("/"))

    @property
    def has_key(self) -> bool:
        return bool(self.api_key or self.secret_key)

    def authorization(self) -> str:
        """The ``Authorization`` header: Bearer for a secret key alone, Basic for a pair."""
        if self.api_key:
            return f"Bearer {self.api_key}"
        if self.public_key and self.secret_key:
            pair = f"{self.public_key}:{self.secret_key}".encode()
            return f"Basic {base64.b64encode(pair).decode()}"
        if self.secret_key:
            return f"Bearer {self.secret_key}"
        raise ConfigurationError(
            "no API key: set AGENTTRACE_API_KEY (a secret key, sk-at-…) "
            "or AGENTTRACE_PUBLIC_KEY and AGENTTRACE_SECRET_KEY"
        )


def _cast(name: str, raw: str, kind: type) -> Any:
    variable = _ENV[name]
    try:
        if kind is bool:
            lowered = raw.strip().lower()
            if lowered not in _TRUE | _FALSE:
                raise ValueError(raw)
            return lowered in _TRUE
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
    except ValueError:
        raise ConfigurationError(f"{variable}={raw!r} is not a valid {kind.__name__}") from None
    return raw
