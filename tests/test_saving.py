"""Answers saved one by one against the version their page loaded: stale tabs, conflicts, lost sessions, long text."""
from __future__ import annotations

from factories import csrf_token, page_state, saved_answers, section_url, soup, start_assessment

LEVEL_TEXT = "Level {}"


def _section(questionnaire):
    section = questionnaire.sections[0]
    return section, section.questions[0], section.questions[1]


def _post(client, url, state: dict, button="save", **answers):
    """A whole page as a browser posts it without JavaScript: what the page carried, the answers, one button."""
    return client.post(url, data={**state, button: "x", **{qid: str(v) for qid, v in answers.items()}})


def test_two_stale_tabs_never_overwrite_and_the_page_offers_both_answers(app, client, started, questionnaire):
    section, q1, q2 = _section(questionnaire)
    url = section_url(started, section.id)
    tab_a, tab_b = page_state(client, url), page_state(client, url)  # two tabs open the same page
    assert _post(client, url, tab_b, **{q1.id: 3}).status_code == 302  # tab B answers level 3
    stale = _post(client, url, tab_a, **{q1.id: 1, q2.id: 2})  # tab A, still at the old version, answers level 1
    assert stale.status_code == 409
    assert saved_answers(app, started)[q1.id]["value"] == 3  # nothing overwritten
    assert saved_answers(app, started)[q2.id]["value"] == 2  # the rest of tab A's page is saved
    page = soup(stale)
    box = page.find(attrs={"data-conflict": q1.id})
    answers = [dd.get_text(" ", strip=True) for dd in box.select("dd")]
    assert answers[0].startswith(LEVEL_TEXT.format(3)) and answers[1].startswith(LEVEL_TEXT.format(1))
    assert [b["value"] for b in box.select("button[name=resolve]")] == [f"{q1.id}:mine", f"{q1.id}:saved"]
    assert page.find("input", id=f"{q1.id}-1").has_attr("checked")  # the page keeps what tab A typed
    assert q1.text in page.select_one(".error-summary").get_text()

    # Tab A keeps its own answer: the page it was given now carries the newer version.
    state = {**page_state_of(page), "resolve": f"{q1.id}:mine"}  # the "Keep mine" button
    resolved = client.post(url, data={**state, q1.id: "1", q2.id: "2"})
    assert resolved.status_code == 302 and resolved.headers["Location"] == url
    assert saved_answers(app, started)[q1.id]["value"] == 1


def page_state_of(page) -> dict:
    return {i["name"]: i.get("value", "") for i in page.select("form[data-autosave] input[type=hidden]")}


def test_keeping_the_saved_answer_writes_nothing_of_the_stale_tab(app, client, started, questionnaire):
    section, q1, _ = _section(questionnaire)
    url = section_url(started, section.id)
    tab_a, tab_b = page_state(client, url), page_state(client, url)
    _post(client, url, tab_b, **{q1.id: 4})
    page = soup(_post(client, url, tab_a, **{q1.id: 0}))
    state = {**page_state_of(page), "resolve": f"{q1.id}:saved"}
    kept = client.post(url, data={**state, q1.id: "0"})
    assert kept.status_code == 302 and saved_answers(app, started)[q1.id]["value"] == 4
    assert "The answer saved elsewhere is kept" in soup(client.get(url)).select_one(".flash").get_text()


def test_a_stale_page_saved_whole_leaves_the_newer_answers_it_did_not_touch(app, client, started, questionnaire):
    # The bug of issue 19: saving a section from a stale tab put back the old answers of every question on it.
    section, q1, q2 = _section(questionnaire)
    url = section_url(started, section.id)
    _post(client, url, page_state(client, url), **{q1.id: 2})
    stale = soup(client.get(url))  # tab A shows level 2
    _post(client, url, page_state(client, url), **{q1.id: 4})  # tab B moves it to 4
    untouched = {i["name"]: i["value"] for i in stale.select("form[data-autosave] input[type=hidden]")}
    response = _post(client, url, untouched, **{q1.id: 2, q2.id: 3})  # tab A still shows 2 and answers q2
    assert response.status_code == 302
    assert saved_answers(app, started)[q1.id]["value"] == 4 and saved_answers(app, started)[q2.id]["value"] == 3


