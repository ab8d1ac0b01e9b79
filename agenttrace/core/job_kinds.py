"""Every kind of job, gathered from every capability (as ``ingestion.py`` gathers the
event types): a capability that runs background work adds its ``JobKind`` here, once, and
every worker (in ``serve`` or ``agenttrace worker``) runs it."""

from __future__ import annotations

from agenttrace.core.evaluators.jobs import EvaluationKind
from agenttrace.core.jobs.kinds import JobKind


def job_kinds() -> dict[str, JobKind]:
    kinds: list[JobKind] = [EvaluationKind()]
    return {kind.name: kind for kind in kinds}
