"""A real ``agenttrace serve`` per database for the SDK and CLI tests, one project with a
known key pair, and what tests need around it: a reader on ``/v1``, clients, the CLI.

Tests isolate themselves by their own ids (traces, CI provider run ids), since every
record they check is read by id or by a trace of their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from agenttrace_client import AgentTrace
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.serving import serve

PUBLIC_KEY = "pk-at-sdk-tests-0123456789abcdef"
SECRET_KEY = "sk-at-sdk-tests-0123456789abcdef"
COMMAND = str(Path(sys.executable).with_name("agenttrace"))


@dataclass(frozen=True)
class Server:
    url: str

    def reader(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {SECRET_KEY}"}, timeout=30
        )

    def env(self, **more: str) -> dict[str, str]:
        """The environment of a CLI run against this server (no AGENTTRACE_* of ours)."""
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AGENTTRACE_", "GITHUB_", "GITLAB_", "CI_"))
        }
        return {**base, "AGENTTRACE_API_URL": self.url, "AGENTTRACE_API_KEY": SECRET_KEY, **more}


@pytest.fixture(scope="session")
async def sdk_server(
    dialect: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Server]:
    if dialect == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sdk') / 'agenttrace.db'}"
    else:
        url = await create_postgres_database(f"agenttrace_sdk_{os.getpid()}")
    try:
        with serve(
            url,
            AGENTTRACE_INIT_PROJECT_NAME="sdk-tests",
            AGENTTRACE_INIT_PUBLIC_KEY=PUBLIC_KEY,
            AGENTTRACE_INIT_SECRET_KEY=SECRET_KEY,
        ) as running:
            yield Server(running.url)
    finally:
        if dialect != "sqlite":
            await drop_postgres_database(f"agenttrace_sdk_{os.getpid()}")


@pytest.fixture
def server(sdk_server: Server) -> Server:
    return sdk_server


@pytest.fixture
def reader(server: Server) -> Iterator[httpx.Client]:
    with server.reader() as client:
        yield client


@pytest.fixture
def make_client(server: Server) -> Iterator[Callable[..., AgentTrace]]:
    """Clients on the test server (fast flushes, short retries), shut down after the test."""
    made: list[AgentTrace] = []

    def make(**options: Any) -> AgentTrace:
        defaults: dict[str, Any] = {"api_url": server.url, "api_key": SECRET_KEY, "flush_interval": 0.2,
                                    "retry_base_delay": 0.05, "environ": {}}  # fmt: skip
        client = AgentTrace(**{**defaults, **options})
        made.append(client)
        return client

    yield make
    for client in made:
        client.shutdown(timeout=5)


@pytest.fixture
def tracer(make_client: Callable[..., AgentTrace]) -> AgentTrace:
    return make_client()


def cli(*args: str, env: dict[str, str], cwd: Path | None = None, input: str | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:  # fmt: skip
    return subprocess.run(
        [COMMAND, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout,
        input=input, check=False,
    )  # fmt: skip


def eventually(read: Callable[[], Any], *, timeout: float = 10) -> Any:
    """``read()`` once it answers something truthy (records arrive through the batcher)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def git_repo(path: Path, files: dict[str, str]) -> Path:
    """A repository with one commit of ``files``."""
    path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com",
           "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"}  # fmt: skip
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "first commit"],
                    ["remote", "add", "origin", "https://token123@example.com/acme/app.git"]):  # fmt: skip
        subprocess.run(["git", *command], cwd=path, env=env, check=True, capture_output=True)
    return path
