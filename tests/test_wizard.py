"""The wizard through the Flask test client: start, sections, saving, resume, review, results, PDF."""
from __future__ import annotations

import io
import re

from factories import csrf_token, post_section, saved_answers, section_url, soup, start_assessment
from pypdf import PdfReader


def test_start_page_has_labelled_fields(client):
    page = soup(client.get("/"))
    for name in ("organisation", "name", "department"):
        field = page.find(attrs={"name": name})
        assert page.find("label", {"for": field["id"]}), f"{name} has no label"
    levels = page.select("input[name=level]")
    assert len(levels) == 4 and all(page.find("label", {"for": r["id"]}) for r in levels)
    assert levels[0].find_parent("fieldset").legend.get_text() == "Your level"


def test_department_and_level_have_nothing_chosen_in_advance(client):
    page = soup(client.get("/"))
    assert page.find("select", {"name": "department"}).find("option", selected=True)["value"] == ""
    assert not page.select("input[name=level][checked]")


def test_start_requires_organisation_name_department_and_level(client):
    response = client.post("/", data={"csrf_token": csrf_token(client, "/"), "organisation": "", "name": ""})
    assert response.status_code == 422
    errors = [p.get_text() for p in soup(response).select(".error")]
    assert "Enter the name of the organisation you are assessing." in errors
    assert "Enter your name." in errors
    assert "Choose your department." in errors and "Choose your level." in errors


def test_start_without_csrf_token_saves_nothing_and_offers_to_send_it_again(client):
    response = client.post("/", data={"organisation": "Acme", "name": "Ada", "department": "sales",
                                      "level": "manager", "path": "quick"})
    assert response.status_code == 400
    page = soup(response)
    assert page.find("h1").get_text() == "Not saved yet"
    form = page.find("form", action="/")
    resent = {i["name"]: i["value"] for i in form.find_all("input", type="hidden")}
    assert resent["organisation"] == "Acme" and resent["level"] == "manager" and resent["csrf_token"]
    assert client.post("/", data=resent).status_code == 302  # sent again, it starts the assessment


def test_overview_shows_the_resume_link_and_first_section(client, started, questionnaire):
    page = soup(client.get(f"/r/{started}/"))
    assert page.find("input", id="resume-link")["value"].endswith(f"/r/{started}/")
    assert page.find("h1").get_text() == "Acme Cloud"
    begin = page.find("a", string=lambda s: s and s.strip().startswith("Begin"))
    assert begin["href"] == section_url(started, questionnaire.sections[0].id)


def test_section_page_has_a_fieldset_per_question_and_labels_for_every_choice(client, started, questionnaire):
    section = questionnaire.sections[0]
    page = soup(client.get(section_url(started, section.id)))
    fieldsets = page.select("fieldset.question")
    assert len(fieldsets) == len(section.questions)
    for fieldset, question in zip(fieldsets, section.questions):
        assert question.text in fieldset.legend.get_text()
        radios = fieldset.select("input[type=radio]")
        assert [r["value"] for r in radios] == ["0", "1", "2", "3", "4", "unknown", "na"]
        for radio in radios:
            assert page.find("label", {"for": radio["id"]}).get_text(strip=True)
        assert fieldset.find("textarea")
    assert "Page 1 of" in page.select_one(".progress-text").get_text()
    assert page.find("input", id="resume-link")


def test_save_and_continue_saves_then_redirects_to_the_next_section(app, client, started, questionnaire):
    first, second = questionnaire.sections[:2]
    q1, q2, q3 = first.questions[:3]
    response = post_section(client, started, first, {q1.id: 3, q2.id: "na", q3.id: "unknown"}, notes={q1.id: "QBR deck"})
    assert response.status_code == 302
    assert response.headers["Location"] == section_url(started, second.id)
    answers = saved_answers(app, started)
    assert answers[q1.id] == {"value": 3, "note": "QBR deck", "version": 1}
    assert answers[q2.id]["value"] == "na" and answers[q3.id]["value"] == "unknown"


def test_saved_answers_are_shown_when_coming_back(client, started, questionnaire):
    first = questionnaire.sections[0]
    q1 = first.questions[0]
    post_section(client, started, first, {q1.id: 2}, notes={q1.id: "Evidence <b>bold</b>"})
    page = soup(client.get(section_url(started, first.id)))
    assert page.find("input", id=f"{q1.id}-2").has_attr("checked")
    assert page.find("textarea", {"name": f"{q1.id}__note"}).get_text().lstrip("\r\n") == "Evidence <b>bold</b>"


