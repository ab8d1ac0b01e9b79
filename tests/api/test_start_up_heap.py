"""Every process that serves freezes what its start-up built (``gc.freeze``): the server
(``agenttrace serve`` and each of its ``--workers``, through ``app.serving_app``) and each
OTLP worker process (``core/telemetry/processes.py``). Unfrozen, each collection of the
oldest generation walks every imported module's objects: 264 ms a time in a fresh OTLP
worker on the project's VM (bench/README.md)."""

from __future__ import annotations

import asyncio
import gc

from agenttrace.app import serving_app
from agenttrace.core.telemetry.processes import MappingPool
from agenttrace.settings import Settings


def test_a_serving_process_freezes_what_start_up_built(settings: Settings) -> None:
    gc.unfreeze()
    try:
        serving_app(settings)
        # The app, its routes and the modules imported for them: far past a handful.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()  # this test process goes on collecting as before


async def test_each_otlp_worker_process_freezes_what_its_start_up_built() -> None:
    pool = MappingPool(1)
    await pool.start()
    try:
        # The pool's own executor: what a worker answers about its own heap.
        frozen = await asyncio.get_running_loop().run_in_executor(pool._pool, gc.get_freeze_count)
    finally:
        await pool.stop()
    assert frozen > 10_000
