"""``GET /metrics``: the Prometheus text exposition of ``agenttrace/instruments.py``.

Open unless ``AGENTTRACE_METRICS_TOKEN`` is set; then it needs ``Authorization: Bearer
<token>`` (a scraper's credential, not an API key: metrics span every project). Under
several processes (``PROMETHEUS_MULTIPROC_DIR`` set) a scrape of any one process sums
the files of all of them.
"""

from __future__ import annotations

import hmac
import os

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response

from agenttrace import instruments
from agenttrace.core.errors import Unauthorized
from agenttrace.core.evaluators.queueing import KIND as EVALUATION
from agenttrace.core.jobs.queue import counts_by_status
from agenttrace.web.state import database, settings

MULTIPROCESS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"


def _registry() -> CollectorRegistry:
    directory = os.environ.get(MULTIPROCESS_DIRECTORY)
    if not directory:
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    return registry


async def metrics(request: Request) -> Response:
    token = settings(request).metrics_token
    if token is not None:
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise Unauthorized(
                "GET /metrics needs Authorization: Bearer <AGENTTRACE_METRICS_TOKEN>"
            )
    async with database(request).read() as session:
        jobs = await counts_by_status(session, kind=EVALUATION)
    for status, count in jobs.items():
        instruments.EVALUATION_JOBS.labels(status=status).set(count)
    return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)
