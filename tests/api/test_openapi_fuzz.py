"""Schemathesis against a real server process, from ``rest/openapi.yaml``: every documented
operation gets generated requests (with a fresh project's secret key), and every answer must
be no 5xx, a documented status, the documented content type, and match its schema.

Bounded so it stays quick (about 90 s for both databases): ten generated examples per
operation, derandomised so a run repeats, no shrinking of what it finds
(``docs/api-contract.md``). Raise ``EXAMPLES_PER_OPERATION`` to explore further.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from agenttrace.db import create_database
from agenttrace.settings import Settings
from tests.conftest import (
    ProjectKeys,
    create_postgres_database,
    drop_postgres_database,
    make_project,
)
from tests.serving import RunningServer, serve

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_PER_OPERATION = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]  # fmt: skip


async def _project(database_url: str) -> ProjectKeys:
    database = create_database(Settings(database_url=database_url))
    try:
        return await make_project(database)
    finally:
        await database.dispose()


@pytest.fixture(scope="module")
def fuzzed(
    dialect: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RunningServer, ProjectKeys]]:
    """A server of its own (its own database), and a fresh project's keys on it."""
    name = f"agenttrace_fuzz_{os.getpid()}"
    if dialect == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'agenttrace.db'}"
    else:
        url = asyncio.run(create_postgres_database(name))
    try:
        with serve(url, AGENTTRACE_RATE_LIMIT_TIER="unlimited") as server:
            yield server, asyncio.run(_project(url))
    finally:
        if dialect != "sqlite":
            asyncio.run(drop_postgres_database(name))


# OTLP bodies are bytes: sent as generated (random bytes must be a 400, never a 500).
# A JSON Lines import is text, as a CSV one is.
schemathesis.serializer.alias("application/x-protobuf", "application/octet-stream")
schemathesis.serializer.alias("application/jsonl", "text/plain")

# Loaded at collection: one test per operation. (Schemathesis' lazy ``from_fixture`` needs
# an attribute pytest 9 removed; the server's URL is given with each call instead.)
schema = schemathesis.openapi.from_path(ROOT / "rest" / "openapi.yaml")


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[hypothesis.Phase.generate],
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, fuzzed: tuple[RunningServer, ProjectKeys]
) -> None:
    server, keys = fuzzed
    case.call_and_validate(base_url=server.url, headers=keys.bearer, checks=CHECKS)
