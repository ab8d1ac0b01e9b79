"""Serve the built UI with index.html for client routes, and pass /graphql to a server.

A stand-in for what the agenttrace server will do itself (ui/SERVER_NEEDS.md): it lets the
browser tests run against the built files and a real ``agenttrace serve`` today.
``python -m tests.ui.static_server UPSTREAM [PORT]`` runs it by hand; the tests run it as a
process of its own (``serve_ui_process``), so that it never waits for the test process's
GIL while Playwright is busy, which would show up in the timings.
"""

from __future__ import annotations

import http.client
import mimetypes
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from tests.serving import free_port

STATIC_ROOT = Path(__file__).resolve().parents[2] / "agenttrace" / "web" / "static"
PROXIED = ("/graphql",)
# Request headers passed upstream; the rest (hop-by-hop, Host) are the proxy's own.
FORWARDED_HEADERS = ("authorization", "content-type", "accept")


class Handler(BaseHTTPRequestHandler):
    root: Path
    upstream: tuple[str, int]

    def do_GET(self) -> None:
        if self._proxied():
            self._proxy()
        else:
            self._static()

    def do_POST(self) -> None:
        if self._proxied():
            self._proxy()
        else:
            self.send_error(405)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests' output is pytest's."""

    def _proxied(self) -> bool:
        return urlsplit(self.path).path.startswith(PROXIED)

    def _static(self) -> None:
        path = urlsplit(self.path).path
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.root) or not file.is_file():
            file = self.root / "index.html"
        body = file.read_bytes()
        self.send_response(200)
        self.send_header(
            "Content-Type", mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        )
        self.send_header("Content-Length", str(len(body)))
        hashed = file.parent.name == "assets"
        self.send_header(
            "Cache-Control", "public, max-age=31536000, immutable" if hashed else "no-cache"
        )
        self.end_headers()
        self.wfile.write(body)

    def _proxy(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {
            name: value for name, value in self.headers.items() if name.lower() in FORWARDED_HEADERS
        }
        connection = http.client.HTTPConnection(*self.upstream, timeout=120)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
        finally:
            connection.close()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@contextmanager
def serve_ui(upstream_url: str, port: int = 0, root: Path = STATIC_ROOT) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port unless given) in a thread; yield its URL."""
    upstream = urlsplit(upstream_url)
    handler = type(
        "UiHandler",
        (Handler,),
        {
            "root": root.resolve(),
            "upstream": (upstream.hostname or "127.0.0.1", upstream.port or 80),
        },
    )
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def serve_ui_process(upstream_url: str) -> Iterator[str]:
    """`serve_ui` in a child process; yield its URL once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.static_server", upstream_url, str(port)]
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"the UI server did not start (exit {process.poll()})"
                    ) from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    with serve_ui(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3101) as url:
        sys.stderr.write(f"UI on {url}, /graphql to {sys.argv[1]}\n")
        threading.Event().wait()
