"""The GraphQL context: one per HTTP request, one per WebSocket connection.

It holds the app's services for the resolvers, the caller's credentials (found by the auth
middleware over HTTP, or in the connection_init message over a WebSocket) and the loaders,
built on first use for the caller's project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from starlette.requests import Request
from starlette.websockets import WebSocket

from agenttrace.core.tenancy.keys import Principal
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.core.tracing.notifications import Notifier
from agenttrace.db.engine import Database
from agenttrace.graphql.loaders import Loaders
from agenttrace.web.credentials import Credentials


@dataclass
class Context:
    request: Request | WebSocket
    database: Database
    writer: IngestWriter
    notifier: Notifier
    credentials: Credentials
    # Set by Strawberry from a WebSocket's connection_init payload.
    connection_params: dict[str, object] | None = None
    # What fields select, by operation and path (``selection.py``).
    selections: dict[tuple[Any, ...], tuple[Any, frozenset[str]]] = field(default_factory=dict)

    def principal(self, scope: str | None = None) -> Principal:
        """The caller, if its key grants ``scope``; raises Unauthorized/Forbidden otherwise.
        Scopes are checked at the root fields: what a root field may read, its nested
        fields may read too, as REST's trace detail includes the trace's scores."""
        return self.credentials.authorize(scope)

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders(self.database, self.principal().project_id)

    def forget_loaded(self) -> None:
        """Drop every loaded row: after a write, and before each push of a subscription
        (a WebSocket's context lives as long as its connection)."""
        self.__dict__.pop("loaders", None)
