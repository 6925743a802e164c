"""The charter builder through the Flask test client, with CSRF on, the way a browser fills in its forms."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from factories import PAYLOADS, answer_enough, assert_inert, charter_url, form_values, saved_charter, soup, start_assessment, submit

from app.core import charter


@pytest.fixture
def started(placed):
    """Every charter page needs answers that place the organisation first."""
    return placed


def statuses(client, token) -> dict[str, str]:
    page = soup(client.get(charter_url(token)))
    return {li.a.get_text(): li.select_one(".charter-status").get_text() for li in page.select(".charter-sections li")}


def test_the_overview_lists_every_section_as_a_draft_with_downloads(client, started):
    page = soup(client.get(charter_url(started)))
    assert page.find("h1").get_text() == "Acme Cloud: customer-success charter"
    assert list(statuses(client, started).items()) == [(s.title, "Draft") for s in charter.SECTIONS]
    hrefs = {a["href"] for a in page.select("a[download]")}
    assert hrefs == {f"/r/{started}/charter.md", f"/r/{started}/charter.docx", f"/r/{started}/roadmap.csv"}
    assert page.find("input", id="resume-link")["value"].endswith(f"/r/{started}/")


def test_the_results_page_links_to_the_builder(client, started):
    page = soup(client.get(f"/r/{started}/results"))
    assert page.find("a", href=charter_url(started)).get_text() == "Build your charter"


def test_a_section_page_is_prefilled_with_the_draft_and_labelled(client, started):
    page = soup(client.get(charter_url(started, "meaning")))
    assert page.find("h1").get_text(" ", strip=True) == "What customer success means here Draft"
    body = page.find("textarea", {"name": "body"})
    assert page.find("label", {"for": body["id"]}).get_text() == "Text of “What customer success means here”, in Markdown"
    assert form_values(page)["body"].startswith('At Acme Cloud, "customer success" means two things')
    assert {b.get("value") for b in page.select(".form-actions input[type=submit]")} == {
        "Save and preview", "Save and continue", "Back", "Reset to draft"}
    assert page.find("input", id="resume-link")


def test_save_and_preview_stores_the_edit_and_shows_it_sanitised(app, client, started):
    response = submit(client, started, "vision", "save_preview", body="We **grow** with our customers.")
    assert response.status_code == 302
    assert response.headers["Location"] == charter_url(started, "vision") + "?preview=1#preview"
    page = soup(client.get(response.headers["Location"]))
    assert page.select_one("#preview strong").get_text() == "grow"
    assert form_values(page)["body"] == "We **grow** with our customers."
    assert saved_charter(app, started)["sections"] == {"vision": "We **grow** with our customers."}
    assert statuses(client, started)["Vision and mission"] == "Edited"


def test_save_and_continue_and_back_move_through_the_sections(client, started):
    assert submit(client, started, "vision").headers["Location"] == charter_url(started, "principles")
    assert submit(client, started, "vision", "back").headers["Location"] == charter_url(started, "business_case")
    assert submit(client, started, "meaning", "back").headers["Location"] == charter_url(started)
    assert submit(client, started, "review").headers["Location"] == charter_url(started)


def test_an_unchanged_draft_is_not_stored_so_it_keeps_following_the_results(app, client, started):
    assert submit(client, started, "statement").status_code == 302
    assert saved_charter(app, started)["sections"] == {}
    assert statuses(client, started)["Charter statement"] == "Draft"


def test_reset_to_draft_brings_the_draft_back(app, client, started):
    submit(client, started, "scope", body="Only my words.")
    asked = submit(client, started, "scope", "reset", body="Words typed since")  # reset asks first
    assert asked.status_code == 200
    page = soup(asked)
    assert "Replace your text with the draft?" in page.select_one(".confirm-box").get_text()
    assert form_values(page)["body"] == "Words typed since"  # the typed text is still on the page
    assert saved_charter(app, started)["sections"]["scope"] == "Only my words."  # nothing replaced yet
    response = submit(client, started, "scope", "reset_confirmed", body="x" * 20_000)  # reset ignores what was typed
    assert response.status_code == 302
    page = soup(client.get(response.headers["Location"]))
    assert form_values(page)["body"].startswith("Customer success leads adoption")  # no profile: no team is assumed
    assert "back to the draft" in page.select_one(".flash").get_text()
    assert saved_charter(app, started)["sections"] == {}


def test_kpis_can_be_added_edited_and_removed(app, client, started):
    response = submit(client, started, "objectives", "add")
    assert response.headers["Location"] == charter_url(started, "objectives") + "?add=1#kpis-4"
    page = soup(client.get(response.headers["Location"]))
    assert len(page.select("fieldset.row-fieldset")) == 5
    assert page.find("select", {"name": "kpis-4-metric_id"}).find("option", selected=True)["value"] == ""
    data = form_values(page)
    data.update({"kpis-4-metric_id": "nps", "kpis-4-rung": "advocacy", "kpis-4-baseline": "31",
                 "kpis-4-target": "45 by Q4", "kpis-0-baseline": "62%"})
    assert client.post(charter_url(started, "objectives"), data={**data, "save_preview": "x"}).status_code == 302
    kpis = saved_charter(app, started)["kpis"]
    assert len(kpis) == 5 and kpis[0]["baseline"] == "62%"
    assert kpis[4] == {"metric_id": "nps", "rung": "advocacy", "baseline": "31", "target": "45 by Q4"}

    removed = submit(client, started, "objectives", "remove", remove="0")
    assert removed.headers["Location"] == charter_url(started, "objectives") + "#kpis"
    kpis = saved_charter(app, started)["kpis"]
    assert len(kpis) == 4 and kpis[-1]["metric_id"] == "nps" and all(k["baseline"] != "62%" for k in kpis)
    assert statuses(client, started)["Objectives and KPIs"] == "Edited"


def test_a_kpi_row_without_a_metric_or_with_an_unknown_one_is_named(app, client, started):
    response = submit(client, started, "objectives", **{"kpis-1-metric_id": "", "kpis-1-baseline": "12"})
    assert response.status_code == 422
    summary = soup(response).select_one(".error-summary").get_text(" ", strip=True)
    assert "KPI 2, metric: fill this in" in summary
    response = submit(client, started, "objectives", **{"kpis-0-metric_id": "happiness"})
    assert response.status_code == 422
    assert "KPI 1, metric: “happiness” is not offered here" in soup(response).select_one(".error-summary").get_text()
    assert saved_charter(app, started)["kpis"] == []


def test_the_last_kpi_cannot_be_removed(client, started):
    page = soup(client.get(charter_url(started, "objectives")))
    data = {k: v for k, v in form_values(page).items() if not k.startswith("kpis-") or k.startswith("kpis-0-")}
    response = client.post(charter_url(started, "objectives"), data={**data, "remove": "0"})
    assert response.status_code == 422
    assert "Keep at least one KPI" in soup(response).select_one(".error-summary").get_text()


def test_the_responsibility_matrix_can_be_changed(app, client, started):
    page = soup(client.get(charter_url(started, "responsibilities")))
    table = page.select_one("table.matrix")
    assert len(table.select("tbody tr")) == 8 and len(table.select("tbody select")) == 64
    for select in table.select("select"):
        assert page.find("label", {"for": select["id"]}).get_text()
    assert submit(client, started, "responsibilities", **{"sales__adoption": "leads"}).status_code == 302
    assert saved_charter(app, started)["responsibilities"]["sales"]["adoption"] == "leads"
    page = soup(client.get(charter_url(started, "responsibilities")))
    assert page.find("select", {"name": "sales__adoption"}).find("option", selected=True)["value"] == "leads"
    response = submit(client, started, "responsibilities", **{"finance__trial": "boss"})
    assert response.status_code == 422
    assert "Finance at trial: “boss” is not offered here" in soup(response).select_one(".error-summary").get_text()


def test_tiers_can_be_renamed_and_added(app, client, started):
    response = submit(client, started, "segmentation", **{"tiers-0-name": "Strategic", "tiers-0-criteria": "Top 30"})
    assert response.status_code == 302
    tiers = saved_charter(app, started)["tiers"]
    assert [t["name"] for t in tiers] == ["Strategic", "Low touch", "Tech touch"] and tiers[0]["criteria"] == "Top 30"
    page = soup(client.get(submit(client, started, "segmentation", "add").headers["Location"]))
    assert page.find("fieldset", id="tiers-3").legend.get_text() == "Tier 4"
    response = submit(client, started, "segmentation", **{"tiers-3-criteria": "Partners"})
    assert response.status_code == 422
    assert "Tier 4, tier name: fill this in" in soup(response).select_one(".error-summary").get_text()


def test_overlong_text_is_refused_with_a_message_naming_the_field(app, client, started):
    response = submit(client, started, "vision", body="x" * 10_001)
    assert response.status_code == 422
    page = soup(response)
    assert page.select_one(".error-summary h2").get_text() == "Your changes on this page were not saved"
    assert "still holds the draft written from your results" in page.select_one(".error-summary").get_text()
    assert ("Text of “Vision and mission”, in Markdown: Too long: keep it under 10,000 characters (it has 10001)."
            in [li.get_text(strip=True) for li in page.select(".error-summary li")])
    assert page.find("textarea", {"name": "body"})["aria-invalid"] == "true"
    response = submit(client, started, "objectives", **{"kpis-0-baseline": "9" * 81})
    assert response.status_code == 422
    assert "KPI 1, baseline today: Too long" in soup(response).select_one(".error-summary").get_text()
    assert saved_charter(app, started) == {"sections": {}, "kpis": [], "responsibilities": {}, "tiers": []}


def test_an_empty_section_is_refused(client, started):
    response = submit(client, started, "review", body="   ")
    assert response.status_code == 422
    assert "write something, or use Reset to draft" in soup(response).select_one(".error-summary").get_text()


def test_posting_without_a_csrf_token_is_refused(app, client, started):
    response = client.post(charter_url(started, "vision"), data={"body": "Sneaky", "save": "x"})
    assert response.status_code == 400
    assert saved_charter(app, started)["sections"] == {}


def test_unknown_tokens_and_sections_are_404(client, started):
    for path in ("charter/", "charter/vision", "charter.md", "charter.docx", "roadmap.csv"):
        assert client.get(f"/r/not-a-real-token/{path}").status_code == 404
    assert client.get(charter_url(started, "no-such-section")).status_code == 404


def test_a_second_respondent_cannot_see_the_first_ones_charter(app, client, started):
    submit(client, started, "vision", body="Acme's secret vision.")
    other = start_assessment(app.test_client(), organisation="Other Co", name="Bob")
    answer_enough(client, other, app.extensions["questionnaires"]["cs-maturity"])
    page = soup(client.get(charter_url(other, "vision")))
    assert "secret" not in form_values(page)["body"]
    assert "Acme" not in client.get(f"/r/{other}/charter.md").get_data(as_text=True)
    assert statuses(client, other)["Vision and mission"] == "Draft"


def test_script_payloads_never_reach_the_preview_or_the_results(client, started):
    response = submit(client, started, "principles", "save_preview", body="\n\n".join(PAYLOADS))
    page = soup(client.get(response.headers["Location"]))
    preview = page.select_one("#preview .charter-text")
    assert preview.get_text(strip=True)  # the harmless text is still there
    assert_inert(preview.decode_contents())
    own = [s for s in page.find_all("script") if not s.get("src", "").startswith("/static/")]
    assert not own and not page.find_all("img")  # only the app's own scripts
    results = soup(client.get(f"/r/{started}/results"))
    scripts = [s for s in results.find_all("script") if not s.get("src", "").startswith("/static/")]
    assert not scripts and not results.find_all(["iframe", "img"])  # only the app's own scripts
    assert not any(a.get("href", "").lower().startswith(("javascript", "file", "data")) for a in results.find_all("a"))


def test_autosave_keeps_the_text_without_leaving_the_page_and_says_what_was_not_saved(app, client, started):
    url = charter_url(started, "scope")
    data = {**form_values(soup(client.get(url))), "body": "Typed, then the tab was closed.", "autosave": "1"}
    response = client.post(url, data=data)
    assert response.status_code == 200 and response.get_json() == {"saved": True}
    assert saved_charter(app, started)["sections"]["scope"] == "Typed, then the tab was closed."
    response = client.post(url, data={**data, "body": ""})
    assert response.status_code == 422 and response.get_json()["saved"] is False
    assert saved_charter(app, started)["sections"]["scope"] == "Typed, then the tab was closed."


def test_the_error_banner_says_the_earlier_save_is_kept(app, client, started):
    submit(client, started, "vision", body="What we saved first.")
    response = submit(client, started, "vision", body="y" * 10_001)
    banner = soup(response).select_one(".error-summary").get_text(" ", strip=True)
    assert "The version you saved before is kept" in banner and "what you typed is still below" in banner
    assert saved_charter(app, started)["sections"]["vision"] == "What we saved first."


def preview(client, token, section_id, **fields):
    """Post the editor's fields to the live preview, as static/charter.js does."""
    url = charter_url(token, section_id)
    data = {**form_values(soup(client.get(url))), **fields}
    return client.post(url + "/preview", data=data)


