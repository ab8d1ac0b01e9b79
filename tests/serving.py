"""Start the real ``agenttrace`` command as a subprocess on a free port (for tests and benches)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

STARTUP_TIMEOUT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningServer:
    url: str
    process: subprocess.Popen[str]
    log_path: str

    def log(self) -> str:
        with open(self.log_path, encoding="utf-8") as handle:
            return handle.read()

    def printed_keys(self) -> tuple[str, str]:
        log = self.log()
        public = re.search(r"public key: (\S+)", log)
        secret = re.search(r"secret key: (\S+)", log)
        if public is None or secret is None:
            raise AssertionError(f"the server printed no keys:\n{log}")
        return public.group(1), secret.group(1)

    def stop(self) -> bool:
        """SIGTERM, as an orchestrator would; True when the shutdown was clean.

        Uvicorn finishes the lifespan shutdown, then re-raises the signal, so a clean stop
        ends with -SIGTERM (exit status 143 in a shell) after "Application shutdown complete".
        """
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        return code in (0, -signal.SIGTERM) and "Application shutdown complete" in self.log()


@contextmanager
def serve(database_url: str, *args: str, **env: str) -> Iterator[RunningServer]:
    """``args``: more arguments of ``agenttrace serve`` (``--workers 2``); ``env``: its
    environment."""
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AGENTTRACE_")},
        "AGENTTRACE_DATABASE_URL": database_url,
        "AGENTTRACE_PORT": str(port),
        **env,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "agenttrace", "serve", *args],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    server = RunningServer(url=f"http://127.0.0.1:{port}", process=process, log_path=log.name)
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
            try:
                server.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.process.kill()
        os.unlink(log.name)


def _wait_until_healthy(server: RunningServer) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(
                f"the server exited with {server.process.returncode}:\n{server.log()}"
            )
        try:
            if httpx.get(f"{server.url}/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not become ready:\n{server.log()}")


@contextmanager
def run_worker(database_url: str, **env: str) -> Iterator[subprocess.Popen[str]]:
    """``agenttrace worker`` as a subprocess; stopped with SIGTERM (it must exit 0, having
    finished or given back its jobs)."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AGENTTRACE_")},
        **env,
        "AGENTTRACE_DATABASE_URL": database_url,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "agenttrace", "worker"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        with open(log.name, encoding="utf-8") as handle:
            output = handle.read()
        if code != 0:
            raise AssertionError(f"the worker exited with {code}:\n{output}")
