"""Prompts, datasets and experiments with a Langfuse Python SDK (2.x, 3.x or 5.x), as a
user of each does: create a text prompt in a folder and a chat prompt, fetch them by the
default label, by version and by label, move a label, compile; create a dataset with 60
items (one with an explicit id) and read it back; then run items against the server:
``item.observe`` / ``item.link`` on 2.x, ``dataset.run_experiment`` with a local task
and an item evaluator (and a run evaluator) on 3.x and 5.x, plus a local-data experiment
on 5.x.

Runs inside the SDK's own virtual environment, started by ``tests/compat/
test_langfuse_prompts_datasets.py``. Reads ``LANGFUSE_HOST`` (``LANGFUSE_BASE_URL``), the
key pair and ``COMPAT_RUN_ID``; prints one JSON summary on stdout. Every check of what the
SDK answered is made here (exit 1 on the first that fails); what the server stored is
checked by the test through ``/v1``. Any ERROR the ``langfuse`` logger records fails too.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any

from langfuse import Langfuse

try:
    from langfuse.version import __version__ as sdk_version
except ImportError:  # 3.x and 5.x
    from langfuse._version import __version__ as sdk_version  # type: ignore[no-redef]

MAJOR = int(sdk_version.split(".")[0])
ITEMS = 60


class ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"check failed: {what}")


def prompts(client: Langfuse, run_id: str) -> dict[str, Any]:
    text = f"compat/{run_id}/review"
    client.create_prompt(
        name=text, prompt="Review this {{language}} code: {{ code }}", labels=["production"],
        config={"temperature": 0.2}, tags=["compat"], commit_message="first",
    )  # fmt: skip
    client.create_prompt(name=text, prompt="v2 {{language}}: {{code}}", labels=["staging"])
    default = client.get_prompt(text, cache_ttl_seconds=0)
    by_version = client.get_prompt(text, version=2, cache_ttl_seconds=0)
    by_label = client.get_prompt(text, label="staging", cache_ttl_seconds=0)
    check((default.version, by_version.version, by_label.version) == (1, 2, 2), "resolution")
    check(default.config == {"temperature": 0.2}, f"config {default.config!r}")
    compiled = default.compile(language="Python", code="x = 1")
    check(compiled == "Review this Python code: x = 1", f"compiled {compiled!r}")
    client.update_prompt(name=text, version=2, new_labels=["production"])
    promoted = client.get_prompt(text, cache_ttl_seconds=0)
    check(promoted.version == 2, f"after update_prompt: version {promoted.version}")
    check(
        sorted(promoted.labels) == ["latest", "production", "staging"], f"labels {promoted.labels}"
    )

    chat = f"compat-chat-{run_id}"
    messages: list[Any] = [{"role": "system", "content": "You review {{language}}."}]
    if MAJOR >= 3:  # 2.x cannot parse placeholder messages
        messages.append({"type": "placeholder", "name": "history"})
    messages.append({"role": "user", "content": "{{code}}"})
    client.create_prompt(name=chat, type="chat", prompt=messages, labels=["production"])
    chat_prompt = client.get_prompt(chat, type="chat", cache_ttl_seconds=0)
    history = [{"role": "user", "content": "earlier"}]
    chat_compiled = chat_prompt.compile(language="Go", code="x := 1", history=history)
    contents = [m.get("content") for m in chat_compiled]
    want = ["You review Go.", *(["earlier"] if MAJOR >= 3 else []), "x := 1"]
    check(contents == want, f"chat compiled {contents!r}")
    return {"text": text, "chat": chat, "compiled": compiled}


def datasets(client: Langfuse, run_id: str) -> dict[str, Any]:
    name = f"compat-ds-{run_id}"
    client.create_dataset(name=name, description="compat", metadata={"sdk": MAJOR})
    explicit = f"{run_id}-explicit"
    client.create_dataset_item(
        dataset_name=name, input={"n": 0}, expected_output={"double": 0}, id=explicit,
        metadata={"kind": "explicit"},
    )  # fmt: skip
    for n in range(1, ITEMS):
        client.create_dataset_item(
            dataset_name=name, input={"n": n}, expected_output={"double": 2 * n}
        )
    dataset = client.get_dataset(name)
    check(len(dataset.items) == ITEMS, f"get_dataset found {len(dataset.items)} items")
    check(any(item.id == explicit for item in dataset.items), "the explicit id")
    return {"dataset": name, "datasetId": dataset.id, "explicitItem": explicit}


def exact(*, input: Any, output: Any, expected_output: Any, **_: Any) -> Any:
    from langfuse import Evaluation

    return Evaluation(name="exact", value=1.0 if output == expected_output else 0.0)


def mean_exact(*, item_results: Any, **_: Any) -> Any:
    from langfuse import Evaluation

    values = [e.value for r in item_results for e in r.evaluations if e.name == "exact"]
    return Evaluation(name="mean_exact", value=sum(values) / len(values))


def double(*, item: Any, **_: Any) -> Any:
    given = item["input"] if isinstance(item, dict) else item.input
    return {"double": 2 * given["n"]}


def experiment(client: Langfuse, run_id: str) -> dict[str, Any]:
    name = f"compat-exp-{run_id}"
    client.create_dataset(name=name)
    for n in range(3):
        client.create_dataset_item(
            dataset_name=name,
            input={"n": n},
            expected_output={"double": 2 * n},
            id=f"{run_id}-exp-{n}",
        )
    dataset = client.get_dataset(name)
    run_name = f"run-{run_id}"
    if MAJOR == 2:
        traces = []
        for item in dataset.items:
            with item.observe(run_name=run_name, run_description="compat") as trace_id:
                client.trace(
                    id=trace_id, name="compat-item", input=item.input, output=double(item=item)
                )
                client.score(trace_id=trace_id, name="exact", value=1.0)
            traces.append(trace_id)
        client.flush()
        return {"experiment": name, "runName": run_name, "traces": traces, "runId": None}
    result = dataset.run_experiment(
        name="compat", run_name=run_name, description="compat run", task=double,
        evaluators=[exact], run_evaluators=[mean_exact],
    )  # fmt: skip
    check(len(result.item_results) == 3, f"{len(result.item_results)} item results")
    run_id_of = getattr(result, "experiment_id", None) or getattr(result, "dataset_run_id", None)
    summary = {
        "experiment": name, "runName": run_name, "runId": run_id_of,
        "traces": [r.trace_id for r in result.item_results],
    }  # fmt: skip
    if MAJOR >= 5:
        local = client.run_experiment(
            name="local", run_name=f"local-{run_id}", data=[{"input": {"n": 5}, "expected_output": {"double": 10}}],
            task=double, evaluators=[exact], run_evaluators=[mean_exact],
        )  # fmt: skip
        summary["localRunId"] = local.experiment_id
    client.flush()
    return summary


def main() -> None:
    errors = ErrorRecords()
    logging.getLogger("langfuse").addHandler(errors)
    run_id = os.environ["COMPAT_RUN_ID"]
    client = Langfuse()
    summary = {
        "sdk": sdk_version,
        "prompts": prompts(client, run_id),
        "datasets": datasets(client, run_id),
        "experiment": experiment(client, run_id),
    }
    client.shutdown()
    if errors.messages:
        sys.stderr.write("\n".join(errors.messages) + "\n")
        raise SystemExit("the SDK logged errors")
    sys.stdout.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
