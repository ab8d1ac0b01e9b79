"""Settings: database URL normalisation and errors that name the key."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from agenttrace.settings import DEFAULT_DATABASE_URL, Settings


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
    ],
    ids=["postgres-alias", "postgresql", "other-driver", "sqlite"],
)
def test_database_url_gets_the_async_driver(given: str, expected: str) -> None:
    assert Settings(database_url=given).database_url == expected


def test_unknown_database_scheme_names_the_variable() -> None:
    with pytest.raises(
        ValidationError, match="AGENTTRACE_DATABASE_URL must be a sqlite:// or postgresql://"
    ):
        Settings(database_url="mysql://x/y")


def test_settings_come_from_agenttrace_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENTTRACE_PORT", "4123")
    monkeypatch.setenv("AGENTTRACE_MAX_BODY_BYTES", "99")
    settings = Settings()
    assert (settings.port, settings.max_body_bytes) == (4123, 99)
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.sqlite_path is not None
    assert settings.sqlite_path.name == "agenttrace.db"
