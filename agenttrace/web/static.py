"""The web UI's built files (``ui/`` builds into ``agenttrace/web/static``): hashed assets
with long cache lifetimes, and ``index.html`` for every other browser page, so client
routes (``/project/{id}/traces/{id}``, a trace's ``htmlPath``) open the app.

Nothing here is fetched from another host: the build bundles its scripts, styles and icons.
API paths never fall back to the page; an unknown one keeps its JSON 404. When the UI was
not built, the routes are absent and the server answers the API alone.
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

logger = logging.getLogger("agenttrace.ui")

BUILD = Path(__file__).with_name("static")
# Paths that belong to an API or a protocol: a miss there is a 404, never the app's page.
NOT_PAGES = ("/v1", "/api", "/graphql", "/openapi", "/health", "/ready", "/metrics",
             "/.well-known", "/assets", "/docs", "/vendor")  # fmt: skip
# Hashed file names change with their content, so a browser may keep them for good.
IMMUTABLE = "public, max-age=31536000, immutable"
# Compressible asset types, compressed once and kept (the bundle is a few hundred KB).
COMPRESSED_TYPES = (".js", ".css", ".svg", ".json", ".map", ".html", ".txt")
_MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
                ".json": "application/json", ".map": "application/json"}  # fmt: skip


def built(folder: Path = BUILD) -> bool:
    return (folder / "index.html").is_file()


class _Assets:
    def __init__(self, folder: Path) -> None:
        self._folder = folder.resolve()
        self._gzipped: dict[Path, bytes] = {}

    def _file(self, name: str) -> Path:
        path = (self._folder / "assets" / name).resolve()
        if not path.is_relative_to(self._folder / "assets") or not path.is_file():
            raise HTTPException(404)
        return path

    async def respond(self, request: Request) -> Response:
        path = self._file(request.path_params["name"])
        headers = {"Cache-Control": IMMUTABLE, "Vary": "Accept-Encoding"}
        accepts_gzip = "gzip" in request.headers.get("accept-encoding", "")
        if not accepts_gzip or path.suffix not in COMPRESSED_TYPES:
            return FileResponse(path, headers=headers)
        if path not in self._gzipped:
            self._gzipped[path] = gzip.compress(path.read_bytes(), mtime=0)
        headers["Content-Encoding"] = "gzip"
        media_type = _MEDIA_TYPES.get(path.suffix, "application/octet-stream")
        return Response(self._gzipped[path], media_type=media_type, headers=headers)


class _Page:
    def __init__(self, folder: Path) -> None:
        self._index = folder / "index.html"

    # GET only: another method on a path no route serves stays a 404 or 405 (a catch-all
    # of every method would turn an API route's 405 into this page).
    async def respond(self, request: Request) -> Response:
        path = request.url.path
        if any(path == prefix or path.startswith(prefix + "/") for prefix in NOT_PAGES):
            raise HTTPException(404)
        return FileResponse(
            self._index, media_type="text/html", headers={"Cache-Control": "no-cache"}
        )


def routes(folder: Path = BUILD) -> list[BaseRoute]:
    """Mount after every API route: the page is the fallback of every GET left over."""
    if not built(folder):
        logger.warning("The web UI is not built (run `make ui`); serving the API alone.")
        return []
    return [
        Route("/assets/{name:path}", _Assets(folder).respond, methods=["GET"]),
        Route("/{path:path}", _Page(folder).respond, methods=["GET"]),
    ]
