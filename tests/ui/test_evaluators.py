"""The evaluators view (view 8's third part) in a real Chromium against a real server: the
list (status, outcomes, failures, mean score) and one evaluator's page (its outcomes
explained, its jobs by status with the reason of each), checked against what ``/v1``
answers; and what the evaluator made of a trace, on the trace's page."""

from __future__ import annotations

from typing import Any

import httpx

from tests.ui.conftest import expect, screenshot
from tests.ui.seed import Seeded


def test_the_evaluators_their_outcomes_and_jobs(
    signed_in: Any, seeded: Seeded, project_id: str, api: httpx.Client
) -> None:
    page = signed_in
    [evaluator] = [
        e for e in api.get("/v1/evaluators").json()["data"] if e["name"] == seeded.evaluator_name
    ]
    stats = evaluator["stats"]
    assert (stats["outcomes"]["scored"], stats["outcomes"]["mapping_missing"]) == (4, 1)

    page.get_by_role("navigation", name="Views").get_by_role("link", name="Evaluators").click()
    page.wait_for_url(f"**/project/{project_id}/evaluators")
    row = (
        page.get_by_role("table", name="Evaluators")
        .locator("[role=row]")
        .filter(has_text=seeded.evaluator_name)
    )
    expect(row).to_contain_text("rule")
    expect(row).to_contain_text(evaluator["status"])
    expect(row).to_contain_text(f"scored {stats['outcomes']['scored']}")
    expect(row).to_contain_text("mapping missing 1")
    expect(row).to_contain_text(f"{stats['averageScore']:.3f}")
    screenshot(page, "evaluators")

    row.click()
    page.wait_for_url(f"**/evaluators/{evaluator['id']}")
    outcomes = page.get_by_role("table", name="Outcomes")
    for outcome, count in stats["outcomes"].items():
        label = outcome.replace("_", " ")
        cell = (
            outcomes.locator("tr")
            .filter(has=page.locator(f"th:text-is('{label}')"))
            .locator(".num")
        )
        expect(cell).to_have_text(str(count))
    expect(page.get_by_label("Status", exact=True)).to_have_text(evaluator["status"])
    jobs = api.get("/v1/evaluation-jobs", params={"evaluatorId": evaluator["id"]}).json()["data"]
    expect(page.get_by_role("table", name="Jobs")).to_have_attribute(
        "aria-rowcount", str(len(jobs))
    )
    screenshot(page, "evaluator")

    # The skipped job says why: the trace had nothing at the rule's path.
    [skipped] = [job for job in jobs if job["status"] == "skipped"]
    page.get_by_role("tab", name="skipped (1)").click()
    page.wait_for_url("**status=skipped**")
    table = page.get_by_role("table", name="Jobs")
    expect(table).to_have_attribute("aria-rowcount", "1")
    expect(table).to_contain_text(skipped["traceId"])
    expect(table).to_contain_text(skipped["lastError"])

    # The trace's page says what each evaluator made of it, with why.
    page.get_by_role("tab", name="completed (4)").click()
    page.get_by_role("table", name="Jobs").get_by_role("link", name="review-40").click()
    page.wait_for_url("**/traces/review-40")
    evaluations = page.get_by_role("table", name="Evaluations")
    expect(evaluations).to_contain_text(seeded.evaluator_name)
    expect(evaluations).to_contain_text("scored 0")
