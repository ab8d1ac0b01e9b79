"""The direction of imports between the parts (``docs/architecture.md``): faces (``rest``,
``graphql``) stand on ``web`` and ``core``; ``web`` on ``core``; ``core`` on ``models`` and
``db``; no face leans on another; and there is no top-level ``graphql`` package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "agenttrace"
ASSEMBLY = ("agenttrace.app", "agenttrace.cli")
FACES = ("agenttrace.rest", "agenttrace.graphql", "agenttrace.otlp_grpc")
# part → the modules it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "web": (*FACES, *ASSEMBLY),
    "rest": ("agenttrace.graphql", "agenttrace.otlp_grpc", *ASSEMBLY),
    "graphql": ("agenttrace.rest", "agenttrace.otlp_grpc", *ASSEMBLY),
    "otlp_grpc": ("agenttrace.rest", "agenttrace.graphql", *ASSEMBLY),
    "core": ("agenttrace.web", *FACES, *ASSEMBLY),
    "models": ("agenttrace.core", "agenttrace.web", *FACES, "agenttrace.db.engine", *ASSEMBLY),
    "db": ("agenttrace.core", "agenttrace.web", *FACES, *ASSEMBLY),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _violations(part: str) -> list[str]:
    forbidden = FORBIDDEN[part]
    return [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in sorted((PACKAGE / part).rglob("*.py"))
        for name in sorted(_imports(path))
        if any(name == banned or name.startswith(banned + ".") for banned in forbidden)
    ]


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_a_part_never_imports_what_stands_on_it_or_beside_it(part: str) -> None:
    assert (PACKAGE / part).is_dir()
    assert _violations(part) == []


def test_the_rule_catches_a_face_importing_another(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from agenttrace.rest.v1 import shapes\nimport agenttrace.web.state\n")
    found = _imports(sample)
    assert "agenttrace.rest.v1.shapes" in found
    assert "agenttrace.web.state" in found


def test_top_level_graphql_folder_is_not_a_package() -> None:
    assert not (PACKAGE.parent / "graphql" / "__init__.py").exists()
