"""A workshop in real Chromium: eight participants on phones (three executives), the facilitator fixing the groups
and presenting with the keyboard, consensus recorded with nothing pre-selected, the session closed, the charter
built and shared."""
from __future__ import annotations

import re

import pytest
from factories import assert_accessible

from app import store

pytestmark = pytest.mark.browser
# (name, department, level label, answer to the split question)
PEOPLE = (("Gavin", "general_management", "Executive (C-level or VP)", 0), ("Jared", "sales", "Executive (C-level or VP)", 1),
          ("Laurie", "customer_success", "Executive (C-level or VP)", 1),
          ("Monica", "customer_success", "Head of a department", 4), ("Dinesh", "customer_success", "Individual contributor", 4),
          ("Erlich", "sales", "Manager or team lead", 3), ("Big Head", "product", "Individual contributor", 4),
          ("Jian", "support", "Individual contributor", 3))


def _sign_up_and_in(host, base):
    host.goto(base + "/facilitator/sign-up")
    host.get_by_label("Your name").fill("Fran Facilitator")
    host.get_by_label("Email").fill("fran@consult.example")
    host.get_by_label("Password", exact=True).fill("a long enough passphrase")
    host.get_by_label("Repeat the password").fill("a long enough passphrase")
    host.get_by_role("button", name="Create account").click()
    host.get_by_label("Email").fill("fran@consult.example")  # sign-up never signs in (no email enumeration)
    host.get_by_label("Password").fill("a long enough passphrase")
    host.get_by_role("button", name="Sign in").click()


def _rest_of_the_answers(app, token, questionnaire, level):
    """The other sections, saved directly: the phones above already showed answering works."""
    with app.app_context():
        from app.db import get_db

        respondent = store.respondent_by_token(get_db(), token)
        store.save_answers(get_db(), respondent.id, {q.id: (min(level, q.max_value), "")
                                                     for s in questionnaire.sections[1:] for q in s.questions})


def _phone(browser):  # noqa: F811
    return browser.new_context(viewport={"width": 375, "height": 760}, is_mobile=True, has_touch=True).new_page()


def test_a_workshop_from_phones_to_a_shared_charter(live_server, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    questionnaire = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    section, split = questionnaire.sections[0], questionnaire.sections[0].questions[0]
    axe = Axe()
    host = browser.new_context().new_page()
    _sign_up_and_in(host, base)
    host.get_by_label("Client organisation").fill("Hooli")
    host.get_by_role("button", name="Create workshop").click()
    host.wait_for_url("**/facilitator/workshops/*/")
    dashboard, code = host.url, host.locator(".join-code").inner_text()

    for i, (name, department, rank, level) in enumerate(PEOPLE):
        phone = _phone(browser)
        phone.goto(base + "/join")
        phone.get_by_label("Workshop code").fill(code)
        phone.get_by_role("button", name="Go").click()
        phone.get_by_label("Your name").fill(name)
        phone.get_by_label("Your department").select_option(department)
        phone.get_by_label(rank).check()
        phone.get_by_role("button", name="Join the workshop").click()
        phone.wait_for_url("**/r/*/")
        token = re.search(r"/r/([^/]+)/", phone.url).group(1)
        phone.goto(phone.url + "s/" + section.id)
        if i == 0:
            assert_accessible(phone, axe, "participant section on a phone")
        phone.locator(f"label[for='{split.id}-{level}']").tap()
        phone.get_by_role("button", name="Save and continue").tap()
        phone.wait_for_url("**/s/" + questionnaire.sections[1].id)
        phone.context.close()
        _rest_of_the_answers(app, token, questionnaire, 2 if rank.startswith("Executive") else 1)

    # The dashboard refreshes itself: who answered appears without a reload, their answers only once fixed.
    host.locator(".team-summary", has_text="8 participants answered").wait_for(timeout=10000)
    assert host.locator(".heatmap").count() == 0
    host.get_by_role("button", name="Show the team's answers (8 answered)").click()
    assert host.locator(".heatmap thead th", has_text="Executives (3)").count() == 1
    assert host.locator(".heatmap thead th", has_text="Everyone else (5)").count() == 1
    assert host.locator("form[action$='/invites']").count() == 0  # private controls stay off the screen
    assert_accessible(host, axe, "dashboard")

    host.get_by_role("link", name="Walk through the questions").click()
    assert host.locator("h1").inner_text() == split.text  # the widest spread comes first
    assert host.locator(".site-header").count() == 0  # the projector layout has no site chrome
    assert "0 of" in host.locator(".settled").inner_text()
    host.keyboard.press("r")
    host.locator(".presenter-reveal .distribution-chart").wait_for()
    assert "between" in host.locator(".presenter-median").inner_text() or "level" in host.locator(".presenter-median").inner_text()
    assert host.locator("input[name=value]:checked").count() == 0  # nothing chosen before the room decides
    assert_accessible(host, axe, "presenter after the reveal")
    host.keyboard.press("3")
    host.keyboard.press("Enter")
    host.wait_for_url(re.compile(r".*/present/(?!" + re.escape(split.id) + r"$)[^/?]+$"))
    assert "1 of" in host.locator(".settled").inner_text()
    host.keyboard.press("p")
    host.wait_for_url("**/present/" + split.id)
    assert host.locator("#agree-3").is_checked()  # the recorded level, and only that, shows as chosen
    host.keyboard.press("n")
    host.wait_for_url(re.compile(r".*/present/(?!" + re.escape(split.id) + r"$)[^/?]+$"))

    host.goto(dashboard + "manage")
    assert_accessible(host, axe, "settings")
    host.get_by_role("button", name="Close the session").click()
    late = _phone(browser)
    late.goto(base + "/w/" + code)
    assert late.locator("h1").inner_text() == "This session has ended"
    late.context.close()

    host.goto(dashboard + "results")
    assert "8 participants answered" in host.locator("#team-view").inner_text()
    host.get_by_role("link", name="Build the team's charter").click()
    assert "charter" in host.locator("h1").inner_text().lower()
    host.goto(dashboard + "results")
    host.get_by_role("link", name="Share a read-only link").click()
    host.get_by_label("Who is this link for? (optional)").fill("Hooli board")
    host.get_by_role("button", name="Create link").click()
    shared = host.locator("#new-link").input_value()
    viewer = browser.new_context().new_page()
    viewer.goto(shared)
    assert "Hooli" in viewer.locator("h1").first.inner_text()
    viewer.context.close()
    host.context.close()