def test_back_saves_and_goes_to_the_previous_page(app, client, started, questionnaire):
    first, second = questionnaire.sections[:2]
    response = post_section(client, started, second, {second.questions[0].id: 1}, action="back")
    assert response.headers["Location"] == section_url(started, first.id)
    assert saved_answers(app, started)[second.questions[0].id]["value"] == 1
    response = post_section(client, started, first, {}, action="back")
    assert response.headers["Location"] == f"/r/{started}/"


def test_last_section_leads_to_review(client, started, questionnaire):
    last = questionnaire.sections[-1]
    assert post_section(client, started, last, {}).headers["Location"] == f"/r/{started}/review"


def test_a_tampered_value_is_named_and_the_valid_answers_are_still_saved(app, client, started, questionnaire):
    section = questionnaire.sections[0]
    good, bad = section.questions[:2]
    response = post_section(client, started, section, {good.id: 4, bad.id: 7})
    assert response.status_code == 422
    summary = soup(response).select_one(".error-summary").get_text(" ", strip=True)
    assert bad.text in summary and "“7” is not one of the levels" in summary
    answers = saved_answers(app, started)
    assert answers[good.id]["value"] == 4 and bad.id not in answers


def test_an_overlong_note_gets_a_clear_message(client, started, questionnaire):
    section = questionnaire.sections[0]
    q = section.questions[0]
    response = post_section(client, started, section, {q.id: 1}, notes={q.id: "x" * 2001})
    assert response.status_code == 422
    page = soup(response)
    note = page.find("textarea", {"name": f"{q.id}__note"})
    message = page.find(id=note["aria-describedby"]).get_text()  # at the field, tied to it
    assert message.startswith("The note has 2001 characters; keep it to 2000 or fewer.") and "Nothing was cut" in message
    assert note.get_text().strip() == "x" * 2001 and not note.has_attr("maxlength")  # kept whole, never cut
    assert q.id not in saved_answers(client.application, started)  # refused, not shortened


def test_resume_link_works_in_a_fresh_client(app, client, started, questionnaire):
    section = questionnaire.sections[0]
    post_section(client, started, section, {section.questions[0].id: 3})
    other_browser = app.test_client()
    page = soup(other_browser.get(section_url(started, section.id)))
    assert page.find("input", id=f"{section.questions[0].id}-3").has_attr("checked")


def test_unknown_tokens_and_sections_are_404(client, started):
    assert client.get("/r/not-a-real-token/").status_code == 404
    assert client.get(f"/r/{started[:-2]}xx/results").status_code == 404
    assert client.get(f"/r/{started}/s/no-such-section").status_code == 404
    page = soup(client.get("/r/not-a-real-token/"))
    assert page.find("h1").get_text() == "Page not found"


def test_a_second_respondent_cannot_reach_the_first_ones_answers(app, client, started, questionnaire):
    section = questionnaire.sections[0]
    post_section(client, started, section, {section.questions[0].id: 4})
    second = start_assessment(app.test_client(), organisation="Other Co", name="Bob")
    page = soup(client.get(section_url(second, section.id)))
    assert not page.find("input", id=f"{section.questions[0].id}-4").has_attr("checked")
    assert "Acme Cloud" not in client.get(f"/r/{second}/results").get_data(as_text=True)


def test_review_shows_every_answer_with_a_link_to_change_it(client, started, questionnaire):
    section = questionnaire.sections[0]
    levelled, unknown, na, *_ = section.questions
    post_section(client, started, section, {levelled.id: 2, unknown.id: "unknown", na.id: "na"},
                 notes={levelled.id: "From the last board pack"})
    page = soup(client.get(f"/r/{started}/review"))
    items = {i.dt.get_text(): i for i in page.select(".review-item")}
    assert len(items) == len(questionnaire.questions)
    level = levelled.levels[levelled.values.index(2)]
    assert items[levelled.text].select_one(".review-answer").get_text() == f"Level 2, {level.name}: {level.label}"
    assert items[levelled.text].select_one(".review-note").get_text() == "Note: From the last board pack"
    assert items[unknown.text].select_one(".review-answer").get_text() == "Don't know"
    assert items[na.text].select_one(".review-answer").get_text() == "Not applicable"
    link = items[na.text].select_one("a")
    assert link["href"] == f"/r/{started}/s/{section.id}#q-{na.id}" and "Change" in link.get_text()
    assert "Answer" in items[section.questions[3].text].select_one("a").get_text()
    assert f"{len(questionnaire.questions) - 3} questions are still unanswered" in page.select_one(".lead").get_text()


