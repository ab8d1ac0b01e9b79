"""A small OpenAI-compatible chat-completions server for the evaluators' tests and bench.

The model name picks the behaviour: ``good`` answers ``{"score": 0.8, ...}``, ``pass``
answers a boolean verdict, ``malformed`` answers prose, ``flaky`` answers 429 to every
first request of a prompt and then succeeds, ``slow`` sleeps past any short timeout,
``delayed`` answers like ``good`` after 0.1 s, ``unauthorized`` answers 401 and ``unknown`` 404 (an unknown model). It runs in a thread
on a free port, so a server subprocess can reach it too.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.serving import free_port


@dataclass
class FakeJudge:
    url: str = ""
    requests: Counter[str] = field(default_factory=Counter)
    seen_prompts: list[str] = field(default_factory=list)
    _first_seen: set[str] = field(default_factory=set)
    slow_seconds: float = 5.0

    def completion(self, model: str, content: str) -> dict[str, object]:
        return {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 40, "completion_tokens": 12, "total_tokens": 52},
        }  # fmt: skip

    async def handle(self, request: Request) -> Response:
        body = orjson.loads(await request.body())
        model = str(body.get("model"))
        prompt = str(body["messages"][-1]["content"])
        self.requests[model] += 1
        self.seen_prompts.append(prompt)
        if model == "unauthorized":
            return JSONResponse({"error": {"message": "bad key", "type": "auth"}}, 401)
        if model == "unknown":
            return JSONResponse({"error": {"message": "no such model", "type": "nf"}}, 404)
        if model == "flaky" and prompt not in self._first_seen:
            self._first_seen.add(prompt)
            return JSONResponse({"error": {"message": "slow down", "type": "rate"}}, 429)
        if model == "slow":
            await asyncio.sleep(self.slow_seconds)
        if model == "delayed":  # a judge that takes a while, as real ones do
            await asyncio.sleep(0.1)
        if model == "malformed":
            return JSONResponse(self.completion(model, "I think it is quite good."))
        if model == "pass":
            answer = {"score": "pass", "reasoning": "the answer is right"}
        else:
            answer = {"score": 0.8, "reasoning": "mostly relevant"}
        return JSONResponse(self.completion(model, orjson.dumps(answer).decode()))


@contextmanager
def fake_judge() -> Iterator[FakeJudge]:
    judge = FakeJudge()
    port = free_port()
    app = Starlette(routes=[Route("/v1/chat/completions", judge.handle, methods=["POST"])])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    judge.url = f"http://127.0.0.1:{port}/v1"
    try:
        yield judge
    finally:
        server.should_exit = True
        thread.join(timeout=10)
