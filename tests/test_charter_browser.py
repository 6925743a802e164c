"""The charter builder in real headless Chromium, with axe-core on every page it visits."""
from __future__ import annotations

import pytest
from factories import SAVED_CUE, answer_enough_at, assert_accessible, overflow, start_in_browser

from app.core import charter

pytestmark = pytest.mark.browser


def start(page, base: str, organisation: str, app) -> str:
    start_in_browser(page, base, organisation, "Ada", "customer_success", "Head of a department")
    answer_enough_at(app, page.url)  # the charter opens once the answers place the organisation
    return page.url


def test_every_charter_page_is_accessible_and_enter_saves_rather_than_removes(live_server, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    axe = Axe()
    page = browser.new_context().new_page()
    home = start(page, base, "Globex Software", app)
    page.goto(home + "charter/")
    assert_accessible(page, axe, "charter overview")
    for section in charter.SECTIONS:
        page.goto(home + f"charter/{section.id}")
        assert page.locator("h1").inner_text().startswith(section.title)
        assert_accessible(page, axe, f"charter section {section.id}")

    # Enter in a KPI field must press "Save and preview", never the first row's Remove button.
    page.goto(home + "charter/objectives")
    rows = page.locator("fieldset.row-fieldset").count()
    page.get_by_label("Baseline today").first.fill("55%")
    page.get_by_label("Baseline today").first.press("Enter")
    page.wait_for_url("**/charter/objectives?preview=1#preview")
    assert page.locator("fieldset.row-fieldset").count() == rows
    assert page.get_by_label("Baseline today").first.input_value() == "55%"
    assert page.locator("#preview").is_visible()
    assert_accessible(page, axe, "charter preview")


def test_the_matrix_scrolls_inside_its_region_on_a_phone(live_server, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    page = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()
    home = start(page, base, "Initech", app)
    page.goto(home + "charter/responsibilities")
    assert_accessible(page, Axe(), "responsibilities on a phone")
    assert not overflow(page), f"the page scrolls sideways by {overflow(page)}px on a phone"
    page.get_by_label("Sales at adoption").select_option("leads")
    page.get_by_role("button", name="Save and continue").tap()
    page.wait_for_url("**/charter/governance")


def test_typed_text_survives_leaving_the_page_and_reset_asks_first(live_server, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    page = browser.new_context().new_page()
    home = start(page, base, "Hooli", app)
    page.goto(home + "charter/vision")
    dialogs, accept = [], []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept() if accept else dialog.dismiss()  # dismiss: "stay on this page" / "no, keep my text"

    page.on("dialog", answer)
    editor = page.get_by_label("Text of “Vision and mission”, in Markdown")
    editor.fill("Every customer *renews* because they grew with us.")
    # The preview beside the editor follows the text before anything is saved.
    page.locator("#preview em", has_text="renews").wait_for(timeout=5000)
    page.get_by_role("link", name="All charter sections").click()  # leaving before the autosave ran
    assert dialogs == ["beforeunload"] and page.url.endswith("/charter/vision")
    page.locator(".autosave-status", has_text=SAVED_CUE).wait_for(timeout=5000)
    page.get_by_role("link", name="All charter sections").click()  # saved now: leaves without asking
    page.wait_for_url("**/charter/")
    assert dialogs == ["beforeunload"]
    assert_accessible(page, Axe(), "charter overview after an edit")
    page.goto(home + "charter/vision")
    assert editor.input_value() == "Every customer *renews* because they grew with us."

    page.get_by_role("button", name="Reset to draft").click()  # asks first; dismissing keeps the text
    assert dialogs[-1] == "confirm" and editor.input_value().startswith("Every customer *renews*")
    page.reload()
    assert editor.input_value().startswith("Every customer *renews*")
    accept.append(True)
    page.get_by_role("button", name="Reset to draft").click()
    page.locator(".flash", has_text="back to the draft").wait_for()
    assert not editor.input_value().startswith("Every customer")


def test_the_matrix_warns_live_when_a_stage_has_two_leads(live_server, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    page = browser.new_context().new_page()
    home = start(page, base, "Pied Piper", app)
    page.goto(home + "charter/responsibilities")
    page.get_by_label("Finance at decision & contract").select_option("leads")
    page.locator("#matrix-warnings li", has_text="Sales and Finance all lead decision & contract").wait_for(timeout=5000)
    assert "Sales, Finance" in page.locator("#preview tbody tr", has_text="Decision & contract").inner_text()
    assert_accessible(page, Axe(), "responsibilities with a warning")
    page.goto(home + "charter/objectives")
    page.get_by_label("Metric").first.select_option(label="ARR at risk per renewal quarter")
    chosen = page.get_by_label("Metric").first.input_value()
    definition = page.locator(f"dd[data-metric='{chosen}']").text_content()
    assert page.locator("#kpis-0-metric_id-definition").inner_text() == definition.strip()
    page.locator("#preview th", has_text="ARR at risk per renewal quarter").wait_for(timeout=5000)
