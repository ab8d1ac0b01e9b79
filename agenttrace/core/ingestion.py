"""Everything a batch of ingestion events may carry, gathered from every capability: the
event types (``POST /api/public/ingestion``) and the stores of the records they make.
A capability adds its event types and its ``RecordStore`` here, once; faces and the app
read them from here (see ``tracing/ingest/records.py``)."""

from __future__ import annotations

from collections.abc import Mapping

from agenttrace.core.datasets.store import STORE as DATASET_RUN_ITEMS
from agenttrace.core.datasets.store import RunItemStore
from agenttrace.core.tracing.ingest import events
from agenttrace.core.tracing.ingest.events import EventType
from agenttrace.core.tracing.ingest.records import RecordStore

EVENT_TYPES: Mapping[str, EventType] = {**events.EVENT_TYPES}


def record_stores() -> dict[str, RecordStore]:
    """The stores of every record kind, by the name their ``RecordWrite.store`` gives."""
    return {DATASET_RUN_ITEMS: RunItemStore()}
