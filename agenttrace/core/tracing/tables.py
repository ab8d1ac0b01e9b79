"""The tracing tables as SQLAlchemy ``Table`` objects, for the statements of the core
(rows are read and written as mappings keyed by column name, not as ORM objects)."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Table

from agenttrace.models import Observation, Score, Trace, TraceCount, TraceSession

Kind = Literal["trace", "observation", "score"]

TRACE: Table = Trace.__table__  # type: ignore[attr-defined]
OBSERVATION: Table = Observation.__table__  # type: ignore[attr-defined]
SCORE: Table = Score.__table__  # type: ignore[attr-defined]
SESSION: Table = TraceSession.__table__  # type: ignore[attr-defined]
TRACE_COUNT: Table = TraceCount.__table__  # type: ignore[attr-defined]
TABLES: dict[Kind, Table] = {"trace": TRACE, "observation": OBSERVATION, "score": SCORE}
