"""Browser tests of the built UI: Debian's Chromium, driven by Playwright, against a real
``agenttrace serve`` with seeded data.

Without /usr/bin/chromium, the playwright package or a built UI (``cd ui && npm ci && npm
run build``) the tests are skipped; under ``CI=true`` that is a failure.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ui_ready fixture skips (or fails under CI=true) and says why
    expect = None

from agenttrace.web.static import BUILD
from tests.serving import RunningServer, serve
from tests.ui.seed import Seeded, seed

CHROMIUM = "/usr/bin/chromium"
# Flags for a closed network: no background requests to hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PUBLIC_KEY = "pk-at-ui-tests-0000000000000000"
SECRET_KEY = "sk-at-ui-tests-0000000000000000"
SCREENSHOTS = Path(__file__).parent / "screenshots"
VIEWPORT = {"width": 1440, "height": 900}


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is missing (pip install -e '.[dev]')"
    if not (BUILD / "index.html").exists():
        return f"the UI is not built into {BUILD} (make ui)"
    return None


@pytest.fixture(scope="session")
def ui_ready() -> None:
    missing = _missing()
    if missing is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI=true: {missing}")
    pytest.skip(missing)


@pytest.fixture(scope="session")
def server(ui_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    database = tmp_path_factory.mktemp("ui") / "agenttrace.db"
    with serve(
        f"sqlite:///{database}",
        AGENTTRACE_INIT_PROJECT_NAME="ui-tests",
        AGENTTRACE_INIT_PUBLIC_KEY=PUBLIC_KEY,
        AGENTTRACE_INIT_SECRET_KEY=SECRET_KEY,
    ) as running:
        yield running


@pytest.fixture(scope="session")
def seeded(server: RunningServer) -> Seeded:
    return seed(server.url, PUBLIC_KEY, SECRET_KEY)


@pytest.fixture(scope="session")
def api(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {SECRET_KEY}"}
    ) as client:
        yield client


@pytest.fixture(scope="session")
def project_id(api: httpx.Client) -> str:
    return str(api.get("/v1/projects/current").json()["id"])


@pytest.fixture(scope="session")
def ui_url(server: RunningServer, seeded: Seeded) -> str:
    """The server itself serves the built UI at its root."""
    return server.url


@pytest.fixture(scope="package")
def browser(ui_ready: None) -> Iterator[Any]:
    """Package-scoped: Playwright's sync API keeps an event loop running in this thread
    until it stops, and the asynchronous tests that come after tests/ui need none."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, ui_url: str) -> Iterator[Any]:
    """A fresh tab (own session storage) that fails the test on any request to another host.

    Requests are watched, not intercepted: interception would bypass the browser's cache
    and pass every request through this process, skewing the timings.
    """
    context = browser.new_context(base_url=ui_url, viewport=VIEWPORT)
    foreign: list[str] = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((ui_url, "data:", "blob:"))
            else foreign.append(request.url)
        ),
    )
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not foreign, f"the UI asked another host: {foreign}"
    assert not errors, f"the page threw: {errors}"


@pytest.fixture
def signed_in(page: Any, project_id: str) -> Any:
    """`page` signed in with the seeded key, on the trace list."""
    page.goto("/sign-in")
    page.get_by_label("Secret key").fill(SECRET_KEY)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/project/{project_id}/traces")
    return page


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def record_timing(name: str, milliseconds: float) -> None:
    """Keep a measured figure in screenshots/timings.json (what ui/README.md reports)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / "timings.json"
    timings = json.loads(path.read_text()) if path.exists() else {}
    timings[name] = round(milliseconds, 1)
    path.write_text(json.dumps(timings, indent=2) + "\n")
