"""Running a process while keeping a capped copy of its output (and, for ``wrap``, passing
it through live). The copy keeps the head and the tail, where errors usually are, with a
marker saying how much was left out between them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO

DEFAULT_MAX_OUTPUT = 100_000


class CappedBuffer:
    def __init__(self, cap: int) -> None:
        self._half = max(cap // 2, 1)
        self._head = bytearray()
        self._tail = bytearray()
        self.total = 0

    def write(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = self._half - len(self._head)
        if room > 0:
            self._head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self._tail += chunk
            if len(self._tail) > self._half:
                del self._tail[: len(self._tail) - self._half]

    @property
    def truncated(self) -> bool:
        return self.total > len(self._head) + len(self._tail)

    def text(self) -> str:
        head = self._head.decode("utf-8", "replace")
        tail = self._tail.decode("utf-8", "replace")
        if not self.truncated:
            return head + tail
        left_out = self.total - len(self._head) - len(self._tail)
        return f"{head}\n… [{left_out} bytes left out] …\n{tail}"


@dataclass(frozen=True)
class Finished:
    exit_code: int
    stdout: CappedBuffer
    stderr: CappedBuffer
    started: float  # time.time()
    duration_ms: int
    timed_out: bool
    killed: bool


def _pump(source: BinaryIO, buffer: CappedBuffer, echo: BinaryIO | None) -> None:
    fd = source.fileno()
    while chunk := os.read(fd, 65536):
        buffer.write(chunk)
        if echo is not None:
            echo.write(chunk)
            echo.flush()
    source.close()


@contextmanager
def _forwarding(process: subprocess.Popen[bytes], enabled: bool) -> Iterator[None]:
    """While a wrapped command runs: Ctrl-C reaches it from the terminal (we ignore ours
    and record how it ended); SIGTERM and SIGHUP sent to us are passed on to it."""
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield
        return

    def forward(signum: int, _: Any) -> None:
        process.send_signal(signum)

    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT, signal.SIG_IGN),
        signal.SIGTERM: signal.signal(signal.SIGTERM, forward),
        signal.SIGHUP: signal.signal(signal.SIGHUP, forward),
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_process(
    argv: Sequence[str] | str,
    *,
    cwd: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    max_output: int = DEFAULT_MAX_OUTPUT,
    shell: bool = False,
    echo: bool = False,
) -> Finished:
    """Run to the end (or kill at ``timeout``); ``OSError`` when it cannot start.
    A process ended by signal N exits with 128 + N, as a shell reports it."""
    started, clock = time.time(), time.monotonic()
    process = subprocess.Popen(
        argv, cwd=cwd, env=None if env is None else dict(env), shell=shell,
        stdin=None if echo else subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    out, err = CappedBuffer(max_output), CappedBuffer(max_output)
    pumps = [
        threading.Thread(target=_pump, args=(process.stdout, out, sys.stdout.buffer if echo else None), daemon=True),
        threading.Thread(target=_pump, args=(process.stderr, err, sys.stderr.buffer if echo else None), daemon=True),
    ]  # fmt: skip
    for pump in pumps:
        pump.start()
    timed_out = False
    with _forwarding(process, echo):
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            process.kill()
            code = process.wait()
    for pump in pumps:
        pump.join()
    killed = code < 0
    return Finished(
        exit_code=128 - code if code < 0 else code, stdout=out, stderr=err, started=started,
        duration_ms=int((time.monotonic() - clock) * 1000), timed_out=timed_out, killed=killed,
    )  # fmt: skip
