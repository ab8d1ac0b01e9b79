"""Read observations and scores back with the Langfuse Python SDK 5.x raw API client.

Runs inside the SDK's own virtual environment after ``langfuse_otel_tracing.py``. The v5
SDK reads only through ``api.observations.get_many`` (``GET /api/public/v2/observations``,
cursor pages) and ``api.scores.get_many`` (``GET /api/public/v3/scores``); each page is
parsed into the SDK's strict pydantic v2 models, so a missing field raises. Walks every
page (a limit of 2 forces several) and prints what the models hold as one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from langfuse import Langfuse


def main() -> None:
    trace_id = os.environ["COMPAT_TRACE_ID"]
    client = Langfuse()
    observations: list[Any] = []
    cursor = None
    while True:
        page = client.api.observations.get_many(
            trace_id=trace_id, limit=2, cursor=cursor, fields="core,basic,usage"
        )
        observations += page.data
        cursor = page.meta.cursor
        if not cursor:
            break
    scores: list[Any] = []
    cursor = None
    while True:
        score_page = client.api.scores.get_many(trace_id=trace_id, limit=2, cursor=cursor)
        scores += score_page.data
        cursor = score_page.meta.cursor
        if not cursor:
            break
    summary = {
        "observations": sorted([o.id, o.type] for o in observations),
        "scores": sorted([s.id, s.name, s.data_type] for s in scores),
    }
    client.shutdown()
    sys.stdout.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
