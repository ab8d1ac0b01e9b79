"""The Prometheus instruments of the server, defined once (``/metrics`` renders them).

A top-level module beside ``settings``, because every part measures: ``db`` its pools,
the core its writer and sweeper, ``web`` the requests. Every gauge is
kept up to date by events (a put on the queue, a connection checked out), never by a
read at scrape time, so the same instruments work in Prometheus's multi-process mode
(``PROMETHEUS_MULTIPROC_DIR``, set by ``agenttrace serve --workers N``): each process
writes its own files and a scrape of any process sums them (``livesum`` gauges).

Labels are bounded: route templates (never raw paths), event types from the registry,
status codes, table names. A project id is never a label.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Iterable
from pathlib import Path

from prometheus_client import Counter, Gauge, Histogram, multiprocess

# Seconds: from a fast read to a slow export.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Writes per transaction of the ingest writer (up to its MAX_GROUP_WRITES).
BATCH_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)

REQUESTS = Counter(
    "agenttrace_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ("method", "route", "status"),
)
REQUEST_SECONDS = Histogram(
    "agenttrace_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ("method", "route"),
    buckets=LATENCY_BUCKETS,
)
INGESTED_EVENTS = Counter(
    "agenttrace_ingested_events",
    "Events stored by ingestion, by event type and wire dialect (langfuse, otlp, rest).",
    ("type", "dialect"),
)


def count_ingested(dialect: str, kinds: Iterable[str]) -> None:
    """Count stored events by type: one increment per type, not per event."""
    for kind, count in collections.Counter(kinds).items():
        INGESTED_EVENTS.labels(type=kind, dialect=dialect).inc(count)


INGEST_REQUEST_EVENTS = Histogram(
    "agenttrace_ingest_request_events",
    "Events (Langfuse batch entries, OTLP spans) per ingestion request, by wire dialect.",
    ("dialect",),
    buckets=BATCH_BUCKETS,
)
INGEST_BATCH_WRITES = Histogram(
    "agenttrace_ingest_batch_writes",
    "Writes committed together in one transaction of the ingest writer.",
    buckets=BATCH_BUCKETS,
)
INGEST_COMMIT_SECONDS = Histogram(
    "agenttrace_ingest_commit_duration_seconds",
    "Time of one ingest writer transaction, from begin to commit.",
    buckets=LATENCY_BUCKETS,
)
INGEST_FAILED_WRITES = Counter(
    "agenttrace_ingest_failed_writes",
    "Writes the ingest writer could not store (answered as not stored).",
)
WRITER_QUEUE_DEPTH = Gauge(
    "agenttrace_writer_queue_depth",
    "Write requests waiting for the ingest writer.",
    multiprocess_mode="livesum",
)
POOL_CONNECTIONS_IN_USE = Gauge(
    "agenttrace_db_pool_connections_in_use",
    "Database connections checked out of the pool, by pool (writer, reader).",
    ("pool",),
    multiprocess_mode="livesum",
)
POOL_CONNECTIONS_OPEN = Gauge(
    "agenttrace_db_pool_connections_open",
    "Database connections the pool holds open, by pool (writer, reader).",
    ("pool",),
    multiprocess_mode="livesum",
)
RETENTION_DELETED = Counter(
    "agenttrace_retention_deleted_rows",
    "Rows deleted by the retention sweeper, by table.",
    ("table",),
)
RETENTION_SWEEPS = Counter(
    "agenttrace_retention_sweeps",
    "Retention sweeps finished, by outcome (ok, failed).",
    ("outcome",),
)
# Evaluation jobs by status, counted in the job table when /metrics is scraped: every
# process reads the same table, so under several processes the latest count is the answer.
EVALUATION_JOBS = Gauge(
    "agenttrace_evaluation_jobs",
    "Evaluation jobs by status (pending, running, completed, failed, skipped).",
    ("status",),
    multiprocess_mode="livemostrecent",
)


def forget_dead_processes(directory: str) -> None:
    """Drop the live gauges of server processes that are gone (a worker that crashed and was
    replaced), so ``livesum`` gauges sum the living only. Counters stay: what a dead
    process counted still happened."""
    for path in Path(directory).glob("gauge_live*_*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            multiprocess.mark_process_dead(int(pid), directory)  # type: ignore[no-untyped-call]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
