"""How ``/v1`` writes traces, observations and scores: camelCase, times in ISO UTC,
latency in seconds, costs in USD, and token usage both as totals and per usage key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agenttrace.rest.format import html_path, iso, seconds_between

Row = Mapping[str, Any]


def _io(row: Row) -> dict[str, Any]:
    """Input, output and metadata, unless the list was asked to leave them out."""
    if "input" not in row:
        return {}
    return {"input": row["input"], "output": row["output"], "metadata": row["metadata"]}


def trace_json(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "projectId": row["project_id"],
        "name": row["name"],
        "timestamp": iso(row["timestamp"]),
        "userId": row["user_id"],
        "sessionId": row["session_id"],
        "release": row["release"],
        "version": row["version"],
        "environment": row["environment"],
        **_io(row),
        "tags": row["tags"],
        "public": row["public"],
        "bookmarked": row["bookmarked"],
        "level": row["level"],
        "statusMessage": row["status_message"],
        "gitCommitSha": row["git_commit_sha"],
        "gitBranch": row["git_branch"],
        "gitRepoUrl": row["git_repo_url"],
        "startTime": iso(row["start_time"]),
        "endTime": iso(row["end_time"]),
        "latency": row["latency"],
        "inputCost": row["input_cost"],
        "outputCost": row["output_cost"],
        "totalCost": row["total_cost"],
        "usage": {
            "inputTokens": row["input_tokens"],
            "outputTokens": row["output_tokens"],
            "totalTokens": row["total_tokens"],
        },
        "observationCount": row["observation_count"],
        "createdAt": iso(row["created_at"]),
        "updatedAt": iso(row["updated_at"]),
        "htmlPath": html_path(row["project_id"], row["id"]),
    }


def observation_json(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "traceId": row["trace_id"],
        "projectId": row["project_id"],
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
        **_io(row),
        "model": row["model"],
        "modelId": row["internal_model"],
        "modelParameters": row["model_parameters"],
        "usage": {
            "inputTokens": row["input_usage"],
            "outputTokens": row["output_usage"],
            "totalTokens": row["total_usage"],
        },
        "usageDetails": row["usage_details"],
        "costDetails": row["cost_details"],
        "inputCost": row["input_cost"],
        "outputCost": row["output_cost"],
        "totalCost": row["total_cost"],
        "latency": seconds_between(row["start_time"], row["end_time"]),
        "timeToFirstToken": seconds_between(row["start_time"], row["completion_start_time"]),
        "promptId": row["prompt_id"],
        "promptName": row["prompt_name"],
        "promptVersion": row["prompt_version"],
        "createdAt": iso(row["created_at"]),
        "updatedAt": iso(row["updated_at"]),
    }


def score_json(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "projectId": row["project_id"],
        "name": row["name"],
        "value": row["value"],
        "stringValue": row["string_value"],
        "dataType": row["data_type"],
        "source": row["source"],
        "traceId": row["trace_id"],
        "observationId": row["observation_id"],
        "sessionId": row["session_id"],
        "datasetRunId": row["dataset_run_id"],
        "comment": row["comment"],
        "metadata": row["metadata"],
        "configId": row["config_id"],
        "queueId": row["queue_id"],
        "authorUserId": row["author_user_id"],
        "environment": row["environment"],
        "timestamp": iso(row["timestamp"]),
        "createdAt": iso(row["created_at"]),
        "updatedAt": iso(row["updated_at"]),
    }
