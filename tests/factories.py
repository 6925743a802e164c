"""Factories and page helpers shared by the test modules (test modules never import each other).

A test says only what differs from these defaults: `start_assessment(client, path="quick")`.
"""
from __future__ import annotations

import re
import struct
import zlib

from bs4 import BeautifulSoup

from app import store

# The autosave cue once an answer is in: exactly "Saved" (Playwright's has_text ignores case, so "Not saved yet"
# would match a plain "Saved").
SAVED_CUE = re.compile(r"^Saved$")


# --- pages -------------------------------------------------------------------------------------


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on a page, as a browser would post it back."""
    page = soup(client.get(url))
    return page.find("input", {"name": "csrf_token"})["value"]


def form_values(page) -> dict:
    """What a browser would submit from the page's form, before any button is added."""
    return fields_of(page.find("form", method="post"))


# --- assessments through the web, as a user makes them --------------------------------------------


def who(role: str = "executive") -> dict:
    """The department and level a form posts for a role as tests used to name it ("executive", "sales", ...)."""
    if role == "executive":
        return {"department": "general_management", "level": "executive"}
    return {"department": role, "level": "individual"}


def start_assessment(client, organisation="Acme Cloud", name="Ada Lovelace", department="general_management",
                     level="executive", path="full") -> str:
    """Fill in the start page; return the resume token taken from the redirect."""
    response = client.post("/", data={
        "csrf_token": csrf_token(client, "/"), "organisation": organisation, "name": name, "department": department,
        "level": level, "path": path,
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)


def section_url(token, section_id):
    return f"/r/{token}/s/{section_id}"


def page_state(client, url: str) -> dict:
    """The hidden fields a wizard page carries: its CSRF token and each question's version and shown answer."""
    page = soup(client.get(url))
    return {element["name"]: element.get("value", "") for element in page.select("form[data-autosave] input[type=hidden]")}


def post_section(client, token, section, values: dict, action="save", notes: dict | None = None):
    """Post one wizard page as a browser would (CSRF token and answer versions from the page, one button pressed)."""
    url = section_url(token, section.id)
    data = {**page_state(client, url), action: "x"}
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


def start_in_browser(page, base: str, organisation: str, name: str = "Ada", department: str = "general_management",
                     level: str = "Executive") -> str:
    """Start a self-assessment from the home page as a person does it (the form's labels); returns the overview URL."""
    page.goto(base + "/")
    page.get_by_label("Organisation").fill(organisation)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your department").select_option(department)
    page.get_by_label(level).check()
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_url("**/r/*/")
    return page.url


def overflow(page) -> int:
    """How many pixels the page is wider than the browser's screen (0 when it fits). Measured against the viewport a
    test set: a mobile browser widens its layout viewport (innerWidth, clientWidth) to fit wide content, so those
    would never show the overflow a person scrolls sideways to see."""
    return max(0, page.evaluate("document.documentElement.scrollWidth") - page.viewport_size["width"])


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


# --- the action plan ---------------------------------------------------------------------------


def fields_of(form) -> dict:
    """What a browser posts from one form element, before a button is added."""
    data = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "file"):
            continue
        if element.name == "textarea":
            data[name] = element.get_text().removeprefix("\r\n").removeprefix("\n")
        elif element.name == "select":
            option = element.find("option", selected=True) or element.find("option")
            data[name] = option["value"]
        else:
            data[name] = element.get("value", "")
    return data


