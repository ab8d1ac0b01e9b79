"""Guards on the public contracts: the OpenAPI document lists exactly the app's routes,
and ``graphql/schema.graphql`` is the current printed schema."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from openapi_spec_validator import validate
from starlette.routing import BaseRoute, Mount, Route

from agenttrace.app import create_app
from agenttrace.graphql.schema import schema
from agenttrace.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
# /api/v1 answers the same routes as /v1 (for base URLs ending in /api); documented once.
ALIAS_MOUNTS = {"/api/v1"}
# The web UI's files (present once the UI is built) are pages, not part of the REST contract.
UI_ROUTES = {"/assets/{}", "/{}"}
# Parameter names differ by convention (snake_case in code, camelCase in the contract).
_PARAMETER = re.compile(r"\{\w+(:\w+)?\}")


def _app_operations(entries: list[BaseRoute], prefix: str = "") -> set[tuple[str, str]]:
    operations: set[tuple[str, str]] = set()
    for entry in entries:
        if isinstance(entry, Mount):
            if entry.path in ALIAS_MOUNTS:
                continue
            operations |= _app_operations(list(entry.routes), prefix + entry.path)
        elif isinstance(entry, Route):
            path = _PARAMETER.sub("{}", prefix + entry.path)
            if path in UI_ROUTES:
                continue
            for method in entry.methods or ():
                if method != "HEAD":
                    operations.add((method, path))
    return operations


def _documented_operations() -> set[tuple[str, str]]:
    document = yaml.safe_load((ROOT / "rest" / "openapi.yaml").read_text(encoding="utf-8"))
    return {
        (method.upper(), _PARAMETER.sub("{}", path))
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_route_is_documented_and_every_documented_route_exists() -> None:
    app = _app_operations(create_app(Settings()).routes)
    documented = _documented_operations()
    assert sorted(app - documented) == [], "routes missing from rest/openapi.yaml"
    assert sorted(documented - app) == [], "documented routes the app does not serve"


def test_graphql_schema_file_is_current() -> None:
    checked_in = (ROOT / "graphql" / "schema.graphql").read_text(encoding="utf-8")
    assert checked_in == str(schema) + "\n", (
        "graphql/schema.graphql is stale; regenerate it with "
        "`python -m agenttrace.graphql.export > graphql/schema.graphql`"
    )


def test_openapi_document_is_valid_openapi() -> None:
    """Every ``$ref`` resolves and every schema is well-formed (what Schemathesis reads)."""
    document = yaml.safe_load((ROOT / "rest" / "openapi.yaml").read_text(encoding="utf-8"))
    validate(document)
