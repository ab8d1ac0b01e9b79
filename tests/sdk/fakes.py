"""Small HTTP servers on the loopback for the client tests: a proxy in front of the real
server that answers a script of failures first, and a stand-in for OpenAI's API."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

Answer = tuple[int, dict[str, str], bytes]


@contextmanager
def http_server(handle: Callable[[BaseHTTPRequestHandler, bytes], Answer]) -> Iterator[str]:
    """Serve ``handle(request, body) -> (status, headers, body)`` on a free port."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            status, headers, body = handle(self, self.rfile.read(length) if length else b"")
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PATCH = _answer

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class ScriptedProxy:
    """Answers ``script`` (one entry per request) first, then forwards to ``upstream``."""

    def __init__(self, upstream: str, script: list[Answer]) -> None:
        self.upstream = upstream
        self.script = list(script)
        self.requests: list[tuple[float, str, int]] = []  # (time, path, status answered)
        self._lock = threading.Lock()

    def __call__(self, request: BaseHTTPRequestHandler, body: bytes) -> Answer:
        with self._lock:
            scripted = self.script.pop(0) if self.script else None
        if scripted is None:
            headers = {
                k: v
                for k, v in request.headers.items()
                if k.lower() not in ("host", "content-length")
            }
            forwarded = httpx.request(request.command, self.upstream + request.path, headers=headers,
                                      content=body, timeout=30)  # fmt: skip
            scripted = (forwarded.status_code, {"Content-Type": forwarded.headers.get("content-type", "")},
                        forwarded.content)  # fmt: skip
        self.requests.append((time.monotonic(), request.path, scripted[0]))
        return scripted


def status(code: int, headers: dict[str, str] | None = None) -> Answer:
    body = json.dumps(
        {"error": {"code": "unavailable", "message": "try later", "details": {}}}
    ).encode()
    return code, {"Content-Type": "application/json", **(headers or {})}, body


def html_404(request: BaseHTTPRequestHandler, body: bytes) -> Answer:
    """Any web server that is not AgentTrace."""
    return 404, {"Content-Type": "text/html"}, b"<html><body>Not Found</body></html>"


class FakeOpenAI:
    """``POST /v1/chat/completions`` as OpenAI answers it: JSON, or server-sent events when
    ``stream`` (with a last usage-only chunk when ``stream_options.include_usage``)."""

    MODEL = "gpt-4o-mini-2024-07-18"

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: BaseHTTPRequestHandler, body: bytes) -> Answer:
        asked = json.loads(body)
        self.bodies.append(asked)
        usage = {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12,
                 "prompt_tokens_details": {"cached_tokens": 2}}  # fmt: skip
        base = {"id": "chatcmpl-1", "created": 1700000000, "model": self.MODEL}
        if not asked.get("stream"):
            answer = {**base, "object": "chat.completion", "usage": usage, "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello!"}}]}  # fmt: skip
            return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()
        chunks = [{**base, "object": "chat.completion.chunk",
                   "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                  for piece in ("Hel", "lo", "!")]  # fmt: skip
        if (asked.get("stream_options") or {}).get("include_usage"):
            chunks.append(
                {**base, "object": "chat.completion.chunk", "choices": [], "usage": usage}
            )
        events = "".join(f"data: {json.dumps(chunk)}\n\n" for chunk in chunks) + "data: [DONE]\n\n"
        return 200, {"Content-Type": "text/event-stream"}, events.encode()
