"""Import direction: rest|graphql → core → models|db, never upward; no graphql/ package."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "agenttrace"
FORBIDDEN = {
    "core": ("agenttrace.rest", "agenttrace.graphql", "agenttrace.app", "agenttrace.cli"),
    "models": ("agenttrace.core", "agenttrace.rest", "agenttrace.graphql", "agenttrace.db.engine"),
    "db": ("agenttrace.core", "agenttrace.rest", "agenttrace.graphql"),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_lower_layers_never_import_upper_ones() -> None:
    violations = []
    for layer, forbidden in FORBIDDEN.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(forbidden):
                    violations.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert violations == []


def test_top_level_graphql_folder_is_not_a_package() -> None:
    assert not (PACKAGE.parent / "graphql" / "__init__.py").exists()
