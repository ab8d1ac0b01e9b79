"""The job table as a SQLAlchemy ``Table``, for the statements of the runtime."""

from __future__ import annotations

from sqlalchemy import Table

from agenttrace.models import Job

JOB: Table = Job.__table__  # type: ignore[attr-defined]
