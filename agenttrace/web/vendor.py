"""The browser assets of the server's own pages (``/docs``, GraphiQL at ``/graphql``),
served at ``/vendor/NAME`` from the package, never from a CDN: a self-hosted install is
often offline.

``make ui`` copies them from pinned npm packages (``ui/vendor/package.json`` and its lock:
``swagger-ui-dist``, ``graphiql``, ``react``, ``react-dom``) into ``web/vendor/`` with a
``manifest.json`` naming each file's package and version. They are built, not committed;
a page whose assets are missing shows how to build them instead of a blank screen.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Route

FOLDER = Path(__file__).with_name("vendor")
PREFIX = "/vendor/"
# The files are replaced only by a rebuild, which a restart follows; a day of caching
# keeps a page quick without pinning a browser to an old copy for long.
CACHE = "public, max-age=86400"
_MANIFESTS: dict[Path, dict[str, dict[str, str]]] = {}


def manifest(folder: Path | None = None) -> dict[str, dict[str, str]]:
    """``{served name: {package, version, file}}`` as ``ui/vendor/copy.mjs`` wrote it;
    empty until it is built (and read again then: a build while the server runs counts)."""
    path = (folder or FOLDER) / "manifest.json"
    if path not in _MANIFESTS:
        if not path.is_file():
            return {}
        _MANIFESTS[path] = orjson.loads(path.read_bytes())
    return _MANIFESTS[path]


def missing(names: Iterable[str], folder: Path | None = None) -> list[str]:
    """The names among ``names`` that were not built."""
    where = folder or FOLDER
    known = manifest(where)
    return [name for name in names if name not in known or not (where / name).is_file()]


def url(name: str) -> str:
    return PREFIX + name


def not_built_page(title: str, names: Iterable[str]) -> Response:
    """What a page answers when its assets were not built: a message, not a blank page."""
    listed = "".join(f"<li><code>{html.escape(name)}</code></li>" for name in names)
    body = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        "</head><body style='font-family: sans-serif; max-width: 40em; margin: 3em auto'>"
        f"<h1>{html.escape(title)}</h1>"
        "<p>This page's browser assets are not built, so it cannot load. The server serves "
        "them itself (never from a CDN); build them with <code>make ui</code> (Node 20 and "
        "npm), then restart the server.</p>"
        f"<p>Missing from <code>agenttrace/web/vendor/</code>:</p><ul>{listed}</ul>"
        "<p>The API itself works without them: <a href='/openapi.yaml'>/openapi.yaml</a>, "
        "<a href='/openapi.json'>/openapi.json</a>.</p></body></html>"
    )
    return HTMLResponse(body, status_code=503, headers={"Cache-Control": "no-cache"})


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    if missing([name]):  # only the manifest's names: nothing else of the folder is served
        raise HTTPException(404)
    return FileResponse(FOLDER / name, headers={"Cache-Control": CACHE})


def routes() -> list[BaseRoute]:
    return [Route(PREFIX + "{name}", asset, methods=["GET"])]
