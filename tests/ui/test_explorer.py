"""What a person does in the explorer, in a real Chromium against a real server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.ui.conftest import SECRET_KEY, expect, screenshot
from tests.ui.seed import Seeded

UNKNOWN = "\N{EN DASH}"  # what the UI shows for a number it does not know


def rows(page: Any) -> Any:
    return page.get_by_role("table", name="Traces").locator(".vtable-body [role=row]")


def test_sign_in_then_list_and_sign_out(page: Any, project_id: str) -> None:
    page.goto("/")
    page.wait_for_url("**/sign-in")
    screenshot(page, "sign-in")
    page.get_by_label("Secret key").fill("sk-at-not-a-key-000000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("refused this key")

    page.get_by_label("Public key").fill("pk-at-ui-tests-0000000000000000")
    page.get_by_label("Secret key").fill(SECRET_KEY)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/project/{project_id}/traces")
    expect(rows(page).first).to_be_visible()
    assert (
        json.loads(page.evaluate("sessionStorage.getItem('agenttrace.credentials')"))["secretKey"]
        == SECRET_KEY
    )

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in?reason=signed-out")
    assert page.evaluate("sessionStorage.getItem('agenttrace.credentials')") is None


def test_a_refused_key_returns_to_sign_in_with_the_reason(page: Any, project_id: str) -> None:
    page.goto("/sign-in")
    page.evaluate(
        """projectId => sessionStorage.setItem('agenttrace.credentials', JSON.stringify(
            {secretKey: 'sk-at-revoked-000000000000', publicKey: null, projectId, projectName: 'x'}))""",
        project_id,
    )
    page.goto(f"/project/{project_id}/traces/chat-weather")
    page.wait_for_url("**/sign-in?reason=expired&next=*")
    expect(page.get_by_role("status")).to_contain_text("expired or been revoked")
    page.get_by_label("Secret key").fill(SECRET_KEY)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/project/{project_id}/traces/chat-weather")


def test_list_filters_live_in_the_url(signed_in: Any, seeded: Seeded, project_id: str) -> None:
    page = signed_in
    table = page.get_by_role("table", name="Traces")
    expect(page.get_by_text(f"{seeded.trace_count} traces")).to_be_visible()
    expect(table).to_contain_text("weather-chat")
    # An unpriced model's cost is unknown: a dash, never $0.
    unpriced = rows(page).filter(has_text="code-review").filter(has_text="dave").first
    expect(unpriced.locator("[role=cell]").nth(7)).to_have_text(UNKNOWN)
    # Score chips and previews arrive with the rows.
    chat = rows(page).filter(has_text="What is the weather in Paris?")
    expect(chat).to_contain_text("helpfulness: 0.90")
    screenshot(page, "trace-list")

    # Pages after the first arrive as the list scrolls (keyset paging with `after`).
    for _ in range(10):
        if table.get_attribute("aria-rowcount") == str(seeded.trace_count):
            break
        table.locator(".vtable-body").evaluate("body => body.scrollTop = body.scrollHeight")
        page.wait_for_timeout(200)
    expect(table).to_have_attribute("aria-rowcount", str(seeded.trace_count))

    filters = page.get_by_role("form", name="Filters")
    filters.get_by_label("User").fill("bob")
    filters.get_by_label("User").press("Enter")
    page.wait_for_url("**user=bob")
    filters.get_by_label("Level").select_option("ERROR")
    page.wait_for_url("**level=ERROR")
    expect(page.get_by_text(f"{seeded.bob_error_traces} traces")).to_be_visible()
    users = rows(page).locator("[role=cell]:nth-child(11)").all_inner_texts()
    assert users
    assert set(users) == {"bob"}

    # The URL alone reproduces the list.
    page.goto(f"/project/{project_id}/traces?user=bob&level=ERROR&cols=time,name,user")
    expect(page.get_by_text(f"{seeded.bob_error_traces} traces")).to_be_visible()
    expect(table.get_by_role("columnheader")).to_have_count(3)


def test_search_and_the_new_filters_match_v1(
    signed_in: Any, seeded: Seeded, project_id: str, api: httpx.Client
) -> None:
    page = signed_in
    filters = page.get_by_role("form", name="Filters")
    filters.get_by_label("Search").fill("weather paris")
    filters.get_by_label("Search").press("Enter")
    page.wait_for_url("**q=weather+paris")
    found = api.get("/v1/traces", params={"search": "weather paris"}).json()["data"]
    assert seeded.chat_trace_id in {trace["id"] for trace in found}
    expect(
        page.get_by_text(f"{len(found)} trace" + ("" if len(found) == 1 else "s"))
    ).to_be_visible()
    expect(rows(page)).to_have_count(len(found))
    expect(rows(page).first).to_contain_text("weather")
    screenshot(page, "trace-search")

    # Models are offered from the project's own, and combine with the search.
    page.goto(f"/project/{project_id}/traces?model=claude-3-5-sonnet-20241022&level=WARNING,ERROR")
    by_model = api.get(
        "/v1/traces", params={"models": "claude-3-5-sonnet-20241022", "levels": "warning,error"}
    ).json()["data"]
    expect(page.get_by_role("table", name="Traces")).to_have_attribute(
        "aria-rowcount", str(len(by_model))
    )
    options = page.locator("#choices-models option")
    expect(options.first).to_be_attached()
    assert "gpt-4o" in [options.nth(i).get_attribute("value") for i in range(options.count())]


def test_keys_open_and_close(signed_in: Any, project_id: str) -> None:
    page = signed_in
    expect(rows(page).first).to_be_visible()
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(rows(page).nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/project/{project_id}/traces/*")
    page.get_by_role("treeitem").first.wait_for()
    page.keyboard.press("j")
    expect(page.get_by_role("treeitem").first).to_have_attribute("aria-selected", "true")
    assert "observation=" in page.url
    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "observation=" not in url)
    page.keyboard.press("Escape")
    page.wait_for_url(f"**/project/{project_id}/traces")


def test_open_a_trace_and_a_generations_chat(signed_in: Any, seeded: Seeded) -> None:
    page = signed_in
    rows(page).filter(has_text="What is the weather in Paris?").click()
    page.wait_for_url(f"**/traces/{seeded.chat_trace_id}")
    tree = page.get_by_role("tree", name="Observations")
    expect(tree.get_by_role("treeitem")).to_have_count(3)
    expect(page.get_by_text("3 observations").first).to_be_visible()

    tree.get_by_role("treeitem").filter(has_text="answer").click()
    page.wait_for_url(f"**observation={seeded.chat_generation_id}")
    panel = page.get_by_role("complementary", name="Observation")
    messages = panel.locator(".message")
    expect(messages).to_have_count(4)
    assert messages.evaluate_all("ms => ms.map(m => m.dataset.role)") == [
        "system",
        "user",
        "assistant",
        "assistant",
    ]
    call = panel.locator('[data-call-id="call_weather_1"]')
    expect(call).to_contain_text("get_weather")
    expect(call.locator(".tool-result")).to_contain_text("temp_c")
    expect(messages.last).to_contain_text("It is 18 °C in Paris.")
    expect(panel).to_contain_text("correct: True")
    screenshot(page, "trace-detail")

    # The first generation lists the tools it was offered, and its parameters.
    tree.get_by_role("treeitem").filter(has_text="plan").click()
    expect(panel).to_contain_text("1 tool available: get_weather")
    expect(panel).to_contain_text("temperature")


def test_export_a_trace_as_json(signed_in: Any, seeded: Seeded, project_id: str) -> None:
    page = signed_in
    page.goto(f"/project/{project_id}/traces/{seeded.chat_trace_id}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    assert download.value.suggested_filename == f"trace-{seeded.chat_trace_id}.json"
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["trace"]["id"] == seeded.chat_trace_id
    assert exported["trace"]["input"] == "What is the weather in Paris?"
    assert [o["id"] for o in exported["observations"]] == [
        "chat-weather-llm-1",
        "chat-weather-tool",
        "chat-weather-llm-2",
    ]
    assert exported["observations"][0]["input"]["tools"][0]["function"]["name"] == "get_weather"
    assert {score["name"] for score in exported["scores"]} >= {"helpfulness", "correct"}


def test_add_a_score_and_read_it_through_v1(
    signed_in: Any, seeded: Seeded, project_id: str, api: httpx.Client
) -> None:
    page = signed_in
    page.goto(
        f"/project/{project_id}/traces/{seeded.chat_trace_id}?observation={seeded.chat_generation_id}"
    )
    form = page.get_by_role("form", name="Score this observation")
    form.get_by_label("Score name").fill("tone")
    form.get_by_label("Score type").select_option("CATEGORICAL")
    form.get_by_label("Score value").fill("friendly")
    form.get_by_label("Comment").fill("checked by hand")
    form.get_by_role("button", name="Add score").click()
    expect(form.get_by_role("status")).to_have_text("Saved tone.")
    expect(page.get_by_role("complementary", name="Observation")).to_contain_text("tone: friendly")

    scores = api.get("/v1/scores", params={"traceId": seeded.chat_trace_id}).json()["data"]
    tone = next(score for score in scores if score["name"] == "tone")
    assert tone["source"] == "ANNOTATION"
    assert tone["stringValue"] == "friendly"
    assert tone["observationId"] == seeded.chat_generation_id
    assert tone["comment"] == "checked by hand"


def test_open_a_session_as_a_conversation(signed_in: Any, seeded: Seeded, project_id: str) -> None:
    page = signed_in
    page.get_by_role("link", name="Sessions").click()
    sessions = page.get_by_role("table", name="Sessions")
    session_row = sessions.get_by_role("row").filter(has_text=seeded.session_id)
    expect(session_row).to_contain_text("alice")
    screenshot(page, "sessions")
    session_row.click()
    page.wait_for_url(f"**/sessions/{seeded.session_id}")
    turns = page.get_by_role("list", name="Turns").locator(".turn")
    expect(turns).to_have_count(seeded.session_turns)
    expect(turns.first).to_contain_text("What is the weather in Paris?")
    expect(turns.first).to_contain_text("It is 18 °C in Paris.")
    expect(turns.nth(1)).to_contain_text("And tomorrow?")
    expect(turns.nth(2)).to_contain_text("You are welcome.")
    screenshot(page, "session")
    turns.first.get_by_role("link").click()
    page.wait_for_url(f"**/traces/{seeded.chat_trace_id}")


def test_dashboard(signed_in: Any, seeded: Seeded, project_id: str) -> None:
    page = signed_in
    page.goto(f"/project/{project_id}/dashboard?range=30d")
    cards = page.locator(".card")
    expect(cards.filter(has_text="Traces")).to_contain_text(str(seeded.trace_count))
    expect(cards.filter(has_text="Error rate")).to_contain_text("%")
    expect(page.get_by_role("img", name="Cost")).to_be_visible()
    models = page.locator("table.models")
    expect(models).to_contain_text("gpt-4o-mini")
    # No price for this model: its cost is unknown, not $0.
    expect(
        models.get_by_role("row").filter(has_text="in-house-reviewer").locator("td").last
    ).to_have_text(UNKNOWN)
    screenshot(page, "dashboard")
