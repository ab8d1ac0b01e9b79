"""Views 7 and 8 in a real Chromium against a real server: a coding-agent run (its replay,
a step, a checkpoint diff, the branch's regressions), prompts (versions, a diff, labels)
and datasets (items, runs, two runs side by side). What the pages show is checked against
what ``/v1`` answers for the same rows."""

from __future__ import annotations

from typing import Any

import httpx

from tests.ui.conftest import expect, screenshot
from tests.ui.seed import Seeded


def steps(page: Any) -> Any:
    return page.get_by_role("table", name="Steps").locator(".vtable-body [role=row]")


def test_the_agent_run_of_a_coding_agent_trace(
    signed_in: Any, seeded: Seeded, project_id: str, api: httpx.Client
) -> None:
    page = signed_in
    page.goto(f"/project/{project_id}/traces/{seeded.agent_trace_id}")
    page.get_by_role("link", name="Agent run").click()
    page.wait_for_url(f"**/traces/{seeded.agent_trace_id}/agent")

    replay = api.get(f"/v1/traces/{seeded.agent_trace_id}/replay").json()
    expect(page.get_by_role("table", name="Steps")).to_have_attribute(
        "aria-rowcount", str(len(replay["events"]))
    )
    summary = page.get_by_label("Run summary")
    expect(summary).to_contain_text("2 file edits")
    expect(summary).to_contain_text("1 failed")
    screenshot(page, "agent-run")

    # A file edit shows the agent's diff; a failed command its exit code and output.
    steps(page).filter(has_text="update src/auth.py").click()
    step = page.get_by_role("complementary", name="Step")
    expect(step.get_by_label("Diff preview")).to_contain_text("raise ValueError('user')")
    steps(page).filter(has_text="pytest").first.click()
    expect(step).to_contain_text("exit code 1")
    expect(step).to_contain_text("FAILED tests/test_auth.py::test_login")
    # An LLM call opens in the observation panel, with its messages.
    steps(page).filter(has_text="plan").click()
    expect(step).to_contain_text("Fix the login crash on an empty user")
    page.keyboard.press("Escape")
    expect(step).to_contain_text("Select a step")

    # Filtering by kind keeps the URL.
    page.get_by_role("checkbox", name="LLM calls").uncheck()
    page.wait_for_url("**hide=llm**")
    expect(steps(page).filter(has_text="plan")).to_have_count(0)

    # The checkpoint diff, as /v1 computes it.
    page.get_by_role("button", name="Diff with “before edit”").click()
    checkpoints = api.get(f"/v1/traces/{seeded.agent_trace_id}/checkpoints").json()["data"]
    by_name = {checkpoint["name"]: checkpoint["id"] for checkpoint in checkpoints}
    rest_diff = api.get(
        f"/v1/checkpoints/{by_name['after edit']}/diff", params={"against": by_name["before edit"]}
    ).json()
    assert rest_diff["added"] == ["tests/test_auth.py"]
    diff = page.get_by_label("Diff of src/auth.py")
    expect(diff).to_contain_text("+    if not user:")
    changed = next(f for f in rest_diff["files"] if f["path"] == "src/auth.py")["diff"]
    added = [line for line in changed.splitlines() if line.startswith("+") and line[:3] != "+++"]
    expect(diff.locator(".diff-add")).to_have_count(len(added))
    expect(page.get_by_label("Diff of tests/test_auth.py")).to_contain_text("+def test_login():")
    page.get_by_label("Diff of src/auth.py").scroll_into_view_if_needed()
    screenshot(page, "checkpoint-diff")

    # Commits, CI runs, and the branch's commits with the server's regressions marked.
    expect(page.get_by_role("table", name="Git commits")).to_contain_text("Guard the empty user")
    expect(page.get_by_role("table", name="CI runs")).to_contain_text("github_actions #4242")
    timeline = api.get("/v1/git-links/timeline", params={"branch": seeded.agent_branch}).json()
    commits = page.get_by_role("table", name="Commits", exact=True)
    expect(commits.locator("tbody tr")).to_have_count(len(timeline["data"]))
    newest = timeline["data"][0]
    assert sorted(newest["regressions"]) == ["cost", "latency"]
    regressed = commits.locator("tr.regressed")
    expect(regressed).to_have_count(1)
    expect(regressed).to_contain_text(newest["commitSha"][:10])
    expect(regressed).to_contain_text("cost ↑")
    expect(regressed).to_contain_text("this run")
    expect(
        page.get_by_role("img", name="Cost per trace").locator(".commit-dot.regression")
    ).to_have_count(1)
    expect(
        page.get_by_role("img", name="Mean latency").locator(".commit-dot.regression")
    ).to_have_count(1)
    commits.scroll_into_view_if_needed()
    screenshot(page, "branch-timeline")

    # The previous commit's run against this one: what changed, as /v1 compares them.
    baseline = timeline["data"][1]["traces"][0]["id"]
    commits.locator("tbody tr").nth(1).get_by_role("link", name="with this run").click()
    page.wait_for_url(f"**/agent-runs/compare?a={baseline}&b={seeded.agent_trace_id}")
    rest = api.post(
        "/v1/replay/compare", json={"traceId1": baseline, "traceId2": seeded.agent_trace_id}
    ).json()
    assert rest["deltas"]["totalCost"] > 0
    compared = page.get_by_role("table", name="Runs compared")
    expect(compared.locator("tr.grew").filter(has_text="Cost")).to_contain_text("+$")
    only_new = page.get_by_role("list", name="Only in the second run")
    added = [d for d in rest["differences"] if d["type"] == "added"]
    expect(only_new.locator("li")).to_have_count(len(added))
    expect(only_new).to_contain_text("update src/auth.py")
    screenshot(page, "agent-compare")