def test_the_live_preview_renders_unsaved_text_sanitised_and_saves_nothing(app, client, started):
    response = preview(client, started, "vision", body="We **grow** together.\n\n<script>alert(1)</script>")
    assert response.status_code == 200
    html = response.get_json()["preview"]
    fragment = BeautifulSoup(html, "html.parser")
    assert fragment.select_one(".charter-text strong").get_text() == "grow"
    assert not fragment.find("script") and "alert" not in html
    assert saved_charter(app, started)["sections"] == {}
    # The same gate and CSRF as the editor: no token, no preview; another link, no preview.
    assert client.post(charter_url(started, "vision") + "/preview", data={"body": "x"}).status_code == 400
    token = form_values(soup(client.get(charter_url(started, "vision"))))["csrf_token"]
    assert client.post("/r/not-a-real-token/charter/vision/preview",
                       data={"body": "x", "csrf_token": token}).status_code == 404


def test_the_page_shows_a_preview_of_the_saved_text_beside_the_editor(client, started):
    submit(client, started, "vision", body="Our *own* vision.")
    page = soup(client.get(charter_url(started, "vision")))
    workspace = page.select_one(".charter-workspace")
    assert workspace.select_one("form textarea") and workspace.select_one("#preview .charter-text em").get_text() == "own"


