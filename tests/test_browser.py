"""A user's whole path in real headless Chromium, with axe-core on every page it visits."""
from __future__ import annotations

import io

import pytest
from factories import SAVED_CUE, answer_enough_at, assert_accessible, overflow, start_in_browser
from pypdf import PdfReader

from app.web.wizard.pages import pages

pytestmark = pytest.mark.browser


def test_a_user_takes_the_assessment_and_downloads_the_pdf(live_server, browser, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    questionnaire = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    axe = Axe()
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()

    page.goto(base + "/")
    assert_accessible(page, axe, "start page")
    # Keyboard only: the skip link, then the form fields in order.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.get_by_label("Organisation").focus()
    page.keyboard.type("Globex Software")
    page.keyboard.press("Tab")
    page.keyboard.type("Hank Scorpio")
    page.keyboard.press("Tab")  # the department: nothing chosen until the person picks one
    assert page.evaluate("document.activeElement.id") == "department"
    assert page.evaluate("document.activeElement.value") == ""
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "customer_success"
    page.keyboard.press("Tab")  # the level: no radio is checked, so the first takes the focus
    assert page.evaluate("document.activeElement.id") == "level-executive"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the path radios: Quick is preselected
    assert page.evaluate("document.activeElement.id") == "path-quick"
    page.keyboard.press("Enter")  # submits from the radio; the optional profile fold comes next in tab order
    page.wait_for_url("**/r/*/")
    assert page.locator("h1").inner_text() == "Globex Software"
    resume = page.locator("#resume-link").input_value()
    assert_accessible(page, axe, "overview")

    page.get_by_role("link", name="Begin").click()
    for number, shown in enumerate(pages(questionnaire)):  # one-question sections share a page
        page.wait_for_url(f"**/s/{shown.id}")
        assert page.locator("h1").inner_text() == shown.title
        assert_accessible(page, axe, f"page {shown.id}")
        for i, question in enumerate(shown.merged.questions):
            if number == 0 and i == 0:
                # Keyboard: focus the first choice, arrow keys move through the levels.
                page.locator(f"#{question.id}-0").focus()
                page.keyboard.press("ArrowDown")
                page.keyboard.press("ArrowDown")
                assert page.locator(f"#{question.id}-2").is_checked()
            else:
                page.locator(f"label[for={question.id}-3]").click()
        if number == 0:
            page.get_by_label("Evidence or comment (optional)").first.fill("Charter draft from March")
        page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/review")
    assert "Every question has an answer" in page.inner_text("main")
    assert_accessible(page, axe, "review")
    page.get_by_role("link", name="See results").click()
    page.wait_for_url("**/results")
    assert_accessible(page, axe, "results")
    assert page.locator("#verdict").is_visible() and page.locator("#verdict svg.chart").count() >= 2
    page.get_by_role("tab", name="Roadmap").click()  # the details sit one click away, in tabs
    assert page.locator("#tab-roadmap").is_visible() and page.locator("#tab-roadmap .action-list li").count() >= 1
    page.goto(base + "/method")
    assert_accessible(page, axe, "method")
    page.go_back()
    stage = page.locator(".stage-name").inner_text()
    assert stage in {s.name for s in questionnaire.stages}

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF report").click()
    pdf_path = tmp_path / "report.pdf"
    download_info.value.save_as(pdf_path)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "Globex Software" in text and stage in text and "Charter draft from March" in text

    # The private link works from another browser (a fresh context has no cookies).
    other = browser.new_context().new_page()
    other.goto(resume)
    assert other.locator("h1").inner_text() == "Globex Software"
    context.close()


def test_pages_work_on_a_phone(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    base, app = live_server
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    start_in_browser(page, base, "Initech", "Bill", "sales", "Manager or team lead")
    page.goto(page.url + "s/" + questionnaire.sections[0].id)
    assert_accessible(page, Axe(), "section on a phone")
    assert not overflow(page), f"the page scrolls sideways by {overflow(page)}px on a phone"
    page.locator("label[for$='-4']").first.tap()
    # Autosave: the answer is stored as soon as it is tapped, before any button is pressed.
    page.locator(".saved-cue", has_text=SAVED_CUE).first.wait_for(timeout=5000)  # by the question just answered
    again = context.new_page()
    again.goto(page.url)
    assert again.locator("input[type=radio][value='4']").first.is_checked()
    again.close()
    page.get_by_role("button", name="Save and continue").tap()
    page.wait_for_url(f"**/s/{questionnaire.sections[1].id}")
    context.close()


def test_a_team_edits_its_charter_and_downloads_the_docx_and_the_pdf(live_server, browser, tmp_path):
    from axe_playwright_python.sync_playwright import Axe
    from docx import Document

    base, app = live_server
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    start_in_browser(page, base, "Umbrella Health", "Alice", "general_management", "Executive (C-level or VP)")
    answer_enough_at(app, page.url)
    page.get_by_role("link", name="See results").click()
    page.get_by_role("link", name="Build your charter").click()
    assert_accessible(page, Axe(), "charter overview")
    page.get_by_role("link", name="Vision and mission").first.click()
    editor = page.locator("textarea").first
    editor.fill("Our vision: *customers who grow with us, every quarter.*")
    page.get_by_role("button", name="Save and preview").click()
    assert "customers who grow with us" in page.locator("#preview").inner_text()
    assert_accessible(page, Axe(), "charter section with preview")

    page.goto(page.url.split("/charter/")[0] + "/charter/")
    with page.expect_download() as docx_info:
        page.get_by_role("link", name="The charter as a Word document").click()
    docx_path = tmp_path / "charter.docx"
    docx_info.value.save_as(docx_path)
    paragraphs = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "customers who grow with us, every quarter." in paragraphs

    page.get_by_role("link", name="Back to results").click()
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Download the PDF report").click()
    pdf_path = tmp_path / "report.pdf"
    pdf_info.value.save_as(pdf_path)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "customers who grow with us, every quarter." in text and "Umbrella Health" in text
    context.close()


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_the_verdict_shows_stage_confidence_and_three_moves_above_the_fold(live_server, browser, width, height):
    from factories import post_section, start_assessment

    base, app = live_server
    client = app.test_client()
    token = start_assessment(client, path="quick")
    quick = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    for section in quick.sections:
        post_section(client, token, section, {q.id: 2 for q in section.questions})
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{base}/r/{token}/results")
    for selector in (".verdict-stage", ".verdict-figures", ".moves li:nth-child(3)"):
        box = page.locator(selector).bounding_box()
        assert box and box["y"] + box["height"] <= height, f"{selector} is below the fold at {width}x{height}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    page.get_by_role("tab", name="Roadmap").click()
    assert page.locator("#tab-roadmap").is_visible() and not page.locator("#tab-scores").is_visible()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="Metrics").get_attribute("aria-selected") == "true"
    context.close()
