"""Serve the REST contract kept in ``rest/openapi.yaml`` at the repository root."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import NotFound
from agenttrace.web.responses import JSONResponse

OPENAPI_PATH = Path(__file__).resolve().parents[2] / "rest" / "openapi.yaml"


@cache
def _document_text() -> str:
    if not OPENAPI_PATH.is_file():
        raise NotFound("OpenAPI document")
    return OPENAPI_PATH.read_text(encoding="utf-8")


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
