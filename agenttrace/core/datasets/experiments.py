"""Experiments of the Langfuse SDKs, read from the ``langfuse.experiment.*`` attributes of
their spans (the telemetry mapping hands them here as one nested object).

SDK 5.x sends only spans: ``experiment-item-run`` → ``experiment-item-task`` →
``experiment-item-evaluation``, each carrying the run (``id``, ``name``, ``description``,
``metadata``, ``dataset.id``) and the item (``item.id``, ``item.version``,
``item.root_observation_id`` — the task span, which item scores attach to —
``item.expected_output``). SDK 3.x sets the same attributes, with the run id our
``dataset-run-items`` answered. Each span becomes a record that upserts the run and the
run item, so all of an item's spans land on one run item; a local-data experiment (no
dataset) still gets its run, under the id the SDK generated.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from agenttrace.core.datasets.store import RunItemWrite, RunWrite, record
from agenttrace.core.tracing.ingest.records import RecordWrite


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _version(value: Any) -> datetime | None:
    """An item version is an ISO timestamp; anything else is dropped."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def span_record(
    experiment: Any, *, project_id: str, trace_id: str, event_at: datetime
) -> RecordWrite | None:
    """The run item a span's experiment attributes state, or None without a run id and name."""
    if not isinstance(experiment, dict):
        return None
    run_id, name = _text(experiment.get("id")), _text(experiment.get("name"))
    if run_id is None or name is None:
        return None
    dataset = experiment.get("dataset")
    item = experiment.get("item")
    item = item if isinstance(item, dict) else {}
    run = RunWrite(
        project_id=project_id,
        id=run_id,
        name=name,
        dataset_id=_text(dataset.get("id")) if isinstance(dataset, dict) else None,
        at=event_at,
        description=_text(experiment.get("description")),
        metadata=experiment.get("metadata"),
    )
    return record(
        run,
        RunItemWrite(
            project_id=project_id,
            run_id=run_id,
            trace_id=trace_id,
            at=event_at,
            dataset_item_id=_text(item.get("id")),
            observation_id=_text(item.get("root_observation_id")),
            dataset_item_version=_version(item.get("version")),
            expected_output=item.get("expected_output"),
        ),
    )
