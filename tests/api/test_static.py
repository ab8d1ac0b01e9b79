"""The web UI's files: the app's page for every browser path outside the APIs, hashed
assets cached for good (gzipped when asked), nothing outside the build folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from agenttrace.web import static

PAGE = "<!doctype html><title>AgentTrace</title>"
SCRIPT = "console.log('agenttrace');" * 50


@pytest.fixture
def build(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "assets" / "index-abc123.js").write_text(SCRIPT)
    (tmp_path.parent / "secret.txt").write_text("not to be served")
    return tmp_path


@pytest.fixture
async def client(build: Path) -> AsyncIterator[httpx.AsyncClient]:
    async def api(request: object) -> PlainTextResponse:
        return PlainTextResponse("api")

    app = Starlette(routes=[Route("/v1/traces", api, methods=["GET"]), *static.routes(build)])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ui.test") as client:
        yield client


# Tests for the page


@pytest.mark.parametrize("path", ["/", "/sign-in", "/project/p1/traces/t1"])
async def test_a_browser_path_opens_the_app(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert (response.status_code, response.text) == (200, PAGE)
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/v1/nothing", "/api/public/x", "/graphql/x", "/.well-known/a"])
async def test_an_api_path_never_falls_back_to_the_page(
    client: httpx.AsyncClient, path: str
) -> None:
    assert (await client.get(path)).status_code == 404


async def test_api_routes_answer_before_the_page(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/traces")).text == "api"


async def test_another_method_on_a_page_path_is_not_the_page(client: httpx.AsyncClient) -> None:
    assert (await client.post("/sign-in")).status_code == 405


# Tests for the assets


async def test_a_hashed_asset_is_cached_for_good_and_gzipped_when_asked(
    client: httpx.AsyncClient,
) -> None:
    plain = await client.get("/assets/index-abc123.js", headers={"accept-encoding": "identity"})
    assert plain.text == SCRIPT
    assert plain.headers["cache-control"] == static.IMMUTABLE
    raw = await client.get("/assets/index-abc123.js", headers={"accept-encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert raw.headers["content-type"].startswith("text/javascript")
    assert int(raw.headers["content-length"]) < len(SCRIPT) / 5
    assert raw.text == SCRIPT  # httpx inflated it


@pytest.mark.parametrize("name", ["missing.js", "..%2F..%2Fsecret.txt", "..%2Findex.html"])
async def test_nothing_outside_the_assets_is_served_as_one(
    client: httpx.AsyncClient, name: str
) -> None:
    assert (await client.get(f"/assets/{name}")).status_code == 404


def test_without_a_build_there_are_no_ui_routes(tmp_path: Path) -> None:
    assert static.routes(tmp_path) == []
