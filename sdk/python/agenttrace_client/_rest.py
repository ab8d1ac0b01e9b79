"""Our REST API (``/v1``) for the calls that need an answer: records, reads, prompts.

Every method raises (``errors.py``); the library's helpers catch and count, the CLI turns
the error into one line and an exit code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from typing import Any

import httpx

from agenttrace_client._http import Transport, raise_for_status
from agenttrace_client.errors import NotAgentTrace

MAX_PAGE = 1000


class RestApi:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    @property
    def url(self) -> str:
        return self._transport.settings.api_url

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        """The decoded JSON answer (None for 204)."""
        self._transport.settings.authorization()  # no key: ConfigurationError before any I/O
        response = self._transport.request(method, path, json=json, params=params)
        raise_for_status(response, self.url)
        if response.status_code == 204:
            return None
        try:
            return response.json()
        except ValueError:
            raise NotAgentTrace(
                f"{self.url} does not answer as AgentTrace: {method} {path} did not answer JSON;"
                " check AGENTTRACE_API_URL"
            ) from None

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any) -> Any:
        return self.request("POST", path, json=body)

    def pages(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Every page of a ``/v1`` list, following ``meta.nextCursor``."""
        query = dict(params or {})
        query.setdefault("limit", MAX_PAGE)
        while True:
            page = self.request("GET", path, params=query)
            yield page
            meta = page.get("meta") or {}
            if not meta.get("hasMore") or not meta.get("nextCursor"):
                return
            query["cursor"] = meta["nextCursor"]

    def items(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        for page in self.pages(path, params):
            yield from page.get("data", [])

    def stream(self, path: str, **params: Any) -> AbstractContextManager[httpx.Response]:
        self._transport.settings.authorization()
        return self._transport.stream(path, params=params)
