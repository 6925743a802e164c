"""The presenter on a 1920 x 1080 projector in real Chromium: an answer given on a phone appears without a reload,
every label is at least 24 px, one question fits the screen, the keys work and nothing is chosen for the room."""
from __future__ import annotations

import os
import re
import tempfile

import pytest
from factories import assert_accessible
from werkzeug.security import generate_password_hash

from app import store
from app.store import lifecycle

pytestmark = pytest.mark.browser
PASSWORD = "a facilitator passphrase for the projector 9"
PROJECTOR = {"width": 1920, "height": 1080}
MIN_PX = 24
# Every piece of text shown in the page, with its size in CSS pixels as drawn (an SVG label scaled with its chart).
TEXT_SIZES = """() => {
  const found = [], walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement, text = walker.currentNode.textContent.trim();
    if (!text || el.closest(".visually-hidden, title, desc")) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const size = parseFloat(getComputedStyle(el).fontSize) * (el instanceof SVGElement ? el.getScreenCTM().a : 1);
    found.push([text.slice(0, 40), size]);
  }
  for (const el of document.querySelectorAll("main input[type=submit], main button:not([hidden]), main textarea")) {
    found.push([el.value || el.textContent || el.name, parseFloat(getComputedStyle(el).fontSize)]);
  }
  return found;
}"""


def _setup(app, people):
    """A signed-up facilitator and a quick-path workshop split by department (floor 3), `people` of whom answered,
    its groups fixed (team figures show from then on)."""
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]
    with app.app_context():
        from app.db import get_db

        db = get_db()
        facilitator = store.create_facilitator(db, "pia@consult.example", "Pia", generate_password_hash(PASSWORD))
        workshop, _ = store.create_workshop(db, facilitator.id, "Pied Piper", questionnaire.id, questionnaire.version,
                                            "quick")
        db.execute("update workshops set grouping = 'departments', anonymity_floor = 3 where assessment_id = ?",
                   [workshop.assessment_id])
        db.conn.commit()
        quick = questionnaire.for_path("quick")
        for i, (department, level) in enumerate(people):
            rid, _ = store.join_workshop(db, workshop.assessment_id, f"Person {i}", department=department,
                                         level="manager")
            store.save_answers(db, rid, {qid: (min(level, q.max_value), "") for qid, q in quick.questions.items()})
        lifecycle.fix_groups(db, workshop.assessment_id)
    return workshop, quick


def _sign_in(page, base):
    page.goto(base + "/facilitator/sign-in")
    page.get_by_label("Email").fill("pia@consult.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/facilitator/")


def _fits_and_reads(page, label):
    """One screen, no scrolling, and no text under 24 px."""
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert size[0] <= PROJECTOR["width"] and size[1] <= PROJECTOR["height"], (label, size)
    sizes = page.evaluate(TEXT_SIZES)
    assert len(sizes) > 20, sizes  # the question, the nav, the levels, the chart's labels...
    small = [(text, round(px, 1)) for text, px in sizes if px < MIN_PX]
    assert not small, (label, small)


def test_the_projector_shows_answers_as_they_arrive(live_server, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    people = [("sales", 0), ("sales", 1), ("sales", 4), ("support", 3), ("support", 4), ("support", 2)]
    workshop, quick = _setup(app, people)
    section = quick.sections[0]
    first = section.questions[0]
    longest = max(quick.questions.values(), key=lambda q: sum(len(lv.label) for lv in q.levels))
    host = browser.new_context(viewport=PROJECTOR).new_page()
    _sign_in(host, base)
    present = f"{base}/facilitator/workshops/{workshop.assessment_id}/present/"

    host.goto(present + first.id)
    host.evaluate("window.notReloaded = true")
    count = host.locator(".room-count")
    assert count.inner_text() == "6 of 6 people answered"
    assert host.locator("input[name=value]:checked").count() == 0  # nothing chosen before the room decides
    assert host.locator(".presenter-chart").count() == 0  # the distribution stays hidden until the reveal
    _fits_and_reads(host, "before the reveal")

    phone = browser.new_context(viewport={"width": 375, "height": 760}, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{base}/w/{workshop.join_code}")
    phone.get_by_label("Your name").fill("Richard")
    phone.get_by_label("Your department").select_option("product")
    phone.get_by_label("Manager or team lead").check()
    phone.get_by_role("button", name="Join the workshop").click()
    phone.wait_for_url("**/r/*/")
    count.filter(has_text="6 of 7 people answered").wait_for(timeout=10000)  # joined, not answered yet
    phone.goto(phone.url + "s/" + section.id)
    phone.locator(f"label[for='{first.id}-{first.values[-1]}']").tap()
    phone.get_by_role("button", name="Save and continue").tap()
    phone.wait_for_url("**/s/" + quick.sections[1].id)
    phone.context.close()
    count.filter(has_text="7 of 7 people answered").wait_for(timeout=10000)
    assert host.evaluate("window.notReloaded === true")  # the count came in without a reload

    host.keyboard.press("r")
    host.wait_for_url("**reveal=1")
    host.locator(".presenter-chart svg").wait_for()
    before = host.locator("#room ol").inner_text()
    host.evaluate("window.notReloaded = true")
    with app.app_context():  # late answers join the chart once the floor's worth of them has arrived (here, three)
        from app.db import get_db

        for name in ("Late", "Later", "Latest"):
            rid, _ = store.join_workshop(get_db(), workshop.assessment_id, name, department="product", level="manager")
            store.save_answers(get_db(), rid, {first.id: (first.values[0], "")})
    count.filter(has_text="10 of 10 people answered").wait_for(timeout=10000)
    assert host.locator("#room ol").inner_text() != before and host.evaluate("window.notReloaded === true")
    assert host.locator("input[name=value]:checked").count() == 0
    _fits_and_reads(host, "revealed")
    assert_accessible(host, Axe(), "presenter, revealed, updated live")

    host.goto(present + longest.id + "?reveal=1")
    _fits_and_reads(host, "the longest levels, revealed")
    host.keyboard.press("3")
    host.keyboard.press("Enter")
    host.wait_for_url(re.compile(r".*/present/(?!" + re.escape(longest.id) + r"$)[^/?]+$"))
    assert host.locator(".flash").count() == 1
    _fits_and_reads(host, "after recording, with the message")
    host.keyboard.press("p")
    host.wait_for_url("**/present/" + longest.id)
    assert host.locator("#agree-3").is_checked()  # the recorded level, and only that, shows as chosen
    host.keyboard.press("ArrowRight")
    host.wait_for_url(re.compile(r".*/present/(?!" + re.escape(longest.id) + r"$)[^/?]+$"))
    host.goto(present + longest.id + "?reveal=1")
    host.screenshot(path=os.path.join(tempfile.gettempdir(), "csm-presenter-1920x1080.png"))
    host.context.close()
