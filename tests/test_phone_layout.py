"""Every page fits a phone: no sideways scroll at 390x844, tables as stacked cards, axe at 0 serious or critical."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import assert_accessible, csrf_token, post_section, start_assessment

from app.core import charter

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def phone_pages(app) -> list[tuple[str, str]]:
    """(label, path) for every page a visitor reaches, on an assessment answered enough to place it."""
    client = app.test_client()
    token = start_assessment(client, organisation="Phone Co", path="quick")
    quick = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    for section in quick.sections:
        post_section(client, token, section, {q.id: 2 for q in section.questions})
    home = f"/r/{token}/"
    expires = (date.today() + timedelta(days=30)).isoformat()
    share = client.post(f"{home}share", data={"csrf_token": csrf_token(client, f"{home}share"),
                                              "label": "The board, for the quarterly review", "expires": expires})
    assert share.status_code == 302  # so the share page shows its table of links
    return [
        ("start", "/"), ("overview", home), ("section", f"{home}s/{quick.sections[0].id}"),
        ("review", f"{home}review"), ("results", f"{home}results"), ("charter overview", f"{home}charter/"),
        *[(f"charter {s.id}", f"{home}charter/{s.id}") for s in charter.SECTIONS],
        ("profile", f"{home}profile"), ("share", f"{home}share"), ("method", "/method"),
        ("facilitator sign-in", "/facilitator/sign-in"), ("facilitator sign-up", "/facilitator/sign-up"),
        ("join", "/join"),
    ]


def test_no_page_scrolls_sideways_on_a_phone_and_each_is_accessible(live_server, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    axe = Axe()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    too_wide = []
    for label, path in phone_pages(app):
        response = page.goto(base + path)
        assert response.status == 200, f"{label}: {response.status}"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.evaluate("innerWidth"):
            too_wide.append(f"{label} ({width}px)")
        assert_accessible(page, axe, f"{label} on a phone")
    assert not too_wide, "wider than a 390px phone: " + ", ".join(too_wide)
    context.close()
