"""OTLP trace exports decoded and mapped in worker processes (``AGENTTRACE_OTLP_PROCESSES``).

One server process is one core of Python, and an OTLP export spends most of its Python
in the server before the ingest core sees it: decoding the protobuf or JSON and mapping
every span (9 and 39 µs per span on the project's VM). With worker processes those run
beside the server's event loop, which only unpickles the writes (about 6 µs per span) and
commits them through its one writer. Measured with ``bench/otlp.py --replay`` on the
2-core VM (bench/README.md, issue 17): 8,540 spans/s with none, 13,195 with one worker,
12,875 with two; +20 to 31 % on the VMs since. So ``agenttrace serve`` running one
process starts one worker by default when the machine has a core to spare
(``default_processes``); ``--workers`` already gives every core a server process, and an
app that a program builds itself gets a pool only when its settings ask for one (the
workers are spawned, which needs the program's ``if __name__ == "__main__":`` guard).

Each worker is a fresh interpreter (``spawn``: no fork of a process holding database
threads), started and warmed with the server (``start``). What a worker raises comes back
as it is, so a malformed export is the same 400 as in-process; a worker that dies makes
that export a 503 (exporters send it again) and the pool is started anew.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from agenttrace.core.errors import Unavailable
from agenttrace.core.telemetry.decode import Encoding, decode_traces
from agenttrace.core.telemetry.mapping import MappedExport, map_export_at_once
from agenttrace.core.time import utcnow

logger = logging.getLogger("agenttrace.otlp")


def default_processes() -> int:
    """The workers of a lone ``agenttrace serve`` process when ``AGENTTRACE_OTLP_PROCESSES``
    is unset: one when this process may run on more than one core (the server's event
    loop keeps one busy under load), none on a single core, where a worker only competes
    with it."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 1 if (cores or 1) > 1 else 0


def decode_and_map(
    body: bytes, encoding: Encoding, project_id: str, json_metadata: bool
) -> MappedExport:
    """In a worker: the export's spans as writes, as ``map_export`` makes them."""
    return map_export_at_once(
        decode_traces(body, encoding),
        project_id=project_id,
        received_at=utcnow(),
        json_metadata=json_metadata,
    )


def _settle() -> None:
    """Each worker's start, once its imports are done (unpickling this function imported
    the decoder and the mapping): what they built lives until exit, so it leaves the
    collector's generations, and the collections the exports' allocations trigger stop
    walking it, as every serving process does (``gc.freeze`` in ``app.serving_app``)."""
    gc.freeze()


def _ready() -> None:
    """Nothing: submitted once per worker at start, so imports happen before traffic."""


class MappingPool:
    def __init__(self, processes: int) -> None:
        self._processes = processes
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self._processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_settle,
        )

    async def start(self) -> None:
        """Start every worker and wait until each has imported the mapping (a second or
        two), so that no export waits for it."""
        warming = [self._pool.submit(_ready) for _ in range(self._processes)]
        await asyncio.gather(*(asyncio.wrap_future(future) for future in warming))
        logger.info(
            "OTLP trace exports are decoded and mapped in %d worker process%s",
            self._processes,
            "es" if self._processes > 1 else "",
        )

    async def decode_and_map(
        self, body: bytes, *, encoding: Encoding, project_id: str, json_metadata: bool
    ) -> MappedExport:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                self._pool, decode_and_map, body, encoding, project_id, json_metadata
            )
        except BrokenProcessPool:
            logger.warning("an OTLP worker process died; starting the pool anew")
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            raise Unavailable(
                "The export could not be mapped now; send it again", retry_after=1
            ) from None

    async def stop(self) -> None:
        await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)