def test_the_matrix_warns_on_a_stage_with_no_lead_or_two_but_still_saves(app, client, started):
    page = soup(client.get(charter_url(started, "responsibilities")))
    # The suggested matrix has exactly one lead per stage, so it starts without a warning.
    assert page.select("#matrix-warnings li") == []
    response = submit(client, started, "responsibilities",
                      **{"customer_success__adoption": "supports", "sales__trial": "leads", "marketing__trial": "leads"})
    assert response.status_code == 302  # a warning, not a block
    page = soup(client.get(charter_url(started, "responsibilities")))
    warnings = [li.get_text() for li in page.select("#matrix-warnings li")]
    assert any(w.startswith("Nobody leads adoption") for w in warnings)
    assert any("Marketing and Sales all lead trial" in w for w in warnings)
    rows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in page.select("#preview tbody tr")}
    assert rows["Trial"][0] == "Marketing, Sales" and rows["Adoption"][0] == "nobody"


def test_the_live_preview_of_the_matrix_warns_before_saving(client, started):
    body = preview(client, started, "responsibilities", **{"finance__decision": "leads"}).get_json()
    assert "Sales and Finance all lead decision & contract" in BeautifulSoup(body["warnings"], "html.parser").get_text()
    assert "Sales, Finance" in body["preview"]


