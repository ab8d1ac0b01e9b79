"""The evaluator tables as SQLAlchemy ``Table`` objects, for the statements of the core."""

from __future__ import annotations

from sqlalchemy import Table

from agenttrace.models import EvaluationOutcome, Evaluator, EvaluatorCheckCount, EvaluatorTemplate

EVALUATOR: Table = Evaluator.__table__  # type: ignore[attr-defined]
TEMPLATE: Table = EvaluatorTemplate.__table__  # type: ignore[attr-defined]
OUTCOME: Table = EvaluationOutcome.__table__  # type: ignore[attr-defined]
CHECKS: Table = EvaluatorCheckCount.__table__  # type: ignore[attr-defined]
