"""Fixtures for the compatibility tests: each third-party SDK in a virtual environment of its
own, and a way to run a script of ``tests/compat/scripts/`` inside it.

A virtual environment is created once under ``<repo>/.compat-venvs/<name>`` with the Python
that runs the tests, then reused: a marker file written after a successful install records
what was installed, and a lock keeps two test runs from building the same one at once.
When the install fails (no package index, say) the SDK's tests are skipped, except under
``CI=true``, where that fails the run.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
VENVS = REPO / ".compat-venvs"
SCRIPTS = Path(__file__).resolve().parent / "scripts"
INSTALL_TIMEOUT_SECONDS = 600
SCRIPT_TIMEOUT_SECONDS = 120

# Variables of the developer's shell that would change what an SDK script does or where it sends.
LEAKY_PREFIXES = ("LANGFUSE_", "AGENTTRACE_", "OTEL_")
LEAKY_NAMES = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
PROXY_NAMES = {"http_proxy", "https_proxy", "all_proxy"}


class InstallFailed(Exception):
    pass


def clean_environment() -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(LEAKY_PREFIXES)
        and name not in LEAKY_NAMES
        and name.lower() not in PROXY_NAMES
    }


def _run(command: Sequence[str]) -> None:
    try:
        done = subprocess.run(
            command,
            env=clean_environment(),
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InstallFailed(f"{' '.join(command)}: {exc}") from exc
    if done.returncode != 0:
        raise InstallFailed(
            f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout}{done.stderr}"
        )


def ensure_venv(name: str, requirements: Sequence[str]) -> Path:
    """The Python of ``.compat-venvs/<name>`` with the requirements installed (built at most once)."""
    root = VENVS / name
    python = root / "bin" / "python"
    marker = root / ".installed.json"
    wanted = json.dumps({"python": sys.version, "requirements": list(requirements)})
    VENVS.mkdir(exist_ok=True)
    with open(VENVS / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if python.exists() and marker.is_file() and marker.read_text() == wanted:
            return python
        shutil.rmtree(root, ignore_errors=True)
        try:
            _run([sys.executable, "-m", "venv", str(root)])
            _run([str(python), "-m", "pip", "install", "--no-input", "-q", *requirements])
        except InstallFailed:
            shutil.rmtree(root, ignore_errors=True)
            raise
        marker.write_text(wanted)
    return python


@dataclass(frozen=True)
class SdkEnvironment:
    """A virtual environment holding one SDK; runs the scripts that drive it."""

    name: str
    python: Path

    async def run_script(self, script: str, env: Mapping[str, str]) -> dict[str, Any]:
        """Run ``scripts/<script>`` with these extra variables; return the JSON it printed last.

        A script exits 0 only when everything it checked held, so anything else fails the
        test with its output.
        """
        process = await asyncio.create_subprocess_exec(
            str(self.python),
            str(SCRIPTS / script),
            env={**clean_environment(), **env},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            stdout, stderr = await asyncio.wait_for(
                process.communicate(), timeout=SCRIPT_TIMEOUT_SECONDS
            )
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(
                f"{script} ({self.name}) ran longer than {SCRIPT_TIMEOUT_SECONDS}s"
            ) from None
        output = f"--- stdout\n{stdout.decode()}--- stderr\n{stderr.decode()}"
        assert process.returncode == 0, (
            f"{script} ({self.name}) exited with {process.returncode}\n{output}"
        )
        lines = stdout.decode().strip().splitlines()
        assert lines, f"{script} ({self.name}) printed no summary\n{output}"
        return json.loads(lines[-1])  # type: ignore[no-any-return]


def sdk_environment(name: str, *requirements: str) -> SdkEnvironment:
    try:
        return SdkEnvironment(name, ensure_venv(name, requirements))
    except InstallFailed as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"could not install {' '.join(requirements)} under CI=true: {exc}")
        pytest.skip(f"could not install {' '.join(requirements)}: {exc}")


@pytest.fixture(scope="session")
def langfuse_v2() -> SdkEnvironment:
    """The last Langfuse Python SDK 2.x (REST batch ingestion)."""
    return sdk_environment("langfuse-2.60.10", "langfuse==2.60.10")


@pytest.fixture(scope="session")
def langfuse_v3() -> SdkEnvironment:
    """The last Langfuse Python SDK 3.x (OpenTelemetry tracing, batch ingestion for scores)."""
    return sdk_environment("langfuse-3.15.0", "langfuse==3.15.0")


@pytest.fixture(scope="session")
def langfuse_v5() -> SdkEnvironment:
    """The newest Langfuse Python SDK 5.x (OpenTelemetry tracing, the score batch endpoint)."""
    return sdk_environment("langfuse-5.0.4", "langfuse==5.0.4")


# Plain OpenTelemetry with the OTLP/HTTP exporter and OpenInference's attribute names (the
# environment of bench/otlp.py's load generator too).
OTEL_SDK_VENV = "opentelemetry-1.45.2"
OTEL_SDK_REQUIREMENTS = (
    "opentelemetry-sdk==1.45.2",
    "opentelemetry-exporter-otlp-proto-http==1.45.2",
    "openinference-semantic-conventions==0.1.42",
)


@pytest.fixture(scope="session")
def otel_sdk() -> SdkEnvironment:
    return sdk_environment(OTEL_SDK_VENV, *OTEL_SDK_REQUIREMENTS)