def test_a_kpi_shows_its_metric_in_full_with_what_it_measures(client, started, app):
    page = soup(client.get(charter_url(started, "objectives")))
    select = page.find("select", {"name": "kpis-0-metric_id"})
    chosen = select.find("option", selected=True)
    metric = app.extensions["model"].metrics[chosen["value"]]
    assert chosen.get_text() == metric.name
    definition = page.find(id=select["aria-describedby"])
    assert definition.get_text() == metric.definition
    assert "field-wide" in select.parent["class"]  # the whole row, so no name is cut off


def test_a_reset_already_confirmed_in_the_browser_is_not_asked_again(app, client, started):
    submit(client, started, "scope", body="Only my words.")
    response = submit(client, started, "scope", "reset", reset_confirmed="1")  # what charter.js sends after confirm()
    assert response.status_code == 302 and saved_charter(app, started)["sections"] == {}


def test_a_company_of_twelve_edits_and_exports_a_charter_with_its_own_departments(app, client, started):
    """Builder, Markdown and Word say the same: the founders' row instead of management, no services or finance,
    the business case as section 3, and the matrix saves only the company's rows."""
    import io

    from docx import Document
    from factories import csrf_token

    page = f"/r/{started}/profile"
    client.post(page, data={"csrf_token": csrf_token(client, page), "business_model": "self_serve", "employees": "12",
                            "customers": "3000", "arr_per_account": "480"})
    builder = soup(client.get(charter_url(started, "responsibilities")))
    rows = [th.get_text(strip=True) for th in builder.select("table.matrix tbody th")]
    assert "Founders" in rows and not {"Management", "Services", "Finance"} & set(rows)
    assert submit(client, started, "responsibilities", **{"marketing__adoption": "supports"}).status_code == 302
    saved = saved_charter(app, started)["responsibilities"]
    assert set(saved) == {"marketing", "customer_success", "product", "management"}
    markdown = client.get(f"/r/{started}/charter.md").get_data(as_text=True)
    assert "## 3. The business case" in markdown and "| Founders |" in markdown and "| Management |" not in markdown
    assert "CS team" not in markdown and "12-person self-serve business" in markdown
    document = Document(io.BytesIO(client.get(f"/r/{started}/charter.docx").data))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Founders" in cells and "Management" not in cells
    assert any(p.text.endswith("The business case") for p in document.paragraphs)
