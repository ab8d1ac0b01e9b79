"""Storing one decoded OTLP export of each signal, for every face that receives them
(OTLP/HTTP in ``rest/public/otel.py``, OTLP/gRPC in ``otlp_grpc/``): the answer of each is
the list of reasons for what was not stored, which the face writes as its partial success.

An export of which nothing could be stored (the database is down?) raises ``Unavailable``:
retryable, since sending the same export again changes nothing that was stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from agenttrace import instruments
from agenttrace.core.errors import Unavailable
from agenttrace.core.metrics.store import store_points
from agenttrace.core.telemetry.decode import Encoding, Export, decode_traces
from agenttrace.core.telemetry.logs_decode import LogExport
from agenttrace.core.telemetry.logs_mapping import map_logs
from agenttrace.core.telemetry.mapping import MappedExport, map_export
from agenttrace.core.telemetry.metrics_decode import MetricExport
from agenttrace.core.telemetry.processes import MappingPool
from agenttrace.core.telemetry.turns import stored_turns
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.records import Write
from agenttrace.core.tracing.ingest.writer import IngestWriter, raise_if_unavailable


async def _write(
    writer: IngestWriter, writes: list[Write], owners: Sequence[int], mapped: int, what: str
) -> int:
    """How many of the ``mapped`` items lost a write. A database outage is a 503 for the
    whole export (``raise_if_unavailable``)."""
    instruments.INGEST_REQUEST_EVENTS.labels(dialect="otlp").observe(mapped)
    outcomes = await writer.write(writes)
    raise_if_unavailable(outcomes)
    lost = {owners[index] for index, outcome in enumerate(outcomes) if outcome is not None}
    if lost and len(lost) == mapped:
        raise Unavailable(f"No {what} could be stored; retry", retry_after=5)
    instruments.INGESTED_EVENTS.labels(type=what, dialect="otlp").inc(mapped - len(lost))
    return len(lost)


async def receive_traces(
    *, writer: IngestWriter, project_id: str, export: Export, json_metadata: bool
) -> list[str]:
    mapped = await map_export(
        export, project_id=project_id, received_at=utcnow(), json_metadata=json_metadata
    )
    return await _store_traces(writer, mapped)


async def receive_trace_body(
    *,
    writer: IngestWriter,
    project_id: str,
    body: bytes,
    encoding: Encoding,
    json_metadata: bool,
    pool: MappingPool | None,
) -> list[str]:
    """An OTLP/HTTP body (gRPC hands over decoded messages: ``receive_traces``), decoded and
    mapped here or, given a ``pool``, in a worker process (``processes.py``)."""
    if pool is not None:
        mapped = await pool.decode_and_map(
            body, encoding=encoding, project_id=project_id, json_metadata=json_metadata
        )
        return await _store_traces(writer, mapped)
    return await receive_traces(
        writer=writer,
        project_id=project_id,
        export=decode_traces(body, encoding),
        json_metadata=json_metadata,
    )


async def _store_traces(writer: IngestWriter, mapped: MappedExport) -> list[str]:
    lost = await _write(writer, mapped.writes, mapped.owners, mapped.mapped, "span")
    return mapped.rejected + ["a span could not be stored"] * lost


async def receive_logs(*, writer: IngestWriter, project_id: str, export: LogExport) -> list[str]:
    mapped = await map_logs(
        export,
        project_id=project_id,
        received_at=utcnow(),
        turns=stored_turns(writer.database),
    )
    lost = await _write(writer, mapped.writes, mapped.owners, mapped.mapped, "log record")
    return mapped.rejected + ["a log record could not be stored"] * lost


async def receive_metrics(
    *, writer: IngestWriter, project_id: str, export: MetricExport
) -> list[str]:
    """Points are written in a transaction of their own (they are no tracing rows)."""
    async with writer.database.write() as session:
        await store_points(session=session, project_id=project_id, points=export.points)
    instruments.INGESTED_EVENTS.labels(type="metric point", dialect="otlp").inc(len(export.points))
    return list(export.rejected)
