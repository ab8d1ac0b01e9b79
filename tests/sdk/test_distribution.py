"""The client distribution installed alone, in a fresh virtual environment: no server
dependency comes with it, ``agenttrace --help`` works, and a traced call reaches a server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.sdk.conftest import Server, eventually

SDK = Path(__file__).resolve().parents[2] / "sdk" / "python"
SERVER_ONLY = {
    "agenttrace",
    "starlette",
    "sqlalchemy",
    "sqlmodel",
    "strawberry-graphql",
    "uvicorn",
    "asyncpg",
    "alembic",
}


@pytest.fixture(scope="session")
def client_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with agenttrace-client (a regular, not editable, install) and nothing else."""
    venv = tmp_path_factory.mktemp("client-only") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", str(SDK)], check=True, timeout=600, capture_output=True)
    return venv / "bin"


def test_the_client_installs_without_the_server(client_only: Path) -> None:
    listed = subprocess.run([str(client_only / "python"), "-m", "pip", "list", "--format=freeze"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    names = {line.split("==")[0].lower() for line in listed.splitlines()}
    assert "agenttrace-client" in names
    assert names & SERVER_ONLY == set()
    helped = subprocess.run([str(client_only / "agenttrace"), "--help"], capture_output=True, text=True,
                            timeout=60, env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert helped.returncode == 0, helped.stderr
    assert " wrap " in helped.stdout
    assert " checkpoint " in helped.stdout
    assert "Server commands" not in helped.stdout
    assert " serve " not in helped.stdout


def test_a_traced_call_from_the_client_alone(
    client_only: Path, server: Server, reader: httpx.Client
) -> None:
    script = (
        "from agenttrace_client import observe, get_current_trace, flush\n"
        "@observe\ndef work(n):\n    print(get_current_trace().id)\n    return n * 2\n"
        "work(21)\nassert flush(10)\n"
    )
    done = subprocess.run([str(client_only / "python"), "-c", script], capture_output=True, text=True,
                          timeout=60, env=server.env(PATH="/usr/bin:/bin"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    trace = eventually(lambda: reader.get(f"/v1/traces/{done.stdout.strip()}").json())
    assert (trace["name"], trace["input"], trace["output"]) == ("work", {"n": 21}, 42)
