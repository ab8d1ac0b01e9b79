"""The real ``agenttrace serve`` process: first start prints keys that work over HTTP,
a restart creates nothing new, SIGTERM shuts it down cleanly; head-less init keys."""

from __future__ import annotations

import httpx

from tests.serving import serve


async def test_first_start_prints_keys_that_read_the_project(fresh_database_url: str) -> None:
    with serve(fresh_database_url) as server:
        public_key, secret_key = server.printed_keys()
        async with httpx.AsyncClient(base_url=server.url) as client:
            response = await client.get("/api/public/projects", auth=(public_key, secret_key))
            assert response.status_code == 200
            assert response.json()["data"][0]["name"] == "default"
        assert server.stop()
    with serve(fresh_database_url) as again:
        assert "secret key:" not in again.log()
        async with httpx.AsyncClient(base_url=again.url) as client:
            response = await client.get(
                "/v1/projects/current", headers={"Authorization": f"Bearer {secret_key}"}
            )
            assert response.status_code == 200


async def test_init_variables_create_that_project_and_key(fresh_database_url: str) -> None:
    env = {
        "AGENTTRACE_INIT_PROJECT_NAME": "migrated",
        "AGENTTRACE_INIT_PUBLIC_KEY": "pk-lf-1234567890",
        "AGENTTRACE_INIT_SECRET_KEY": "sk-lf-1234567890abcdef",
    }
    for _ in range(2):  # idempotent across restarts
        with serve(fresh_database_url, **env) as server:
            assert "secret key:" not in server.log()
            async with httpx.AsyncClient(base_url=server.url) as client:
                response = await client.get(
                    "/api/public/projects", auth=("pk-lf-1234567890", "sk-lf-1234567890abcdef")
                )
            assert response.status_code == 200
            assert [p["name"] for p in response.json()["data"]] == ["migrated"]
