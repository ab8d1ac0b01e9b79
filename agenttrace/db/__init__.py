"""Engines, sessions, column types and migrations."""

from __future__ import annotations

from agenttrace.db.engine import Database, create_database

__all__ = ["Database", "create_database"]
