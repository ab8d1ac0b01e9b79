"""Everything a batch of ingestion events may carry, gathered from every capability: the
event types (``POST /api/public/ingestion``) and the stores of the records they make.
A capability adds its event types and its ``RecordStore`` here, once; faces and the app
read them from here (see ``tracing/ingest/records.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from agenttrace.core.agents import events as agent_events
from agenttrace.core.agents.blobs import blob_store
from agenttrace.core.agents.manifest import ContentLimits
from agenttrace.core.datasets.store import STORE as DATASET_RUN_ITEMS
from agenttrace.core.datasets.store import RunItemStore
from agenttrace.core.tracing.ingest import events
from agenttrace.core.tracing.ingest.events import EventType
from agenttrace.core.tracing.ingest.records import RecordStore
from agenttrace.settings import Settings

EVENT_TYPES: Mapping[str, EventType] = {**events.EVENT_TYPES}


@cache
def _agent_event_types(limits: ContentLimits) -> Mapping[str, EventType]:
    return agent_events.event_types(limits)


def event_types(settings: Settings) -> Mapping[str, EventType]:
    """Every event type, with the limits of these settings (checkpoint contents)."""
    limits = ContentLimits(settings.checkpoint_max_file_bytes, settings.checkpoint_max_bytes)
    return {**EVENT_TYPES, **_agent_event_types(limits)}


def record_stores(settings: Settings) -> dict[str, RecordStore]:
    """The stores of every record kind, by the name their ``RecordWrite.store`` gives."""
    return {DATASET_RUN_ITEMS: RunItemStore(), **agent_events.record_stores(blob_store(settings))}
