"""The ``/v1`` routes of a kind of trace record that is created, batch-created, listed,
read, counted and listed per trace (file operations, terminal commands): written once
here and bound to each kind in its own module."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.agents import listing, records
from agenttrace.core.agents.listing import RecordKind
from agenttrace.db.types import Row
from agenttrace.rest import pagination
from agenttrace.rest.shapes import shape_of
from agenttrace.rest.v1.agent_shapes import record_filter, record_page
from agenttrace.web.credentials import require
from agenttrace.web.documents import document_json
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, writer

Stats = Callable[..., Awaitable[Mapping[str, Any]]]


@dataclass(frozen=True)
class RecordRoutes:
    kind: RecordKind
    build: records.Build
    stats_of: Stats
    batch_field: str  # the array of a batch body: operations, commands
    shape: Callable[[Row], dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        # Compiled once per kind (``core/views.py``), not per request.
        object.__setattr__(self, "shape", shape_of(self.kind.view))

    async def _rows(self, session: AsyncSession, project_id: str, ids: list[str]) -> list[Any]:
        found = await listing.by_ids(
            session=session, kind=self.kind, project_id=project_id, record_ids=ids
        )
        return [found[record_id] for record_id in ids]

    async def create(self, request: Request) -> Response:
        principal = require(request, "agents:write")
        record_id = await records.create_one(
            writer=writer(request),
            project_id=principal.project_id,
            body=await read_json_object(request),
            build=self.build,
        )
        async with database(request).read() as session:
            (row,) = await self._rows(session, principal.project_id, [record_id])
        return JSONResponse(self.shape(row), status_code=201)

    async def create_batch(self, request: Request) -> Response:
        """Up to 100, all or none; answers them in the order sent."""
        principal = require(request, "agents:write")
        ids = await records.create_many(
            writer=writer(request),
            project_id=principal.project_id,
            body=await read_json_object(request),
            build=self.build,
            field=self.batch_field,
        )
        async with database(request).read() as session:
            rows = await self._rows(session, principal.project_id, ids)
        shape = self.shape
        return JSONResponse({"data": [shape(row) for row in rows]}, status_code=201)

    async def list(self, request: Request) -> Response:
        page = await record_page(request, self.kind)
        return JSONResponse(pagination.page_json(page, self.shape))

    async def of_trace(self, request: Request) -> Response:
        """A trace's records, oldest first."""
        page = await record_page(request, self.kind, trace_id=request.path_params["trace_id"])
        return JSONResponse(pagination.page_json(page, self.shape))

    async def get(self, request: Request) -> Response:
        principal = require(request, "agents:read")
        async with database(request).read() as session:
            row = await listing.one(
                session=session,
                kind=self.kind,
                project_id=principal.project_id,
                record_id=request.path_params["record_id"],
            )
        return JSONResponse(self.shape(row))

    async def stats(self, request: Request) -> Response:
        """Over the records the list's filters select."""
        principal = require(request, "agents:read")
        async with database(request).read() as session:
            found = await self.stats_of(
                session=session,
                project_id=principal.project_id,
                filter=record_filter(request, self.kind),
            )
        return JSONResponse(document_json(found))
