"""Bad settings at start-up: one clear line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serving import free_port


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AGENTTRACE_")},
        "AGENTTRACE_DATABASE_URL": f"sqlite:///{tmp_path / 'start.db'}",
        "AGENTTRACE_PORT": str(free_port()),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "agenttrace", "serve"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"AGENTTRACE_PORT": "99999"}, "error: invalid settings: AGENTTRACE_PORT:"),
        ({"AGENTTRACE_LOG_FORMAT": "xml"}, "error: invalid settings: AGENTTRACE_LOG_FORMAT:"),
        ({"AGENTTRACE_DATABASE_URL": "mysql://x/y"}, "AGENTTRACE_DATABASE_URL"),
        (
            {
                "AGENTTRACE_INIT_PUBLIC_KEY": "pk-x-1234567890",
                "AGENTTRACE_INIT_SECRET_KEY": "short",
            },
            "error: cannot start: Invalid:",
        ),
        (
            {"AGENTTRACE_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/agenttrace"},
            "error: cannot start:",
        ),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_code_2(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    finished = start(tmp_path, **env)
    assert finished.returncode == 2, finished.stdout + finished.stderr
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1, finished.stderr
    assert expected in lines[0]
    assert "Traceback" not in finished.stdout + finished.stderr


def test_several_workers_need_postgresql(tmp_path: Path) -> None:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AGENTTRACE_")},
        "AGENTTRACE_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
    }
    finished = subprocess.run(
        [sys.executable, "-m", "agenttrace", "serve", "--workers", "2"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 2
    assert finished.stderr.strip() == (
        "error: --workers needs PostgreSQL: SQLite has one writer (docs/operations.md)"
    )
    environment["AGENTTRACE_DATABASE_URL"] = "postgresql://postgres@127.0.0.1:5432/unused"
    with_grpc = subprocess.run(
        [sys.executable, "-m", "agenttrace", "serve", "--workers", "2", "--otlp-grpc-port", "0"],
        env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert with_grpc.returncode == 2
    assert with_grpc.stderr.startswith("error: --workers with OTLP/gRPC")
