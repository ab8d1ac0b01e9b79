"""The Python client's own costs: what ``@observe`` adds to a call on the caller's thread,
and how many events a second its batcher delivers (to a real server, and to a sink that
acknowledges without storing, which is the client's own ceiling).

    .venv/bin/python -m bench.sdk [--calls 20000] [--events 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from agenttrace_client import AgentTrace, observe
from tests.sdk.fakes import Answer, http_server
from tests.serving import serve

SECRET = "sk-at-bench-sdk-0123456789abcdef"


def per_call_us(fn: Callable[[int], int], calls: int) -> float:
    """CPU time of this process per call (the shared machine's wall clock is too noisy)."""
    started = time.process_time()
    for index in range(calls):
        fn(index)
    return (time.process_time() - started) / calls * 1e6


def overhead(url: str, calls: int, runs: int) -> dict[str, float]:
    """Median µs per call: bare, one @observe root, a root with one child; the batcher
    holds everything (no sending while measuring), then the queue is dropped."""
    client = AgentTrace(api_url=url, api_key=SECRET, flush_at=10**9, flush_interval=3600,
                        max_queue=10**8, environ={})  # fmt: skip

    def bare(n: int) -> int:
        return n + 1

    traced = observe(client=client)(bare)

    @observe(client=client)
    def parent(n: int) -> int:
        return traced(n)

    figures: dict[str, list[float]] = {"bare": [], "root": [], "root+child": []}
    for _ in range(runs):
        figures["bare"].append(per_call_us(bare, calls))
        figures["root"].append(per_call_us(traced, calls))
        figures["root+child"].append(per_call_us(parent, calls))
    client._batcher._queue.clear()
    client.shutdown(timeout=0)
    return {name: statistics.median(values) for name, values in figures.items()}


def delivery(url: str, events: int) -> float:
    """Events per second from the first enqueue to the last acknowledgement."""
    client = AgentTrace(
        api_url=url, api_key=SECRET, max_queue=events, flush_interval=0.05, environ={}
    )
    started = time.perf_counter()
    for index in range(events):
        client.trace(f"bench-{index}", metadata={"index": index})
    assert client.flush(600)
    elapsed = time.perf_counter() - started
    stats = client.stats()
    client.shutdown()
    assert stats.sent == events, stats
    return events / elapsed


def sink(request: BaseHTTPRequestHandler, body: bytes) -> Answer:
    ids = [event["id"] for event in json.loads(body)["batch"]]
    answer = {"successes": [{"id": i, "status": 201} for i in ids], "errors": []}
    return 207, {"Content-Type": "application/json"}, json.dumps(answer).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'bench.db'}"
        with serve(database, AGENTTRACE_INIT_PROJECT_NAME="bench", AGENTTRACE_INIT_PUBLIC_KEY="pk-at-bench-sdk-0123456789",
                   AGENTTRACE_INIT_SECRET_KEY=SECRET, AGENTTRACE_RATE_LIMIT_TIER="unlimited") as server:  # fmt: skip
            costs = overhead(server.url, args.calls, args.runs)
            to_server = [delivery(server.url, args.events) for _ in range(3)]
    with http_server(sink) as url:
        to_sink = [delivery(url, args.events) for _ in range(3)]
    print(f"per call (µs, median of {args.runs} runs of {args.calls:,}): "
          + ", ".join(f"{name} {value:.2f}" for name, value in costs.items()))  # fmt: skip
    print(f"@observe overhead: root {costs['root'] - costs['bare']:.1f} µs, "
          f"nested child {costs['root+child'] - costs['root']:.1f} µs")  # fmt: skip
    print("batcher → server (SQLite), events/s: " + ", ".join(f"{v:,.0f}" for v in to_server))
    print("batcher → acknowledging sink, events/s: " + ", ".join(f"{v:,.0f}" for v in to_sink))


if __name__ == "__main__":
    main()
