"""The server's own browser pages, ``/docs`` (Swagger UI) and GraphiQL at ``/graphql``,
load nothing from another host (a self-hosted install is often offline): every asset they
name is served here and answers 200. Without the built assets they say how to build them.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import orjson
import pytest

from agenttrace.web import vendor

PAGES = {"/docs": {}, "/graphql": {"Accept": "text/html"}}
# Every address in the page: attributes, and the document Swagger UI fetches.
_ADDRESSES = re.compile(r"""(?:src|href)=["']([^"']+)["']|url: ["']([^"']+)["']""")
_ANOTHER_HOST = re.compile(r"(?:https?:)?//[\w.-]+", re.IGNORECASE)


def _addresses(page: str) -> list[str]:
    return [a or b for a, b in _ADDRESSES.findall(page)]


@pytest.mark.skipif(
    not vendor.manifest(), reason="assets not built (`make ui`); make test builds them"
)
@pytest.mark.parametrize("path", PAGES)
async def test_a_page_loads_only_what_this_server_serves(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path, headers=PAGES[path])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert _ANOTHER_HOST.findall(page) == [], "the page names another host"
    addresses = _addresses(page)
    assert any(address.endswith(".js") for address in addresses)
    assert any(address.endswith(".css") for address in addresses)
    for address in addresses:
        assert address.startswith("/"), address
        asset = await client.get(address)
        assert asset.status_code == 200, address
        assert asset.content, address


VENDOR_PROJECT = Path(__file__).resolve().parents[2] / "ui" / "vendor"


def _pinned() -> list[tuple[str, str, str, bytes | None]]:
    """(served name, manifest version, locked version, the package's file if still there)."""
    lock = orjson.loads((VENDOR_PROJECT / "package-lock.json").read_bytes())["packages"]
    found = []
    for name, entry in vendor.manifest().items():
        source = VENDOR_PROJECT / "node_modules" / entry["package"] / entry["file"]
        locked = lock[f"node_modules/{entry['package']}"]["version"]
        found.append(
            (name, entry["version"], locked, source.read_bytes() if source.is_file() else None)
        )
    return found


@pytest.mark.skipif(not vendor.manifest(), reason="assets not built (`make ui`)")
async def test_the_assets_are_the_pinned_packages_files(client: httpx.AsyncClient) -> None:
    """What ``/vendor`` serves is byte for byte the npm package's file the manifest names,
    at the version ``ui/vendor/package-lock.json`` pins."""
    for name, version, locked, source in _pinned():
        assert version == locked, name
        served = await client.get(vendor.url(name))
        assert served.status_code == 200
        assert served.headers["cache-control"] == vendor.CACHE
        if source is not None:  # node_modules may be gone after a build
            assert served.content == source, name


async def test_only_the_manifests_files_are_served(client: httpx.AsyncClient) -> None:
    for name in ("manifest.json", "..%2Fvendor.py", "nothing.js"):
        response = await client.get(f"/vendor/{name}")
        assert response.status_code == 404, name
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", PAGES)
async def test_without_its_assets_a_page_says_how_to_build_them(
    client: httpx.AsyncClient, path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vendor, "FOLDER", tmp_path)  # an empty folder: nothing built
    response = await client.get(path, headers=PAGES[path])
    assert response.status_code == 503
    assert "make ui" in response.text
    assert _ANOTHER_HOST.findall(response.text) == []
    assert all(not address.endswith(".js") for address in _addresses(response.text))
    assert (await client.get("/vendor/graphiql.min.js")).status_code == 404