def test_a_trace_without_agent_records_links_no_agent_run(
    signed_in: Any, seeded: Seeded, project_id: str
) -> None:
    page = signed_in
    page.goto(f"/project/{project_id}/traces/{seeded.chat_trace_id}")
    expect(page.get_by_role("button", name="Export JSON")).to_be_visible()
    expect(page.get_by_role("link", name="Agent run")).to_have_count(0)


def test_prompts_versions_labels_and_a_diff(
    signed_in: Any, seeded: Seeded, project_id: str, api: httpx.Client
) -> None:
    page = signed_in
    page.get_by_role("navigation", name="Views").get_by_role("link", name="Prompts").click()
    page.wait_for_url(f"**/project/{project_id}/prompts")
    table = page.get_by_role("table", name="Prompts")
    listed = api.get("/v1/prompts").json()["data"]
    expect(table).to_have_attribute("aria-rowcount", str(len(listed)))
    expect(table).to_contain_text(seeded.prompt_name)
    screenshot(page, "prompts")

    table.locator("[role=row]").filter(has_text=seeded.prompt_name).click()
    page.wait_for_url(f"**/prompts/{seeded.prompt_name}")
    versions = page.get_by_role("table", name="Versions")
    expect(versions.locator("tbody tr")).to_have_count(2)
    expect(versions.locator("tbody tr").first).to_contain_text("staging")
    # The newest version against the one before it: what changed, line by line.
    diff = page.get_by_role("table", name="Prompt diff v1 to v2")
    expect(diff.locator("tr.diff-remove")).to_contain_text("Be brief.")
    expect(diff.locator("tr.diff-add").first).to_contain_text("Be thorough.")
    expect(diff.locator("tr.diff-add").last).to_contain_text("Suggest a test for each bug.")
    expect(page.get_by_role("table", name="Config diff")).to_contain_text("temperature")
    screenshot(page, "prompt-diff")

    # Promote version 2 to production; /v1 serves it under that label.
    page.get_by_label("Version labels").fill("production, staging")
    page.get_by_role("button", name="Save labels").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(versions.locator("tbody tr").first).to_contain_text("production")
    served = api.get(f"/v1/prompts/{seeded.prompt_name}", params={"label": "production"}).json()
    assert served["version"] == 2


def test_datasets_items_runs_and_a_side_by_side_comparison(
    signed_in: Any, seeded: Seeded, project_id: str, api: httpx.Client
) -> None:
    page = signed_in
    page.get_by_role("navigation", name="Views").get_by_role("link", name="Datasets").click()
    page.wait_for_url(f"**/project/{project_id}/datasets")
    table = page.get_by_role("table", name="Datasets")
    table.locator("[role=row]").filter(has_text=seeded.dataset_name).click()
    page.wait_for_url("**/datasets/*")

    items = api.get(f"/v1/datasets/{seeded.dataset_name}/items").json()["data"]
    expect(page.get_by_role("table", name="Items")).to_have_attribute(
        "aria-rowcount", str(len(items))
    )
    expect(page.get_by_role("table", name="Items")).to_contain_text("empty password")
    # An item opens whole beside the list (in the URL).
    page.get_by_role("table", name="Items").locator("[role=row]").filter(has_text="login-1").click()
    page.wait_for_url("**item=login-1**")
    panel = page.get_by_role("complementary", name="Item")
    expect(panel).to_contain_text("empty password")
    expect(panel).to_contain_text("raise ValueError on empty password")
    screenshot(page, "dataset-items")

    page.get_by_role("tab", name="Runs (2)").click()
    runs = page.get_by_role("table", name="Runs")
    expect(runs.locator("tbody tr")).to_have_count(2)
    expect(runs.locator("tbody tr").filter(has_text="with-tests-prompt")).to_contain_text("0.90")
    page.get_by_role("button", name="Compare 2 runs side by side").click()
    page.wait_for_url("**tab=compare**")

    comparison = page.get_by_role("table", name="Run comparison")
    expect(comparison.locator("tbody tr")).to_have_count(len(items))
    first = comparison.locator("tbody tr").first
    expect(first).to_contain_text("empty user")
    expect(first.locator("[data-run=baseline]")).to_contain_text("correct: 0.40")
    # The better run's score is the marked one.
    expect(first.locator("[data-run=with-tests-prompt] .chip.best")).to_contain_text(
        "correct: 0.90"
    )
    expect(first.locator("[data-run=baseline] .chip.best")).to_have_count(0)
    screenshot(page, "dataset-comparison")
