"""How the Langfuse dialect writes traces, observations, scores and sessions.

Every field a Langfuse SDK's response model declares is present, even when null: the v5
SDK refuses an answer that lacks one, and v2 needs non-null floats for trace latency and
cost. The numbers are the stored ones (trace aggregates, each observation's usage and
costs), the same that ``/v1`` answers; only names and nesting differ.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import orjson

from agenttrace.core.time import iso
from agenttrace.core.tracing.views import (
    html_path,
    observation_latency,
    observation_usage,
    time_to_first_token,
)
from agenttrace.db.types import Row

# What ``fields`` leaves out of a trace when a group is not asked for.
NOT_MEASURED = -1.0
# Metadata values longer than this are cut in /v2/observations unless ``expandMetadata`` names them.
METADATA_VALUE_CHARS = 200


# Traces


def trace_json(
    row: Row, *, observations: list[Any], scores: list[Any], metrics: bool = True
) -> dict[str, Any]:
    """``observations`` and ``scores`` are ids in lists and whole objects in the detail."""
    return {
        "id": row["id"],
        "projectId": row["project_id"],
        "timestamp": iso(row["timestamp"]),
        "name": row["name"],
        "input": row.get("input"),
        "output": row.get("output"),
        "metadata": row.get("metadata"),
        "sessionId": row["session_id"],
        "userId": row["user_id"],
        "release": row["release"],
        "version": row["version"],
        "tags": row["tags"] or [],
        "public": row["public"],
        "bookmarked": row["bookmarked"],
        "environment": row["environment"],
        "externalId": None,
        "createdAt": iso(row["created_at"]),
        "updatedAt": iso(row["updated_at"]),
        "htmlPath": html_path(row["project_id"], row["id"]),
        # The v2 SDK requires floats here: unknown (no end yet, no priced usage) is 0.
        "latency": float(row["latency"] or 0) if metrics else NOT_MEASURED,
        "totalCost": float(row["total_cost"] or 0) if metrics else NOT_MEASURED,
        "observations": observations,
        "scores": scores,
    }


# Observations


def _flat_value(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return orjson.dumps(value).decode()


def model_parameters(parameters: Any) -> dict[str, Any]:
    """A flat map, as the v2 SDK requires (str, number, bool or list of str per key):
    anything nested is answered as its JSON text. Flat maps come back exactly as sent;
    none at all is ``{}``, as in Langfuse."""
    if not isinstance(parameters, Mapping):
        return {}
    return {key: _flat_value(value) for key, value in parameters.items()}


def _usage(row: Row) -> dict[str, Any]:
    usage = observation_usage(row)
    return {
        "unit": "TOKENS",
        "input": usage.input_tokens,
        "output": usage.output_tokens,
        "total": usage.total_tokens,
    }


def observation_json(row: Row) -> dict[str, Any]:
    """The v1 observation (``ObservationsView``), with the legacy usage mirrors."""
    usage = _usage(row)
    return {
        "id": row["id"],
        "projectId": row["project_id"],
        "traceId": row["trace_id"],
        "parentObservationId": row["parent_observation_id"],
        "type": row["type"],
        "name": row["name"],
        "startTime": iso(row["start_time"]),
        "endTime": iso(row["end_time"]),
        "completionStartTime": iso(row["completion_start_time"]),
        "level": row["level"],
        "statusMessage": row["status_message"],
        "version": row["version"],
        "environment": row["environment"],
        "input": row["input"],
        "output": row["output"],
        "metadata": row["metadata"],
        "model": row["model"],
        "modelId": row["internal_model"],
        "modelParameters": model_parameters(row["model_parameters"]),
        "usage": usage,
        "usageDetails": row["usage_details"] or {},
        "costDetails": row["cost_details"] or {},
        "unit": "TOKENS",
        "promptTokens": usage["input"],
        "completionTokens": usage["output"],
        "totalTokens": usage["total"],
        "inputPrice": None,
        "outputPrice": None,
        "totalPrice": None,
        "calculatedInputCost": row["input_cost"],
        "calculatedOutputCost": row["output_cost"],
        "calculatedTotalCost": row["total_cost"],
        "latency": observation_latency(row),
        "timeToFirstToken": time_to_first_token(row),
        "promptId": row["prompt_id"],
        "promptName": row["prompt_name"],
        "promptVersion": row["prompt_version"],
        "usagePricingTierId": None,
        "usagePricingTierName": None,
        "createdAt": iso(row["created_at"]),
        "updatedAt": iso(row["updated_at"]),
    }


OBSERVATION_GROUPS = (
    "core", "basic", "time", "io", "metadata", "model", "usage", "prompt", "metrics",
    "trace_context",
)  # fmt: skip
DEFAULT_OBSERVATION_GROUPS = ("core", "basic")


def raw_io(value: Any) -> str | None:
    """Langfuse keeps IO as text: a string as it is, anything else as its JSON."""
    if value is None or isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def cut_metadata(metadata: Any, expand: Collection[str]) -> Any:
    if not isinstance(metadata, Mapping):
        return metadata
    return {
        key: value[:METADATA_VALUE_CHARS] if isinstance(value, str) and key not in expand else value
        for key, value in metadata.items()
    }


def observation_v2_json(
    row: Row, groups: Collection[str], trace: Row | None, expand: Collection[str] = ()
) -> dict[str, Any]:
    """``/v2/observations``: core fields always, the rest by group; ``trace`` holds the
    trace's columns that the basic and trace_context groups show."""
    trace = trace or {}
    body: dict[str, Any] = {
        "id": row["id"],
        "traceId": row["trace_id"],
        "startTime": iso(row["start_time"]),
        "endTime": iso(row["end_time"]),
        "projectId": row["project_id"],
        "parentObservationId": row["parent_observation_id"],
        "type": row["type"],
        "modelId": None,
        "inputPrice": None,
        "outputPrice": None,
        "totalPrice": None,
    }
    if "basic" in groups:
        body |= {
            "isRootObservation": row["parent_observation_id"] is None,
            "name": row["name"],
            "level": row["level"],
            "statusMessage": row["status_message"],
            "version": row["version"],
            "environment": row["environment"],
            "bookmarked": trace.get("bookmarked", False),
            "public": trace.get("public", False),
            "userId": trace.get("user_id"),
            "sessionId": trace.get("session_id"),
        }
    if "time" in groups:
        body |= {
            "completionStartTime": iso(row["completion_start_time"]),
            "createdAt": iso(row["created_at"]),
            "updatedAt": iso(row["updated_at"]),
        }
    if "io" in groups:
        body |= {"input": raw_io(row["input"]), "output": raw_io(row["output"])}
    if "metadata" in groups:
        body["metadata"] = cut_metadata(row["metadata"], expand)
    if "model" in groups:
        body |= {
            "providedModelName": row["model"],
            "internalModelId": row["internal_model"],
            "modelId": row["internal_model"],
            "modelParameters": model_parameters(row["model_parameters"]),
        }
    if "usage" in groups:
        body |= {
            "usageDetails": row["usage_details"] or {},
            "costDetails": row["cost_details"] or {},
            "totalCost": row["total_cost"],
            "usagePricingTierName": None,
        }
    if "prompt" in groups:
        body |= {
            "promptId": row["prompt_id"],
            "promptName": row["prompt_name"],
            "promptVersion": row["prompt_version"],
        }
    if "metrics" in groups:
        body |= {
            "latency": observation_latency(row),
            "timeToFirstToken": time_to_first_token(row),
        }
    if "trace_context" in groups:
        body |= {
            "traceName": trace.get("name"),
            "tags": trace.get("tags") or [],
            "release": trace.get("release"),
        }
    return body


# Sessions


def session_json(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "projectId": row["project_id"],
        "environment": row["environment"],
        "createdAt": iso(row["created_at"]),
    }
