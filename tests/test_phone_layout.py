"""Every page fits a phone: no sideways scroll at 390x844, tables as stacked cards or scrolling in their own box,
axe at 0 serious or critical; the main action of a question page and of the results in the first screen."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from factories import assert_accessible, csrf_token, overflow, post_section, start_assessment, submit
from werkzeug.security import generate_password_hash

from app import store
from app.core import charter
from app.store import charter_versions as versions_store

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PASSWORD = "a long enough facilitator passphrase 7"
EXPIRES = (date.today() + timedelta(days=30)).isoformat()


def _share(client, home: str) -> str:
    """A share link made from the owner's page; its token."""
    response = client.post(f"{home}share", data={"csrf_token": csrf_token(client, f"{home}share"),
                                                 "label": "The board, for the quarterly review", "expires": EXPIRES})
    assert response.status_code == 302  # so the share page shows its table of links
    return re.search(r"/s/([^/\"<]+)/", client.get(f"{home}share").get_data(as_text=True)).group(1)


def _approval(client, home: str) -> str:
    """The charter edited before and after a request for approval (two versions); the sponsor's link."""
    submit(client, home.split("/")[2], "vision", body="Our customers reach their goals.")
    url = f"{home}charter/versions"
    client.post(f"{url}/send", data={"csrf_token": csrf_token(client, url), "sponsor_name": "Grace Hopper",
                                     "sponsor_email": "", "expires": EXPIRES,
                                     "review_on": (date.today() + timedelta(days=365)).isoformat()})
    link = re.search(r"(/a/[^/\"]+/)", client.get(url).get_data(as_text=True)).group(1)
    submit(client, home.split("/")[2], "vision", body="Our customers reach their goals, and say so.")
    return link


def phone_pages(app) -> list[tuple[str, str]]:
    """(label, path) for every page a visitor reaches, on an assessment answered enough to place it."""
    client = app.test_client()
    token = start_assessment(client, organisation="Phone Co", path="quick")
    quick = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    for section in quick.sections:
        post_section(client, token, section, {q.id: 2 for q in section.questions})
    home = f"/r/{token}/"
    share, link = _share(client, home), _approval(client, home)
    with app.app_context():
        from app.db import get_db

        assessment_id = store.respondent_by_token(get_db(), token).assessment_id
        ids = [v.id for v in versions_store.versions(get_db(), assessment_id)]
    return [
        ("start", "/"), ("overview", home), ("section", f"{home}s/{quick.sections[0].id}"),
        ("review", f"{home}review"), ("results", f"{home}results"), ("charter overview", f"{home}charter/"),
        *[(f"charter {s.id}", f"{home}charter/{s.id}") for s in charter.SECTIONS],
        ("charter versions", f"{home}charter/versions"),
        ("versions compared", f"{home}charter/versions/compare?a={ids[-1]}&b={ids[0]}"),
        ("sponsor's approval page", link), ("profile", f"{home}profile"), ("branding", f"{home}branding"),
        ("share", f"{home}share"), ("shared report", f"/s/{share}/"), ("method", "/method"),
        ("facilitator sign-in", "/facilitator/sign-in"), ("facilitator sign-up", "/facilitator/sign-up"),
        ("join", "/join"),
    ]


def _workshop_pages(app, page, base) -> list[tuple[str, str]]:
    """The facilitator's pages, signed in on the phone's own browser context."""
    with app.app_context():
        from app.db import get_db

        store.create_facilitator(get_db(), "pat@consult.example", "Pat", generate_password_hash(PASSWORD))
    page.goto(base + "/facilitator/sign-in")
    page.get_by_label("Email").fill("pat@consult.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Client organisation").fill("Initech")
    page.get_by_role("button", name="Create workshop").click()
    page.wait_for_url("**/facilitator/workshops/*/")
    workshop = re.search(r"/facilitator/workshops/\d+/", page.url).group(0)
    # Six people answer, the groups are fixed and the result published: a participant's team result on the phone.
    assessment_id = int(re.search(r"\d+", workshop).group(0))
    quick = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    with app.app_context():
        from app.db import get_db
        from app.store import lifecycle

        for n, level in enumerate(("executive",) * 3 + ("individual",) * 3):
            rid, token = store.join_workshop(get_db(), assessment_id, f"P{n}", department="sales", level=level)
            store.save_answers(get_db(), rid, {q: (n % 4, "") for q in quick.questions})
        lifecycle.fix_groups(get_db(), assessment_id)
        store.set_published(get_db(), assessment_id, True)
    return [("facilitator home", "/facilitator/"), ("dashboard", workshop), ("workshop settings", workshop + "manage"),
            ("workshop results", workshop + "results"), ("workshop branding", workshop + "branding"),
            ("participant's overview", f"/r/{token}/"), ("participant's team result", f"/r/{token}/results")]


def _too_wide(page) -> int | None:
    """The page's width when it is wider than the phone."""
    return PHONE["width"] + overflow(page) if overflow(page) else None


def test_no_page_scrolls_sideways_on_a_phone_and_each_is_accessible(live_server, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    axe = Axe()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    too_wide = []
    pages = phone_pages(app)
    pages += _workshop_pages(app, page, base)
    for label, path in pages:
        response = page.goto(base + path)
        assert response.status == 200, f"{label}: {response.status}"
        if width := _too_wide(page):
            too_wide.append(f"{label} ({width}px)")
        assert_accessible(page, axe, f"{label} on a phone")
    # A new share link is shown once, in its own panel with a Copy button, never stretching the page.
    page.goto(base + pages[1][1] + "share")
    page.get_by_label("Who is this link for? (optional)").fill("The board")
    page.get_by_role("button", name="Create link").click()
    if width := _too_wide(page):
        too_wide.append(f"share page with a new link ({width}px)")
    assert not too_wide, "wider than a 390px phone: " + ", ".join(too_wide)
    context.close()


def _in_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]


def test_the_main_action_and_the_ladder_are_in_the_first_screen(live_server, browser):  # noqa: F811
    base, app = live_server
    pages = dict(phone_pages(app))
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base + pages["section"])
    assert _in_first_screen(page, "#save"), "Save and continue is below the first screen of a question page"
    page.goto(base + pages["results"])
    assert _in_first_screen(page, ".verdict-actions .button.primary"), "the PDF is below the results' first screen"
    assert _in_first_screen(page, ".stage-steps [aria-current=step]"), "the stage ladder is not in the first screen"
    context.close()


def test_links_have_a_copy_button_and_a_selectable_field_without_javascript(live_server, browser):  # noqa: F811
    base, app = live_server
    overview = dict(phone_pages(app))["overview"]
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.goto(base + overview)
    page.get_by_role("button", name="Copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == base + overview
    assert page.locator(".resume .copy-done").inner_text() == "Copied"
    context.close()
    plain = browser.new_context(viewport=PHONE, java_script_enabled=False).new_page()
    plain.goto(base + overview)
    assert plain.locator("button[data-copy]").is_hidden()
    assert plain.locator("#resume-link").input_value() == base + overview
    assert plain.locator("#resume-link").get_attribute("readonly") is not None
    plain.context.close()
