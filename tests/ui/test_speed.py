"""The speed budget, measured in the browser from the start of navigation.

Figures are kept in screenshots/timings.json; ui/README.md reports them against the budget.
The machine's 2 cores are shared with other work, whose load stretches every figure, so a
test fails only past ALLOWANCE times its budget: a regression, not a busy neighbour.
"""

from __future__ import annotations

import json
import re
import statistics
from typing import Any

from tests.ui.conftest import expect, record_timing, screenshot
from tests.ui.seed import BIG_TRACE_OBSERVATIONS, Seeded

LIST_BUDGET_MS = 300
TREE_BUDGET_MS = 1500
LONG_TASK_BUDGET_MS = 100
SAMPLES = 7
ALLOWANCE = 3
# Opening a multi-MB field: the response is parsed once; nothing may stall longer.
FREEZE_BUDGET_MS = 250

# From the page's first moment: long tasks (main-thread work over 50 ms), and when the
# first element matching each watched selector was painted (the frame after it appeared).
WATCH_PAGE = """
window.__longTasks = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) window.__longTasks.push({start: entry.startTime, duration: entry.duration});
}).observe({type: 'longtask', buffered: true});
window.__painted = {};
window.__watch = {SELECTORS};
new MutationObserver(() => {
  for (const selector of window.__watch) {
    if (selector in window.__painted || !document.querySelector(selector)) continue;
    window.__painted[selector] = null;
    requestAnimationFrame(() => { window.__painted[selector] = performance.now(); });
  }
}).observe(document, {childList: true, subtree: true});
"""
LIST_ROW = ".vtable-body [role=row]"
TREE_ROW = "[role=tree] [role=treeitem]"


def watch(page: Any) -> None:
    page.add_init_script(WATCH_PAGE.replace("{SELECTORS}", json.dumps([LIST_ROW, TREE_ROW])))


def painted(page: Any, selector: str) -> float:
    """Milliseconds from the start of navigation to the frame that showed `selector`."""
    page.wait_for_function("s => window.__painted[s] != null", arg=selector)
    return float(page.evaluate("s => window.__painted[s]", selector))


def fully_loaded(page: Any, status: str) -> float:
    """Milliseconds from navigation to the frame where the tree's status first read
    `status` (every observation placed), checked on each animation frame."""
    page.wait_for_function(
        """text => {
          const found = document.querySelector('[aria-label="Tree loading"]');
          if (found && found.textContent === text) window.__loadedAt ??= performance.now();
          return window.__loadedAt != null;
        }""",
        arg=status,
        polling="raf",
        timeout=30_000,
    )
    return float(page.evaluate("window.__loadedAt"))


def since_navigation(page: Any) -> float:
    return float(page.evaluate("performance.now()"))


def test_trace_list_first_rows(signed_in: Any, project_id: str) -> None:
    """The median of several loads: one load on a shared 2-core machine is mostly noise."""
    page = signed_in
    watch(page)
    samples = []
    for _ in range(SAMPLES):
        page.goto(f"/project/{project_id}/traces")
        samples.append(painted(page, LIST_ROW))
    first_rows = statistics.median(samples)
    record_timing("trace list: first rows after navigation, median (ms)", first_rows)
    record_timing("trace list: first rows after navigation, slowest (ms)", max(samples))
    assert first_rows < LIST_BUDGET_MS * ALLOWANCE, f"first rows after {sorted(samples)} ms"


def test_a_20000_observation_trace(signed_in: Any, seeded: Seeded, project_id: str) -> None:
    page = signed_in
    watch(page)
    page.goto(f"/project/{project_id}/traces/{seeded.big_trace_id}")
    tree = page.get_by_role("tree", name="Observations")
    visible = painted(page, TREE_ROW)
    record_timing("20k trace: tree visible after navigation (ms)", visible)
    loaded = fully_loaded(page, f"{BIG_TRACE_OBSERVATIONS:,} observations")
    record_timing("20k trace: whole tree loaded after navigation (ms)", loaded)
    while_loading = [
        task["duration"] for task in page.evaluate("window.__longTasks") if task["start"] <= loaded
    ]
    record_timing("20k trace: longest task while loading (ms)", max(while_loading, default=0.0))
    assert visible < TREE_BUDGET_MS * ALLOWANCE, f"tree visible after {visible:.0f} ms"
    # The budget holds for the whole tree, not only its first rows (one skeleton request).
    assert loaded < TREE_BUDGET_MS * ALLOWANCE, f"whole tree loaded after {loaded:.0f} ms"

    # Jump to errors: the first one opens where it is, selected and on screen.
    page.get_by_role("button", name="Next error (e) · 20").click()
    selected = tree.locator("[role=treeitem][aria-selected=true]")
    expect(selected).to_have_class("tree-row error")
    expect(page.get_by_role("complementary", name="Observation")).to_contain_text("command failed")
    screenshot(page, "trace-20000")

    # Scroll through the whole tree; no main-thread task may take long.
    scrolled_from = since_navigation(page)
    box = tree.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(60):
        page.mouse.wheel(0, 4000)
        page.wait_for_timeout(16)
    page.evaluate("document.querySelector('[role=tree]').scrollTop = 10_000_000")
    page.wait_for_timeout(300)
    rows_at_end = tree.get_by_role("treeitem").last.get_attribute("data-id")
    assert rows_at_end, "no row rendered at the end of the tree"
    tasks = page.evaluate("window.__longTasks")
    while_scrolling = [task["duration"] for task in tasks if task["start"] >= scrolled_from]
    longest = max(while_scrolling, default=0.0)
    record_timing("20k trace: longest task while scrolling (ms)", longest)
    assert longest <= LONG_TASK_BUDGET_MS * ALLOWANCE, f"a {longest:.0f} ms task while scrolling"
    # Every row is one tree item and none is drawn off screen: the DOM stays small.
    assert tree.get_by_role("treeitem").count() < 120


def test_a_5_mb_output_opens_as_a_preview_without_freezing(
    signed_in: Any, seeded: Seeded, project_id: str
) -> None:
    page = signed_in
    watch(page)
    page.goto(f"/project/{project_id}/traces/{seeded.large_trace_id}")
    page.get_by_role("tree", name="Observations").get_by_role("treeitem").first.wait_for()
    opened_at = since_navigation(page)
    page.get_by_role("treeitem").filter(has_text="dump").click()
    panel = page.get_by_role("complementary", name="Observation")
    download = panel.get_by_role("button", name="Download the whole field")
    expect(download).to_be_visible(timeout=15_000)
    expect(panel.locator(".preview-block")).to_contain_text("lorem ipsum")
    expect(panel).to_contain_text(re.compile(r"This field is [45]\.\d MB"))
    shown = since_navigation(page)
    record_timing("5 MB output: preview shown after the click (ms)", shown - opened_at)
    tasks = page.evaluate("window.__longTasks")
    longest = max((task["duration"] for task in tasks if task["start"] >= opened_at), default=0.0)
    record_timing("5 MB output: longest task while opening its preview (ms)", longest)
    screenshot(page, "large-output")
    # The whole field downloads from the REST route, never loaded into the page.
    with page.expect_download() as saved:
        download.click()
    assert saved.value.suggested_filename == f"observation-{seeded.large_generation_id}-output.json"
    assert longest <= FREEZE_BUDGET_MS * ALLOWANCE, (
        f"a {longest:.0f} ms task while opening the field"
    )
