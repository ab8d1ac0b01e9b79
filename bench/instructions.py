"""Instructions per ingested event, counted by valgrind's callgrind: deterministic on a
noisy shared VM, where CPU seconds move by ±15 % between minutes.

    .venv/bin/python -m bench.instructions [--db sqlite|postgresql] [--payload langfuse|otlp]
                                           [--batches 20]

Runs ``bench/cpu.py`` (the whole app in-process, Langfuse batches of 100 events or OTLP
exports of 512 spans through an ASGI client, one round) under callgrind twice: posting
``--batches`` requests, and building the same requests without posting them (``--no-post``);
the difference, divided by the events, leaves out start-up, migrations and the requests'
own construction (the OTLP exports' is several times the server's work). On PostgreSQL only this process's
instructions are counted (the server's are not), which is the Python side of the path.
A run takes a few minutes (valgrind runs Python about 50 times slower).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.cpu import PAYLOADS


def instructions(dialect: str, payload: str, batches: int, *, post: bool) -> int:
    """Instructions of one ``bench.cpu`` run (every thread), as callgrind counts them."""
    with tempfile.TemporaryDirectory(prefix="agenttrace-callgrind-") as folder:
        out = Path(folder) / "callgrind.out"
        run = subprocess.run(
            [
                "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                sys.executable, "-m", "bench.cpu",
                "--db", dialect, "--payload", payload, "--batches", str(batches), "--rounds", "1",
                *(() if post else ("--no-post",)),
            ],
            capture_output=True, text=True,
        )  # fmt: skip
        if run.returncode != 0:
            raise RuntimeError(f"bench.cpu under valgrind failed:\n{run.stderr[-3000:]}")
        summary = re.search(r"^summary:\s+(\d+)", out.read_text(), re.MULTILINE)
        if summary is None:
            raise RuntimeError(f"no summary line in {out}")
        return int(summary.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--payload", choices=sorted(PAYLOADS), default="langfuse")
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    loaded = instructions(args.db, args.payload, args.batches, post=True)
    idle = instructions(args.db, args.payload, args.batches, post=False)
    events = PAYLOADS[args.payload].events
    print(
        f"{args.db:<11} {args.payload:<8} {(loaded - idle) / (args.batches * events):,.0f} "
        f"instructions per event ({args.batches} requests of {events})"
    )


if __name__ == "__main__":
    main()
