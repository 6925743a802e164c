"""Factories and page helpers shared by the test modules (test modules never import each other).

A test says only what differs from these defaults: `start_assessment(client, path="quick")`.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from app import store

# --- pages -------------------------------------------------------------------------------------


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on a page, as a browser would post it back."""
    page = soup(client.get(url))
    return page.find("input", {"name": "csrf_token"})["value"]


def form_values(page) -> dict:
    """What a browser would submit from the page's form, before any button is added."""
    form = page.find("form", method="post")
    data = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") == "submit":
            continue
        if element.name == "textarea":
            data[name] = element.get_text().removeprefix("\r\n").removeprefix("\n")
        elif element.name == "select":
            option = element.find("option", selected=True) or element.find("option")
            data[name] = option["value"]
        else:
            data[name] = element.get("value", "")
    return data


# --- assessments through the web, as a user makes them --------------------------------------------


def start_assessment(client, organisation="Acme Cloud", name="Ada Lovelace", role="executive", path="full") -> str:
    """Fill in the start page; return the resume token taken from the redirect."""
    response = client.post("/", data={
        "csrf_token": csrf_token(client, "/"), "organisation": organisation, "name": name, "role": role,
        "path": path,
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)


def section_url(token, section_id):
    return f"/r/{token}/s/{section_id}"


def post_section(client, token, section, values: dict, action="save", notes: dict | None = None):
    """Post one wizard page as a browser would (CSRF token from the page, one button pressed)."""
    url = section_url(token, section.id)
    data = {"csrf_token": csrf_token(client, url), action: "x"}
    data.update({qid: str(v) for qid, v in values.items()})
    data.update({f"{qid}__note": note for qid, note in (notes or {}).items()})
    return client.post(url, data=data)


def answer_all(client, token, questionnaire, value_for):
    """Answer every section through the wizard, each question with value_for(question)."""
    for section in questionnaire.sections:
        post_section(client, token, section, {q.id: value_for(q) for q in section.questions})


def answer_enough(client, token: str, questionnaire, level: int = 2) -> None:
    """Answer every question on the assessment's path at one level, so results place the organisation."""
    from app.db import get_db

    with client.application.app_context():
        respondent = store.respondent_by_token(get_db(), token)
        path = questionnaire.for_path(respondent.path)
        store.save_answers(get_db(), respondent.id, {qid: (level, "") for qid in path.questions})


def answer_enough_at(app, url: str, level: int = 2) -> None:
    """Answer the path of the assessment behind a private-link URL (browser tests hold a URL, not a client)."""
    from app.db import get_db

    token = re.search(r"/r/([^/]+)/", url).group(1)
    with app.app_context():
        respondent = store.respondent_by_token(get_db(), token)
        path = app.extensions["questionnaires"][respondent.questionnaire_id].for_path(respondent.path)
        store.save_answers(get_db(), respondent.id, {qid: (level, "") for qid in path.questions})


def scenario_assessment(client, scenario: dict) -> str:
    """A full-path self-assessment holding a tests/scenarios company: its answers, notes and profile."""
    from app.core.profile import parse_profile
    from app.db import get_db

    token = start_assessment(client, organisation=scenario["name"])
    notes = scenario.get("notes") or {}
    with client.application.app_context():
        respondent = store.respondent_by_token(get_db(), token)
        store.save_answers(get_db(), respondent.id, {qid: (value, notes.get(qid, ""))
                                                     for part in scenario["answers"].values() for qid, value in part.items()})
        store.save_profile(get_db(), respondent.assessment_id, parse_profile(scenario["profile"]))
    return token


def saved_answers(app, token) -> dict:
    """The answers stored for the respondent behind a private link."""
    from app.db import get_db

    with app.app_context():
        respondent = store.respondent_by_token(get_db(), token)
        return store.load_answers(get_db(), respondent.id)


# --- the charter builder -----------------------------------------------------------------------


def charter_url(token, section_id=""):
    return f"/r/{token}/charter/{section_id}"


def submit(client, token, section_id, button="save", **changes):
    """Load a charter section, change some fields, press a button; return the response."""
    url = charter_url(token, section_id)
    data = form_values(soup(client.get(url)))
    data.update(changes)
    if button == "remove":
        return client.post(url, data=data)
    return client.post(url, data={**data, button: "x"})


def saved_charter(app, token) -> dict:
    """The charter stored for the assessment behind a private link."""
    from app.db import get_db

    with app.app_context():
        respondent = store.respondent_by_token(get_db(), token)
        return store.load_charter(get_db(), respondent.assessment_id)


# --- the store ---------------------------------------------------------------------------------


def make(db, token=None):
    """A self-assessment straight in the store: (respondent, token)."""
    return store.create_self_assessment(
        db, organisation="Acme", questionnaire_id="cs-maturity", questionnaire_version="1.0",
        respondent_name="Ada", role="executive", token=token,
    )


# --- hostile input -----------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![x](file:///etc/passwd)",
    '<a href="http://x" onclick="y">z</a>',
    "[x](JaVaScRiPt:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<p style="background:url(javascript:alert(1))" class="x" id="y">styled</p>',
    "<form action=https://evil.example><input name=x></form>",
]
FORBIDDEN_TAGS = ["script", "img", "iframe", "style", "svg", "form", "input", "object", "embed"]


def assert_inert(html) -> None:
    """No forbidden element, no event handler or style attribute, no link outside http/https/mailto."""
    page = BeautifulSoup(str(html), "html.parser")
    assert not page.find_all(FORBIDDEN_TAGS), html
    for element in page.find_all(True):
        for attribute in element.attrs:
            assert not attribute.lower().startswith("on"), html
            assert attribute not in ("style", "class", "id", "src"), html
    for link in page.find_all("a", href=True):
        assert link["href"].split(":", 1)[0].lower() in ("http", "https", "mailto"), html
    assert "alert(1)" not in " ".join(str(v) for el in page.find_all(True) for v in el.attrs.values())


# --- browsers ----------------------------------------------------------------------------------


def assert_accessible(page, axe, label: str) -> None:
    """axe-core finds no serious or critical WCAG 2.1 A/AA violation on the page."""
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"{label}: " + "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})" for v in bad)


def answer_the_rest(app, token: str, level: int = 2) -> None:
    """Give every question on the respondent's path that has no answer yet this level (straight in the store)."""
    from app.db import get_db

    with app.app_context():
        respondent = store.respondent_by_token(get_db(), token)
        path = app.extensions["questionnaires"][respondent.questionnaire_id].for_path(respondent.path)
        given = store.load_answers(get_db(), respondent.id)
        store.save_answers(get_db(), respondent.id, {qid: (level, "") for qid in path.questions
                                                     if (given.get(qid) or {}).get("value") is None})
