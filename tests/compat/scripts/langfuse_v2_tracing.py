"""Trace, observe and score with the Langfuse Python SDK 2.x, as a user of its low-level API does.

Runs inside the SDK's own virtual environment (not the server's), started by
``tests/compat/test_langfuse_v2.py``. Reads ``LANGFUSE_HOST``, ``LANGFUSE_PUBLIC_KEY``,
``LANGFUSE_SECRET_KEY`` and ``COMPAT_RUN_ID``; derives every id it can set from the run id,
so the test knows what to read back; prints one JSON summary on stdout.

The SDK swallows delivery errors and only logs them (a 207 with errors, a 4xx, a network
failure), so every ERROR record of the ``langfuse`` logger makes this script exit 1.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import sys
from typing import Any

from langfuse import Langfuse
from langfuse.api.resources.commons.errors.unauthorized_error import UnauthorizedError
from langfuse.version import __version__ as sdk_version


class ErrorRecords(logging.Handler):
    """Collects what the SDK logs at ERROR level."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def check_a_wrong_secret_is_refused() -> str:
    """auth_check() with a wrong secret must raise; return the exception's class name."""
    client = Langfuse(secret_key="sk-at-wrong-secret")
    try:
        client.auth_check()
    except UnauthorizedError as exc:
        return type(exc).__name__
    finally:
        client.shutdown()
    raise SystemExit("auth_check() with a wrong secret returned instead of raising")


def trace_observe_and_score(client: Langfuse, run_id: str) -> dict[str, Any]:
    trace_id = f"lf2-{run_id}"
    ids = {
        "trace": trace_id,
        "session": f"session-{run_id}",
        "span": f"{trace_id}-span",
        "event": f"{trace_id}-event",
        "generation": f"{trace_id}-generation",
        "numericScore": f"{trace_id}-accuracy",
        "generationScore": f"{trace_id}-relevance",
        "categoricalScore": f"{trace_id}-tone",
        "booleanScore": f"{trace_id}-helpful",
        "sessionScore": None,
    }
    trace = client.trace(
        id=trace_id,
        name="support-chat",
        user_id="user-42",
        session_id=ids["session"],
        release="2026.03.1",
        version="v7",
        metadata={"region": "eu", "attempt": 1},
        tags=["prod", "chat"],
        input={"question": "What does AgentTrace store?"},
    )
    span = trace.span(
        id=ids["span"],
        name="retrieve",
        input={"query": "agenttrace storage"},
        metadata={"index": "docs"},
    )
    span.event(
        id=ids["event"],
        name="cache-miss",
        level="WARNING",
        status_message="cold cache",
        input={"key": "agenttrace storage"},
    )
    generation = span.generation(
        id=ids["generation"],
        name="answer",
        model="gpt-4o",
        model_parameters={"temperature": 0.2, "max_tokens": 100},
        input=[
            {"role": "system", "content": "Answer briefly."},
            {"role": "user", "content": "What does AgentTrace store?"},
        ],
        usage={"input": 1000, "output": 200, "unit": "TOKENS"},
    )
    generation.end(output={"role": "assistant", "content": "Traces, observations and scores."})
    span.end(output={"documents": 2})
    trace.update(
        output={"answer": "Traces, observations and scores."},
        metadata={"feedback": "pending"},
        tags=["sdk-v2"],
    )
    trace.score(id=ids["numericScore"], name="accuracy", value=0.9, comment="close enough")
    generation.score(id=ids["generationScore"], name="relevance", value=0.75)
    trace.score(id=ids["categoricalScore"], name="tone", value="friendly")
    trace.score(id=ids["booleanScore"], name="helpful", value=1, data_type="BOOLEAN")
    if "session_id" in inspect.signature(Langfuse.score).parameters:
        ids["sessionScore"] = f"{trace_id}-session-quality"
        client.score(
            id=ids["sessionScore"], session_id=ids["session"], name="session-quality", value=0.5
        )
    return ids


def main() -> None:
    run_id = os.environ["COMPAT_RUN_ID"]
    wrong_secret_error = check_a_wrong_secret_is_refused()

    errors = ErrorRecords()
    logging.getLogger("langfuse").addHandler(errors)
    client = Langfuse()
    auth_check = client.auth_check()
    ids = trace_observe_and_score(client, run_id)
    client.flush()
    client.shutdown()
    if errors.messages:
        raise SystemExit("the SDK logged errors:\n" + "\n".join(errors.messages))

    summary = {
        "sdkVersion": sdk_version,
        "authCheck": auth_check,
        "wrongSecretError": wrong_secret_error,
        "ids": ids,
    }
    sys.stdout.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