def test_autosave_reports_a_conflict_with_both_answers_and_keeps_mine_when_asked(app, client, started, questionnaire):
    section, q1, _ = _section(questionnaire)
    url = section_url(started, section.id)
    token = csrf_token(client, url)

    def autosave(value, version, note=""):
        return client.post(url, data={"csrf_token": token, "autosave": "1", q1.id: str(value),
                                      f"{q1.id}__note": note, f"{q1.id}__version": str(version)})

    assert autosave(3, 0, "from tab B").get_json()["saved"][q1.id]["version"] == 1
    clash = autosave(1, 0)  # tab A, opened before tab B saved
    assert clash.status_code == 409
    conflict = clash.get_json()["conflicts"][q1.id]
    assert conflict["version"] == 1 and conflict["saved"] == {"value": "3", "note": "from tab B"}
    box = soup_of(conflict["html"])
    assert "from tab B" in box.get_text() and box.find(attrs={"data-conflict": q1.id})["data-saved-value"] == "3"
    assert saved_answers(app, started)[q1.id]["value"] == 3
    assert autosave(1, conflict["version"]).get_json()["saved"][q1.id]["version"] == 2  # "Keep mine"
    assert saved_answers(app, started)[q1.id] == {"value": 1, "note": None, "version": 2}
    assert autosave(1, 1).status_code == 200  # a replay of what is saved already is no conflict


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_a_lost_session_offers_the_typed_answers_for_resending(app, client, started, questionnaire):
    section, q1, q2 = _section(questionnaire)
    url = section_url(started, section.id)
    state = page_state(client, url)
    restarted = app.test_client()  # the browser lost its session cookie: the page's CSRF token no longer matches
    response = restarted.post(url, data={**state, "save": "x", q1.id: "4", f"{q1.id}__note": "QBR notes", q2.id: "na"})
    assert response.status_code == 400
    assert q1.id not in saved_answers(app, started)  # nothing saved yet...
    page = soup(response)
    assert "Your answers are not saved yet" in page.select_one(".resend-notice").get_text()
    assert page.find("input", id=f"{q1.id}-4").has_attr("checked") and page.find("input", id=f"{q2.id}-na").has_attr("checked")
    assert page.find("textarea", {"name": f"{q1.id}__note"}).get_text().strip() == "QBR notes"
    resent = _post(restarted, url, page_state_of(page), **{q1.id: 4, f"{q1.id}__note": "QBR notes", q2.id: "na"})
    assert resent.status_code == 302  # ...until the user sends them again with the fresh token
    assert saved_answers(app, started)[q1.id] == {"value": 4, "note": "QBR notes", "version": 1}


def test_a_post_from_another_site_gets_no_resend_button(app, started, questionnaire):
    section, q1, _ = _section(questionnaire)
    response = app.test_client().post(section_url(started, section.id), data={q1.id: "4", "save": "x"},
                                      headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 400 and not soup(response).select(".resend-notice, form[data-autosave]")


def test_an_organisation_name_that_is_too_long_is_refused_at_the_field_not_cut(client):
    long_name = "Globex " * 20 + "Holdings"  # 148 characters
    response = client.post("/", data={"csrf_token": csrf_token(client, "/"), "organisation": long_name, "name": "Ada",
                                      "department": "sales", "level": "manager", "path": "quick"})
    assert response.status_code == 422
    page = soup(response)
    field = page.find("input", {"name": "organisation"})
    assert field["value"] == long_name and not field.has_attr("maxlength")  # kept whole, for the user to shorten
    message = page.find(id=field["aria-describedby"].split()[-1]).get_text()
    assert message.startswith(f"The organisation's name has {len(long_name)} characters; keep it to 120 or fewer.")
    assert not soup(client.get("/")).find("input", {"name": "organisation"}).has_attr("maxlength")
    assert start_assessment(client, organisation=long_name[:120])  # 120 is accepted


def test_no_text_field_of_the_app_cuts_what_is_typed(app, client, questionnaire):
    # A maxlength attribute makes the browser drop whatever is typed or pasted past it, without a word.
    token = start_assessment(client)
    pages = ["/", "/join", f"/r/{token}/", f"/r/{token}/s/{questionnaire.sections[0].id}", f"/r/{token}/profile",
             f"/r/{token}/branding"]
    for url in pages:
        assert not soup(client.get(url)).select("[maxlength]"), url
