"""Health and readiness: open, in the Langfuse shape the SDKs parse."""

from __future__ import annotations

import httpx

from agenttrace import __version__


async def test_health_answers_without_a_key(client: httpx.AsyncClient) -> None:
    for path in ("/api/public/health", "/health"):
        response = await client.get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "OK", "version": __version__}


async def test_ready_checks_the_database(client: httpx.AsyncClient) -> None:
    for path in ("/ready", "/api/public/ready"):
        response = await client.get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "OK", "version": __version__}
