"""The stable ids of runs and run items: the same inputs give the same id on every path.

A run's id is the one the Langfuse SDK 5.x derives for an experiment on a dataset (and
the Langfuse server too): the first 16 hex characters of the SHA-256 of the compact JSON
array ``["langfuse-experiment-v1", projectId, datasetId, runName]``. So a run made through
``dataset-run-items`` (SDK 3.x, 2.x), through ``/v1``, or by 5.x's spans alone, for the same
project, dataset and run name, is one run, and scores sent with that id find it.

A run item's id is derived from its run, item and trace, so the REST call of SDK 3.x and the
spans it exports after (which name the same three) land on one run item.
"""

from __future__ import annotations

import hashlib
import json


def run_id(project_id: str, dataset_id: str, run_name: str) -> str:
    payload = json.dumps(
        ["langfuse-experiment-v1", project_id, dataset_id, run_name],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def run_item_id(run: str, item_id: str | None, trace_id: str) -> str:
    payload = json.dumps(["run-item", run, item_id, trace_id], separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
