"""``/v1/file-operations``: create, batch create, list, read, stats, and per trace."""

from __future__ import annotations

from agenttrace.core.agents import file_operations
from agenttrace.rest.v1.record_routes import RecordRoutes

ROUTES = RecordRoutes(
    kind=file_operations.KIND,
    build=file_operations.file_operation_write,
    stats_of=file_operations.stats,
    batch_field="operations",
)
