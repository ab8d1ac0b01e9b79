"""Read traces, observations and sessions back with the Langfuse Python SDK 2.x.

Runs inside the SDK's own virtual environment after ``langfuse_v2_tracing.py``. Each fetch
parses our answer into the SDK's pydantic models (a missing or mistyped field raises);
prints what the models hold as one JSON object, for the test to compare with ``/v1``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from langfuse import Langfuse


def main() -> None:
    ids = json.loads(os.environ["COMPAT_IDS"])
    client = Langfuse()
    traces = client.fetch_traces(user_id="user-42", limit=10).data
    detail = client.fetch_trace(ids["trace"]).data
    observations = client.fetch_observations(trace_id=ids["trace"], limit=50).data
    generation = client.fetch_observation(ids["generation"]).data
    sessions = client.fetch_sessions(limit=50).data
    summary: dict[str, Any] = {
        "traces": [
            {
                "id": t.id,
                "latency": t.latency,
                "totalCost": t.total_cost,
                "observations": sorted(t.observations),
                "scores": sorted(t.scores),
            }
            for t in traces
        ],
        "trace": {
            "id": detail.id,
            "latency": detail.latency,
            "totalCost": detail.total_cost,
            "observations": sorted(o.id for o in detail.observations),
            "scores": sorted(s.name for s in detail.scores),
        },
        "observations": sorted((o.id, o.type) for o in observations),
        "generation": {
            "model": generation.model,
            "usage": [generation.usage.input, generation.usage.output, generation.usage.total],
            "calculatedTotalCost": generation.calculated_total_cost,
            "modelParameters": generation.model_parameters,
        },
        "sessions": sorted(s.id for s in sessions),
    }
    client.shutdown()
    sys.stdout.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
