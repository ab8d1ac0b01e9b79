"""Reading back through ``/v1`` what an SDK stored, for the compatibility tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import orjson

# Fields that depend on when the SDK ran; tests assert them on their own.
CLOCK_FIELDS = (
    "timestamp",
    "startTime",
    "endTime",
    "completionStartTime",
    "latency",
    "timeToFirstToken",
    "createdAt",
    "updatedAt",
)


async def get(client: httpx.AsyncClient, path: str, **query: Any) -> dict[str, Any]:
    response = await client.get(path, params=query)
    assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
    return response.json()  # type: ignore[no-any-return]


def without_clock(body: dict[str, Any]) -> dict[str, Any]:
    """The body less the fields that depend on when the SDK ran (asserted on their own)."""
    return {k: v for k, v in body.items() if k not in CLOCK_FIELDS}


def with_sizes(expected: dict[str, Any]) -> dict[str, Any]:
    """An expected observation with the payload sizes ``/v1`` answers for its payloads."""
    return expected | {
        f"{field}Bytes": 0 if expected[field] is None else len(orjson.dumps(expected[field]))
        for field in ("input", "output", "metadata")
    }


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)