def test_quick_path_groups_one_question_sections_onto_fewer_pages(client, questionnaire):
    token = start_assessment(client, path="quick")
    quick = questionnaire.for_path("quick")
    singles = [s for s in quick.sections if len(s.questions) == 1]
    page = soup(client.get(f"/r/{token}/s/{singles[0].id}"))
    shown = [f["id"] for f in page.select("fieldset.question")]
    assert shown == [f"q-{s.questions[0].id}" for s in singles[:4]]  # four one-question sections on one page
    assert "(" not in page.find("h1").get_text()  # a plain title, not a framework code
    # Answering one section of a grouped page leaves the others' answers alone.
    post_section(client, token, singles[0], {singles[0].questions[0].id: 3})
    post_section(client, token, singles[1], {singles[1].questions[0].id: 2})
    review = soup(client.get(f"/r/{token}/review")).get_text()
    assert "Level 3" in review and "Level 2" in review
    pages_seen, url = 0, f"/r/{token}/s/{quick.sections[0].id}"
    while "/review" not in url:
        pages_seen += 1
        response = client.post(url, data={"csrf_token": csrf_token(client, url), "save": "x"})
        url = response.headers["Location"]
    assert pages_seen < len(quick.sections)


def test_time_estimates_come_from_the_text_length(client, questionnaire):
    from app.core.estimates import minutes

    page = soup(client.get("/")).get_text(" ", strip=True)
    quick = minutes(questionnaire.for_path("quick").questions.values())
    full = minutes(questionnaire.questions.values())
    assert f"about {quick} minutes" in page and f"about {full} minutes" in page
    assert full > 2 * quick
    longer = questionnaire.questions[next(iter(questionnaire.questions))]
    from dataclasses import replace
    assert minutes([replace(longer, text=longer.text + " word" * 400)]) > minutes([longer])


def test_results_show_the_stage_and_a_section_chart(client, started, questionnaire):
    for section in questionnaire.sections:
        post_section(client, started, section, {q.id: 4 for q in section.questions})
    page = soup(client.get(f"/r/{started}/results"))
    assert page.select_one(".stage-name").get_text() == "Accelerated growth"
    titles = [svg.find("title").get_text() for svg in page.select("svg.chart")]
    assert titles == ["The three-legged stool", "Score per block, 0 to 100", "Maturity stage ladder", "Roadmap timeline"]
    rows = {r.th.get_text(): r.td.get_text() for r in page.select("#tab-scores .score-table tbody tr")[:len(questionnaire.sections)]}
    assert set(rows.values()) == {"100"} and len(rows) == len(questionnaire.sections)  # whole numbers
    assert page.find(id="holding-back") is None  # nothing holds the top stage back
    assert page.select_one(".stool-risk") is None


def test_pdf_holds_the_organisation_and_the_stage(client, started, questionnaire):
    for section in questionnaire.sections:
        post_section(client, started, section, {q.id: 0 for q in section.questions})
    response = client.get(f"/r/{started}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="cs-maturity-acme-cloud.pdf"'
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Acme Cloud" in text
    assert "Stage 1 of 5: CPR" in text


def test_pages_send_security_headers(client, started):
    response = client.get(f"/r/{started}/")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_autosave_stores_answers_without_leaving_the_page(app, client, started, questionnaire):
    section = questionnaire.sections[0]
    q = section.questions[0]
    url = section_url(started, section.id)
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "autosave": "1", q.id: "3",
                                      f"{q.id}__version": "0"})
    assert response.status_code == 200 and response.get_json()["saved"][q.id]["version"] == 1
    assert saved_answers(app, started)[q.id]["value"] == 3
    bad = client.post(url, data={"csrf_token": csrf_token(client, url), "autosave": "1", q.id: "9",
                                 f"{q.id}__version": "1"})
    assert bad.status_code == 422 and q.id in bad.get_json()["errors"] and not bad.get_json()["saved"]
    expired = client.post(url, data={"autosave": "1", q.id: "1", f"{q.id}__version": "1"})
    assert expired.status_code == 400 and expired.get_json()["expired"]  # CSRF still applies: nothing saved,
    assert saved_answers(app, started)[q.id]["value"] == 3  # but the page gets a fresh token to send it again


FRAMEWORK_CODES = re.compile(r"O\.P\.T|IN²|\b(?:centricity|alignment) [A-E]\b|\bOperations (?:O|P|T|IN)\b|leg \d|boomerang|turnaround",
                             re.IGNORECASE)


def test_section_titles_are_plain_words_and_the_method_page_keeps_the_framework_names(client, started, questionnaire):
    assert not [s.title for s in questionnaire.sections if FRAMEWORK_CODES.search(s.title)]
    overview = soup(client.get(f"/r/{started}/")).find("main").get_text(" ")
    assert not FRAMEWORK_CODES.search(overview)
    glossary = soup(client.get("/method")).find(id="glossary")
    terms = [dt.get_text() for dt in glossary.find_all("dt")]
    assert "O.P.T.IN²" in terms and "The three-legged stool" in terms
    text = glossary.get_text(" ", strip=True)
    assert f"O, organisation is “{questionnaire.section('ops-organisation').title}”" in text
