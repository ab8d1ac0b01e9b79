"""What a reader sees of an evaluator (with its run counts), a template, and a job."""

from __future__ import annotations

from agenttrace.core.views import View, column

EVALUATOR = View(
    "evaluator",
    (
        *(column(n) for n in ("id", "project_id", "name", "description", "type", "config")),
        *(column(n) for n in ("template_id", "prompt", "variable_mapping", "target", "filter")),
        *(column(n) for n in ("sampling", "score_name", "score_data_type", "score_categories")),
        *(column(n) for n in ("enabled", "status", "status_reason", "stats")),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

TEMPLATE = View(
    "evaluator_template",
    (
        *(column(n) for n in ("id", "name", "description", "prompt", "variables")),
        *(column(n) for n in ("score_data_type", "score_categories", "builtin")),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

JOB = View(
    "job",
    (
        *(column(n) for n in ("id", "project_id", "kind", "payload", "status", "attempts")),
        column("max_attempts"),
        column("evaluator_id", "owner_id"),
        column("trace_id", "subject_id"),
        *(column(n) for n in ("worker_id", "last_error", "errors", "result", "usage", "cost")),
        column("run_after", kind="time"),
        column("locked_until", kind="time"),
        column("created_at", kind="time"),
        column("started_at", kind="time"),
        column("finished_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

OUTCOME = View(
    "evaluation_outcome",
    (
        *(column(n) for n in ("evaluator_id", "subject", "observation_id", "outcome", "reason")),
        *(column(n) for n in ("job_id", "score_id", "score_value")),
        column("updated_at", kind="time"),
    ),
)
