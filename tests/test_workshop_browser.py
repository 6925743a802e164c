"""A workshop in real Chromium: three participants on their own phones, a facilitator settling a split."""
from __future__ import annotations

import pytest
from test_browser import assert_accessible, browser, live_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_three_participants_and_a_facilitator_reach_an_agreed_level(live_server, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    questionnaire = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    section = questionnaire.sections[0]
    split = section.questions[0]
    axe = Axe()

    host = browser.new_context().new_page()
    host.goto(base + "/facilitator/sign-up")
    assert_accessible(host, axe, "sign-up")
    host.get_by_label("Your name").fill("Fran Facilitator")
    host.get_by_label("Email").fill("fran@consult.example")
    host.get_by_label("Password", exact=True).fill("a long enough passphrase")
    host.get_by_label("Repeat the password").fill("a long enough passphrase")
    host.get_by_role("button", name="Create account").click()
    host.get_by_label("Email").fill("fran@consult.example")  # sign-up never signs in (no email enumeration)
    host.get_by_label("Password").fill("a long enough passphrase")
    host.get_by_role("button", name="Sign in").click()
    host.get_by_label("Client organisation").fill("Hooli")
    host.get_by_role("button", name="Create workshop").click()
    host.wait_for_url("**/facilitator/workshops/*/")
    code = host.locator(".join-code").inner_text()
    assert_accessible(host, axe, "dashboard")

    for name, level in (("Gavin", 0), ("Jared", 2), ("Monica", 4)):
        phone = browser.new_context(viewport={"width": 375, "height": 760}, is_mobile=True, has_touch=True).new_page()
        phone.goto(base + "/join")
        phone.get_by_label("Workshop code").fill(code)
        phone.get_by_role("button", name="Go").click()
        phone.get_by_label("Your name").fill(name)
        phone.get_by_role("button", name="Join the workshop").click()
        phone.wait_for_url("**/r/*/")
        phone.goto(phone.url + "s/" + section.id)
        if name == "Gavin":
            assert_accessible(phone, axe, "participant section on a phone")
        phone.locator(f"label[for='{split.id}-{level}']").tap()
        phone.get_by_role("button", name="Save and continue").tap()
        phone.wait_for_url("**/s/" + questionnaire.sections[1].id)
        phone.context.close()

    # The dashboard refreshes itself: the flag appears without a reload.
    host.locator("#flag-heading ~ ul a", has_text=split.text).wait_for(timeout=10000)
    host.get_by_role("link", name="Walk through the questions").click()
    assert host.locator("h1").inner_text() == split.text
    host.get_by_role("link", name="Reveal the answers").click()
    assert host.locator(".distribution").is_visible()
    assert_accessible(host, axe, "presenter view")
    assert host.locator("#agree-2").is_checked()  # the median is offered
    host.locator("label[for='agree-3']").click()
    host.get_by_label("Why (optional)").fill("Charter signed, roll-out pending")
    host.get_by_role("button", name="Record the agreed level").click()

    host.goto(host.url.split("/present/")[0] + "/results")
    row = host.locator("#disagreements tbody tr", has_text=split.text)
    assert row.locator("td").nth(1).inner_text() == "3"
    assert "Charter signed, roll-out pending" in row.inner_text()
    answer = host.locator(".answer-list dt", has_text=split.text).locator("xpath=following-sibling::dd[1]")
    assert answer.inner_text().startswith("3 · Managed")
    host.context.close()
