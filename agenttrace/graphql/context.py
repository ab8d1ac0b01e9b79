"""The per-request GraphQL context: the request, the database, and the caller."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.websockets import WebSocket

from agenttrace.core.keys import Principal
from agenttrace.db.engine import Database
from agenttrace.rest.deps import require


@dataclass
class Context:
    request: Request | WebSocket
    database: Database

    def principal(self, scope: str | None = None) -> Principal:
        """The caller, if its key grants ``scope``; raises Unauthorized/Forbidden otherwise."""
        return require(self.request, scope)  # type: ignore[arg-type]
