"""The quarterly loop in real headless Chromium: adopt three actions, give them owners, mark one done, start round
two and see the review; axe on every page, and the plan pages on a 390 px phone."""
from __future__ import annotations

import re

import pytest
from factories import adopt_actions, answer_enough, assert_accessible, overflow, owner_link, start_assessment

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _placed(app, organisation: str) -> str:
    client = app.test_client()
    token = start_assessment(client, organisation=organisation, path="quick")
    answer_enough(client, token, app.extensions["questionnaires"]["cs-maturity"])
    return token


def test_adopt_three_actions_assign_owners_mark_one_done_and_see_the_review(live_server, browser, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    token = _placed(app, "Loop Co")
    axe = Axe()
    page = browser.new_page()
    page.goto(f"{base}/r/{token}/results")
    page.get_by_role("link", name="Action plan").click()
    page.wait_for_url("**/plan")
    assert_accessible(page, axe, "empty plan")
    for number in range(3):  # each time, the first roadmap action not yet adopted
        item = page.locator("#adopt .adopt-list > li").first
        title = item.locator(".action-do").inner_text()
        item.locator("summary").click()
        item.get_by_role("button", name="Adopt this action").click()
        page.wait_for_url("**/plan#actions")
        assert page.locator("article.plan-action h3").nth(number).inner_text() == title
    assert page.locator("article.plan-action").count() == 3
    for number, (name, email) in enumerate([("Ann Lee", "ann@loop.example"), ("Bob Park", ""), ("Ann Lee", "")]):
        action = page.locator("article.plan-action").nth(number)
        action.locator(".plan-edit summary").click()
        action.get_by_label("Owner's name").fill(name)
        action.get_by_label("Owner's email (optional)").fill(email)
        if number == 0:
            action.get_by_label("Status").select_option("done")
            action.get_by_label("Evidence link (https://…)").fill("https://wiki.loop.example/charter")
        action.get_by_role("button", name="Save changes").click()
        page.wait_for_url(re.compile(r".*/plan#action-\d+$"))
    assert page.locator(".status-done").count() == 1
    assert page.locator("#owners tbody tr").count() == 2  # Ann (found again by name) and Bob
    assert_accessible(page, axe, "plan with three actions")
    page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)

    page.get_by_role("link", name="Back to the results").click()
    page.get_by_role("button", name="Start a new round").click()
    page.wait_for_url("**/plan/review")
    assert_accessible(page, axe, "review")
    counts = page.locator(".review-counts").inner_text()
    assert "1 done" in counts.replace("\n", " ") and "2 carried into round 2" in counts.replace("\n", " ")
    assert "This round has no stage yet" in page.locator(".review-explanation").inner_text()
    page.get_by_role("link", name="This round's plan").click()
    assert page.locator("article.plan-action").count() == 2  # the two open actions, carried


def test_the_plan_pages_fit_a_phone_and_are_accessible(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    token = _placed(app, "Phone Plan Co")
    client = app.test_client()
    adopt_actions(client, f"/r/{token}", [("Ann Lee", "ann@phone.example"), ("Bob Park", "")])
    link = owner_link(client, f"/r/{token}", "Ann Lee")
    second = re.match(r"/r/([^/]+)/plan/review$", client.post(f"/r/{token}/new-round", data={
        "csrf_token": _csrf(client, f"/r/{token}/results")}).headers["Location"]).group(1)
    axe = Axe()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    too_wide = []
    for label, path in (("targets", f"/r/{token}/targets"), ("plan", f"/r/{token}/plan"),
                        ("reviewed plan", f"/r/{token}/plan"), ("review", f"/r/{second}/plan/review"),
                        ("round 2 plan", f"/r/{second}/plan"), ("owner page", link),
                        ("results with the plan", f"/r/{token}/results")):
        response = page.goto(base + path)
        assert response.status == 200, f"{label}: {response.status}"
        for summary in page.locator("details summary").all()[:3]:
            summary.click()  # the edit forms open as well
        if wider := overflow(page):
            too_wide.append(f"{label} ({wider}px too wide)")
        assert_accessible(page, axe, f"{label} on a phone")
    assert not too_wide, "wider than a 390px phone: " + ", ".join(too_wide)
    context.close()


def _csrf(client, url):
    from factories import csrf_token

    return csrf_token(client, url)
