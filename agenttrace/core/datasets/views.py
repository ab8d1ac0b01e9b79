"""What a reader sees of datasets, items, runs and run items, for every face."""

from __future__ import annotations

from agenttrace.core.views import View, column

DATASET = View(
    "dataset",
    (
        *(column(n) for n in ("id", "project_id", "name", "description", "metadata")),
        column("input_schema"),
        column("expected_output_schema"),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

ITEM = View(
    "dataset_item",
    (
        *(column(n) for n in ("id", "project_id", "dataset_id", "dataset_name", "status")),
        *(column(n) for n in ("input", "expected_output", "metadata")),
        column("source_trace_id"),
        column("source_observation_id"),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

RUN = View(
    "dataset_run",
    (
        *(column(n) for n in ("id", "project_id", "name", "description", "metadata")),
        column("dataset_id"),
        column("dataset_name"),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

RUN_ITEM = View(
    "dataset_run_item",
    (
        column("id"),
        column("dataset_run_id", "run_id"),
        column("dataset_run_name", "run_name"),
        *(column(n) for n in ("dataset_item_id", "trace_id", "observation_id")),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)