def adopt_actions(client, base: str, owners: list[tuple[str, str]]) -> list[str]:
    """Adopt the first roadmap actions on a plan page (base: "/r/<token>" or a workshop's), one per (name, email);
    returns the adopted question ids."""
    page = soup(client.get(base + "/plan"))
    adopted = []
    for form, (name, email) in zip(page.select("#adopt form"), owners):
        data = fields_of(form)
        prefix = next(k for k in data if k.endswith("-question_id")).removesuffix("-question_id")
        data.update({f"{prefix}-owner_name": name, f"{prefix}-owner_email": email})
        response = client.post(form["action"], data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
        adopted.append(data[f"{prefix}-question_id"])
    return adopted


def update_action(client, base: str, action_id: int, **changes):
    """Open an action's edit form on the plan page, change some fields (by short name: status="done"), post it."""
    page = soup(client.get(base + "/plan"))
    form = page.select_one(f"#action-{action_id} form")
    data = fields_of(form)
    data.update({f"a{action_id}-{key}": value for key, value in changes.items()})
    return client.post(form["action"], data=data)


def plan_of(app, assessment_id: int) -> list:
    """The actions stored in an assessment's plan, with owners and events."""
    from app.db import get_db
    from app.store import plan as plan_store

    with app.app_context():
        return plan_store.load_plan(get_db(), assessment_id)


def assessment_id_of(app, token: str) -> int:
    from app.db import get_db

    with app.app_context():
        return store.respondent_by_token(get_db(), token).assessment_id


def new_round(client, token: str) -> str:
    """Start the next self-assessment round from the results page; returns the new round's token."""
    response = client.post(f"/r/{token}/new-round", data={"csrf_token": csrf_token(client, f"/r/{token}/results")})
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.match(r"/r/([^/]+)/plan/review$", response.headers["Location"]).group(1)


def owner_link(client, base: str, owner_name: str, days: str = "30") -> str:
    """Make an owner's private link on the plan page; returns its path (/o/<token>/)."""
    page = soup(client.get(base + "/plan"))
    row = next(tr for tr in page.select("#owners tbody tr") if tr.find("th").get_text(strip=True) == owner_name)
    form = row.find("form")
    data = fields_of(form)
    data["days"] = days
    response = client.post(form["action"], data=data)
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    url = soup(response).find(id="new-link")["value"]
    return re.search(r"(/o/[^/]+/)$", url).group(1)


# --- facilitators and workshops ------------------------------------------------------------------

FACILITATOR_PASSWORD = "an unguessable facilitator passphrase 42"


def facilitator_client(app, email: str = "ann@consult.example", name: str = "Ann Facilitator", client=None):
    """A client (a new one unless given) signed in as a new facilitator (the account made straight in the store)."""
    from werkzeug.security import generate_password_hash

    from app.db import get_db

    with app.app_context():
        store.create_facilitator(get_db(), email, name, generate_password_hash(FACILITATOR_PASSWORD))
    client = client or app.test_client()
    url = "/facilitator/sign-in"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "email": email,
                                      "password": FACILITATOR_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def create_workshop(client, organisation: str = "Initech", path: str = "quick") -> int:
    """A workshop made from the facilitator's home page; returns its assessment id."""
    response = client.post("/facilitator/", data={"csrf_token": csrf_token(client, "/facilitator/"),
                                                  "organisation": organisation, "path": path})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))


def agree_everything(app, assessment_id: int, level: int = 2) -> None:
    """The workshop's agreed view: every question on its path settled at one level (straight in the store)."""
    from app.db import get_db

    with app.app_context():
        found = store.load_assessment(get_db(), assessment_id)
        path = app.extensions["questionnaires"][found.questionnaire_id].for_path(found.path)
        for qid in path.questions:
            store.record_agreement(get_db(), assessment_id, qid, level, "")


# --- mail --------------------------------------------------------------------------------------


class Inbox:
    """Collects every message a local SMTP sink (aiosmtpd) receives: (recipients, raw message text)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted for delivery"

    def text_for(self, address: str) -> list[str]:
        """The decoded text bodies of the messages to one address."""
        from email import message_from_string, policy

        return [message_from_string(raw, policy=policy.default).get_body(("plain",)).get_content().replace("\r\n", "\n")
                for to, raw in self.messages if address in to]

# --- workshops ---------------------------------------------------------------------------------


def fix_groups(facilitator, assessment_id: int) -> None:
    """The facilitator shows the team's answers (fixes the groups): no team figure is shown before."""
    base = f"/facilitator/workshops/{assessment_id}/"
    response = facilitator.post(base + "fix", data={"csrf_token": csrf_token(facilitator, base + "manage")})
    assert response.status_code == 302, response.status_code


def rank(rows: list[list[int]]) -> int:
    """The rank of a 0/1 matrix, exactly (Gaussian elimination over fractions)."""
    from fractions import Fraction

    rows, r = [list(map(Fraction, row)) for row in rows], 0
    for col in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        for i in range(len(rows)):
            if i != r and rows[i][col]:
                factor = rows[i][col] / rows[r][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r])]
        r += 1
    return r


