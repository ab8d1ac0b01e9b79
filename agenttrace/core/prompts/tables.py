"""The prompt tables as SQLAlchemy ``Table`` objects, for the statements of the core."""

from __future__ import annotations

from sqlalchemy import Table

from agenttrace.models import Prompt, PromptLabel, PromptVersion

PROMPT: Table = Prompt.__table__  # type: ignore[attr-defined]
VERSION: Table = PromptVersion.__table__  # type: ignore[attr-defined]
LABEL: Table = PromptLabel.__table__  # type: ignore[attr-defined]
