"""Prometheus multi-process files: the live gauges of a process that is gone are dropped,
the living process's stay, counters are never touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from agenttrace.instruments import forget_dead_processes


def test_dead_processes_gauges_are_forgotten(tmp_path: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead = int(finished.stdout)
    names = [
        f"gauge_livesum_{dead}.db",
        f"gauge_livesum_{os.getpid()}.db",
        f"counter_{dead}.db",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    forget_dead_processes(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])
