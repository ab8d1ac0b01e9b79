"""Serve the REST contract kept in ``rest/openapi.yaml`` at the repository root.

A checkout (or an editable install) reads it there; an installed wheel carries a copy in
``<prefix>/share/agenttrace/`` (``pyproject.toml``'s data files).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import NotFound
from agenttrace.web.responses import JSONResponse

OPENAPI_PATHS = (
    Path(__file__).resolve().parents[2] / "rest" / "openapi.yaml",
    Path(sys.prefix) / "share" / "agenttrace" / "openapi.yaml",
)


@cache
def _document_text() -> str:
    for path in OPENAPI_PATHS:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise NotFound("OpenAPI document")


@cache
def document() -> dict[str, Any]:
    loaded = yaml.safe_load(_document_text())
    if not isinstance(loaded, dict):
        raise NotFound("OpenAPI document")
    return loaded


async def openapi_yaml(request: Request) -> Response:
    return Response(_document_text(), media_type="application/yaml")


async def openapi_json(request: Request) -> Response:
    return JSONResponse(document())