def isolated(groups: list[frozenset]) -> set:
    """The people whose own answer follows from the totals of these groups (a differencing attack by linear algebra):
    person p is isolated when their indicator vector is a combination of the groups' indicator vectors."""
    people = sorted(set().union(*groups)) if groups else []
    matrix = [[int(p in g) for p in people] for g in groups]
    base = rank(matrix)
    return {p for p in people if rank(matrix + [[int(q == p) for q in people]]) == base}

# --- logos -----------------------------------------------------------------------------------------
SVG_HEAD = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


def png(width: int, height: int, noise: bool = False) -> bytes:
    """A real PNG of any size: 1-bit grey, so a 12000 x 12000 image is a few KB."""
    row = (width + 7) // 8
    raw = b"".join(b"\x00" + (bytes((y * 7 + x) % 256 for x in range(row)) if noise else b"\x00" * row)
                   for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def use_bomb(levels: int = 10) -> bytes:
    """1 KB of nested <use>: each level draws the one below four times (4**10 rectangles)."""
    groups = b"".join(b'<g id="l%d">' % (n + 1) + b'<use xlink:href="#l%d"/>' % n * 4 + b"</g>" for n in range(levels))
    return SVG_HEAD + b'<defs><rect id="l0" width="1" height="1"/>' + groups + b'</defs><use xlink:href="#l%d"/></svg>' % levels


# --- the sponsor's approval --------------------------------------------------------------------


def send_for_approval(client, token, sponsor="Grace Hopper", email="", expires=None, review_on=None) -> str:
    """Send the charter for approval from the versions page; returns the approval link's path (/a/<token>/)."""
    from datetime import date, timedelta

    url = f"/r/{token}/charter/versions"
    response = client.post(f"{url}/send", data={
        "csrf_token": csrf_token(client, url), "sponsor_name": sponsor, "sponsor_email": email,
        "expires": expires or (date.today() + timedelta(days=7)).isoformat(),
        "review_on": review_on or (date.today() + timedelta(days=200)).isoformat()})
    assert response.status_code == 302, response.get_data(as_text=True)
    field = soup(client.get(url)).find("input", id="approval-link")
    return re.search(r"(/a/[^/]+/)$", field["value"]).group(1)


# --- the report's first phase ----------------------------------------------------------------------


def first_phase_in_pdf(text: str, stages: list[str]) -> tuple[str, str]:
    """What the executive summary must say about the roadmap's first phase, read from the roadmap's own words in
    a PDF's text (whitespace flattened), and the executive summary's text. `stages` are the stage names.

    The roadmap states one of four things about Now: the stage it unlocks (its heading), the stage it works towards
    and the later phase that completes it (whose heading names the stage it unlocks), why the stage stays (its
    why-not), or that the top of the ladder is kept. The summary says the same, with the phase named."""
    names = "|".join(re.escape(name) for name in sorted(stages, key=len, reverse=True))
    named = "the first phase of the roadmap (Now, 0-90 days)"
    start = text.index("Three moves for the next 90 days")
    summary = text[start:text.index("Where you stand", start)]
    roadmap = text[text.index("Each phase takes what the next stage needs"):]
    now = re.search(r"Now \(0-90 days\)(?!:)( · unlocks stage (\d), (" + names + r"))?", roadmap)
    assert now, "no first phase in the roadmap"
    after = roadmap[now.end():].lstrip()
    if now.group(1):
        return f"With {named} done, the answers would place you at stage {now[2]}, {now[3]}.", summary
    works = re.match(r"Works towards stage (\d), (" + names + r"), which the (\w+) phase completes", after)
    if works:
        later = re.search(rf"{works[3]} \([^)]*\) · unlocks stage (\d), ({names})", roadmap)
        assert later, f"the {works[3]} phase does not say it unlocks a stage"
        today = re.search(r" is at stage (\d) of \d+, (" + names + ")", text)
        return (f"After {named} you are still at stage {today[1]}, {today[2]}; with the {works[3]} phase done too, the "
                f"answers would place you at stage {later[1]}, {later[2]}."), summary
    stays = re.match(r"(After this phase you are still at stage .{0,160}|Stage \d \(.+?\) is the top of the ladder: "
                     r"this phase keeps you there\.)", after)
    assert stays, f"the first phase neither unlocks, works towards nor explains: {after[:200]!r}"
    return stays[1].replace("this phase", named, 1), summary
