"""Trace, observe and score with a Langfuse Python SDK that traces through OpenTelemetry:
3.x (protobuf OTLP; scores through batch ingestion) or 5.x (gzip OTLP with ingestion
version 4 and JSON-encoded metadata; scores through ``POST /api/public/scores``).

Runs inside the SDK's own virtual environment, started by ``tests/compat/test_langfuse_otel.py``.
Reads ``LANGFUSE_HOST``/``LANGFUSE_BASE_URL``, the key pair, ``LANGFUSE_TRACING_ENVIRONMENT``,
``LANGFUSE_RELEASE`` and ``COMPAT_RUN_ID``; the trace id is derived from the run id, the
span ids are the SDK's, and the JSON summary printed last on stdout names them all.

Both SDKs run the same calls, except for the trace-level attributes: 3.x sets them on the
root span with ``update_trace``, 5.x (which has no ``update_trace``) propagates them onto
every span with ``propagate_attributes``. Delivery errors are only logged (by the SDK or
the OTLP exporter under it), so any ERROR record of any logger makes this script exit 1.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from typing import Any

from langfuse import Langfuse, propagate_attributes
from langfuse.api import UnauthorizedError

TYPED_STEPS = ("retriever", "agent", "tool", "chain", "embedding", "guardrail", "evaluator")
QUESTION = {"question": "What does AgentTrace store?"}
ANSWER = {"answer": "Traces, observations and scores."}


class ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def check_a_wrong_key_is_refused() -> str:
    """auth_check() with an unknown key pair must raise; return the exception's class name.
    (The SDK keeps one client per public key, so the real public key cannot be reused here.)"""
    client = Langfuse(public_key="pk-at-wrong", secret_key="sk-at-wrong")
    try:
        client.auth_check()
    except UnauthorizedError as exc:
        return type(exc).__name__
    finally:
        client.shutdown()
    raise SystemExit("auth_check() with a wrong key pair returned instead of raising")


@contextmanager
def trace_attributes(root: Any, session_id: str) -> Iterator[None]:
    attributes = {
        "user_id": "user-42",
        "session_id": session_id,
        "version": "v7",
        "metadata": {"region": "eu", "tier": "3"},
        "tags": ["chat", "otel"],
    }
    if hasattr(root, "update_trace"):
        root.update_trace(name="support-chat", **attributes)
        yield
    else:
        with propagate_attributes(trace_name="support-chat", **attributes):
            yield


def trace_observe_and_score(client: Langfuse, run_id: str) -> dict[str, Any]:
    trace_id = Langfuse.create_trace_id(seed=run_id)
    session_id = f"session-{run_id}"
    ids: dict[str, Any] = {"trace": trace_id, "session": session_id, "steps": {}}
    with client.start_as_current_observation(
        name="handle-request",
        trace_context={"trace_id": trace_id},
        input=QUESTION,
        metadata={"component": "api"},
    ) as root:
        ids["root"] = root.id
        with trace_attributes(root, session_id):
            with client.start_as_current_observation(
                as_type="generation",
                name="answer",
                model="gpt-4o",
                model_parameters={"temperature": 0.2, "max_tokens": 100},
                input=[
                    {"role": "system", "content": "Answer briefly."},
                    {"role": "user", "content": QUESTION["question"]},
                ],
                metadata={"attempt": 1, "label": "7"},
            ) as generation:
                ids["generation"] = generation.id
                generation.update(
                    output={"role": "assistant", "content": ANSWER["answer"]},
                    usage_details={"input": 1000, "output": 200},
                )
                ids["generationScore"] = f"{run_id}-relevance"
                generation.score(name="relevance", value=0.75, score_id=ids["generationScore"])
            for as_type in TYPED_STEPS:
                with client.start_as_current_observation(
                    as_type=as_type, name=f"{as_type}-step", input={"step": as_type}
                ) as step:
                    ids["steps"][as_type] = step.id
                    step.update(output={"done": as_type})
            event = client.create_event(
                name="cache-miss",
                level="WARNING",
                status_message="cold cache",
                input={"key": "agenttrace storage"},
            )
            ids["event"] = event.id
        root.update(output=ANSWER)
        ids["numericScore"] = f"{run_id}-accuracy"
        root.score_trace(
            name="accuracy", value=0.9, comment="close enough", score_id=ids["numericScore"]
        )
        ids["categoricalScore"] = f"{run_id}-tone"
        root.score_trace(name="tone", value="friendly", score_id=ids["categoricalScore"])
    ids["booleanScore"] = f"{run_id}-helpful"
    client.create_score(
        name="helpful",
        value=1,
        data_type="BOOLEAN",
        trace_id=trace_id,
        score_id=ids["booleanScore"],
    )
    ids["sessionScore"] = f"{run_id}-session-quality"
    client.create_score(
        name="session-quality", value=0.5, session_id=session_id, score_id=ids["sessionScore"]
    )
    return ids


def main() -> None:
    run_id = os.environ["COMPAT_RUN_ID"]
    wrong_key_error = check_a_wrong_key_is_refused()

    errors = ErrorRecords()
    logging.getLogger().addHandler(errors)
    client = Langfuse()
    auth_check = client.auth_check()
    ids = trace_observe_and_score(client, run_id)
    client.flush()
    client.shutdown()
    if errors.messages:
        raise SystemExit("errors were logged:\n" + "\n".join(errors.messages))

    summary = {
        "sdkVersion": version("langfuse"),
        "authCheck": auth_check,
        "wrongKeyError": wrong_key_error,
        "ids": ids,
    }
    sys.stdout.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
