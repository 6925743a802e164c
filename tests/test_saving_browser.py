"""Saving in real Chromium: a refresh mid-save keeps the answer, two tabs show a conflict, leaving asks first."""
from __future__ import annotations

import re

import pytest
from factories import SAVED_CUE, assert_accessible, saved_answers, start_in_browser

pytestmark = pytest.mark.browser


def _start(page, base, organisation):
    url = start_in_browser(page, base, organisation, "Rita", "customer_success", "Head of a department")
    return re.search(r"/r/([^/]+)/", url).group(1)


def test_a_refresh_right_after_a_click_keeps_the_answer(live_server, browser):
    base, app = live_server
    questionnaire = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    context = browser.new_context()
    page = context.new_page()
    token = _start(page, base, "Refresh Ltd")
    question = questionnaire.sections[0].questions[0]
    page.goto(f"{base}/r/{token}/s/{questionnaire.sections[0].id}")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.locator(f"label[for={question.id}-3]").click()
    page.reload()  # within the autosave's delay: the save had not even gone out
    assert asked == ["beforeunload"]  # the page asked before leaving with an unsaved answer
    page.locator(".saved-cue", has_text=SAVED_CUE).first.wait_for(timeout=5000)  # replayed from the browser's queue
    assert page.locator(f"#{question.id}-3").is_checked()
    assert saved_answers(app, token)[question.id]["value"] == 3
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('csm-pending:')).length") == 0
    page.reload()  # nothing pending: no question asked
    assert asked == ["beforeunload"]
    context.close()


def test_two_tabs_show_a_conflict_and_keep_the_chosen_answer(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    questionnaire = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    context = browser.new_context()
    first = context.new_page()
    token = _start(first, base, "Two Tabs plc")
    section = questionnaire.sections[0]
    question = section.questions[0]
    url = f"{base}/r/{token}/s/{section.id}"
    first.goto(url)
    second = context.new_page()
    second.goto(url)
    first.locator(f"label[for={question.id}-4]").click()
    first.locator(".saved-cue", has_text=SAVED_CUE).first.wait_for(timeout=5000)
    second.locator(f"label[for={question.id}-1]").click()  # the stale tab
    box = second.locator(f"[data-conflict='{question.id}']")
    box.wait_for(timeout=5000)
    assert "Level 4" in box.locator("dd").nth(0).inner_text() and "Level 1" in box.locator("dd").nth(1).inner_text()
    assert saved_answers(app, token)[question.id]["value"] == 4  # nothing overwritten
    assert_accessible(second, Axe(), "section with a conflict")
    box.get_by_role("button", name="Keep mine").click()
    # Exactly "Saved": has_text matches any case, and "Not saved: this answer changed elsewhere" holds "saved".
    second.locator(".saved-cue", has_text=SAVED_CUE).first.wait_for(timeout=5000)
    assert saved_answers(app, token)[question.id]["value"] == 1
    assert second.locator("[data-conflict]").count() == 0
    context.close()
