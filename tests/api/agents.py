"""Helpers shared by the agent-record tests: a trace to hang records on, and JSON calls."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import httpx

from tests.conftest import ProjectKeys


async def call(
    client: httpx.AsyncClient, project: ProjectKeys, method: str, path: str, body: Any = None
) -> httpx.Response:
    return await client.request(method, path, json=body, headers=project.bearer)


async def make_trace(
    client: httpx.AsyncClient, project: ProjectKeys, trace_id: str, **fields: Any
) -> None:
    response = await call(client, project, "POST", "/v1/traces", {"id": trace_id, **fields})
    assert response.status_code == 201, response.text


def file(path: str, text: str, **extra: Any) -> dict[str, Any]:
    """A manifest entry carrying its content."""
    data = text.encode()
    return {
        "path": path,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "mode": "644",
        "content": base64.b64encode(data).decode(),
        **extra,
    }


def error(field: str, code: str = "invalid_request") -> dict[str, Any]:
    """The part of a /v1 error envelope a test compares whole, less the message."""
    return {"code": code, "details": {"field": field}}


def without_message(response: httpx.Response) -> dict[str, Any]:
    envelope = response.json()["error"]
    return {"code": envelope["code"], "details": envelope["details"]}
