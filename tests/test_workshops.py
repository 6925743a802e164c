"""Workshop mode: facilitator accounts, access control, joining, live aggregates, consensus, rounds."""
from __future__ import annotations

import re
import time

import pytest
from factories import answer_the_rest, csrf_token, fix_groups, post_section, soup, start_assessment, who

from app import store

PASSWORD = "correct horse battery staple"


def sign_up(client, email="ann@consult.example", name="Ann Facilitator", password=PASSWORD):
    url = "/facilitator/sign-up"
    return client.post(url, data={"csrf_token": csrf_token(client, url), "name": name, "email": email,
                                  "password": password, "confirm": password})


def sign_in(client, email="ann@consult.example", password=PASSWORD):
    url = "/facilitator/sign-in"
    return client.post(url, data={"csrf_token": csrf_token(client, url), "email": email, "password": password})


def new_workshop(client, organisation="Initech", path="quick") -> int:
    response = client.post("/facilitator/", data={"csrf_token": csrf_token(client, "/facilitator/"),
                                                  "organisation": organisation, "path": path})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))


def join(app, code, name, role="executive"):
    """A participant on their own phone: returns (client, resume token)."""
    phone = app.test_client()
    url = f"/w/{code}"
    response = phone.post(url, data={"csrf_token": csrf_token(phone, url), "name": name, **who(role)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return phone, re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)


@pytest.fixture
def facilitator(client):
    assert sign_up(client).status_code == 302
    assert sign_in(client).status_code == 302  # sign-up never signs in: its answer must not tell a new email from a taken one
    return client


@pytest.fixture
def workshop(app, facilitator):
    assessment_id = new_workshop(facilitator)
    with app.app_context():
        from app.db import get_db

        return store.workshop(get_db(), assessment_id)


# --- Accounts -----------------------------------------------------------------------------------

def test_sign_up_signs_in_and_stores_only_a_modern_hash(app, facilitator):
    assert "Your workshops" in soup(facilitator.get("/facilitator/")).find("h1").get_text()
    with app.app_context():
        from app.db import get_db

        stored = store.facilitator_by_email(get_db(), "ann@consult.example").password_hash
    assert stored.startswith("scrypt:") and PASSWORD not in stored


def test_sign_up_refuses_a_taken_email_and_a_short_password(app, facilitator):
    other = app.test_client()
    taken, new = sign_up(other, password="another long passphrase 7"), sign_up(app.test_client(), email="new@x.example")
    assert taken.status_code == new.status_code == 302 and taken.headers["Location"] == new.headers["Location"]
    assert sign_in(other).status_code == 302  # the existing account and its password are untouched
    short = sign_up(other, email="bob@x.example", password="short")
    assert "Use at least 12 characters." in soup(short).select_one(".error").get_text()


def test_sign_out_and_sign_in_again(facilitator):
    page = soup(facilitator.get("/facilitator/"))
    form = page.find("form", action="/facilitator/sign-out")
    facilitator.post("/facilitator/sign-out", data={"csrf_token": form.find("input")["value"]})
    assert facilitator.get("/facilitator/").status_code == 302
    wrong = sign_in(facilitator, password="not the password")
    assert wrong.status_code == 422
    assert "do not match an account" in soup(wrong).select_one(".error").get_text()
    assert sign_in(facilitator).headers["Location"] == "/facilitator/"


def test_repeated_failures_lock_sign_in(app, facilitator):
    visitor = app.test_client()
    for _ in range(5):
        assert sign_in(visitor, password="guess guess guess").status_code == 422
    locked = sign_in(visitor)  # even the right password waits now
    assert locked.status_code == 429
    assert "Too many failed attempts" in soup(locked).get_text()


def test_sign_in_never_redirects_off_site(app, facilitator):
    visitor = app.test_client()
    url = "/facilitator/sign-in?next=//evil.example/x"
    response = visitor.post(url, data={"csrf_token": csrf_token(visitor, url), "email": "ann@consult.example",
                                       "password": PASSWORD})
    assert response.headers["Location"] == "/facilitator/"


# --- Access control -----------------------------------------------------------------------------

def test_a_second_facilitator_gets_404_on_every_route_with_the_first_ones_ids(app, workshop):
    rival = app.test_client()
    assert sign_up(rival, email="rival@other.example", name="Rival").status_code == 302
    assert sign_in(rival, email="rival@other.example").status_code == 302
    token = csrf_token(rival, "/facilitator/")
    wid = workshop.assessment_id
    first_question = "charter-written"
    for url in (f"/facilitator/workshops/{wid}/", f"/facilitator/workshops/{wid}/live",
                f"/facilitator/workshops/{wid}/present", f"/facilitator/workshops/{wid}/present/{first_question}",
                f"/facilitator/workshops/{wid}/results", f"/facilitator/workshops/{wid}/report.pdf"):
        assert rival.get(url).status_code == 404, url
    for url in (f"/facilitator/workshops/{wid}/invites", f"/facilitator/workshops/{wid}/next-round",
                f"/facilitator/workshops/{wid}/present/{first_question}"):
        assert rival.post(url, data={"csrf_token": token, "value": "4"}).status_code == 404, url
    assert "Initech" not in rival.get("/facilitator/").get_data(as_text=True)


def test_facilitator_pages_need_a_signed_in_facilitator(app, workshop):
    visitor = app.test_client()
    response = visitor.get(f"/facilitator/workshops/{workshop.assessment_id}/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/facilitator/sign-in")


# --- Joining ------------------------------------------------------------------------------------

def test_participants_join_with_the_code_and_answer_on_their_own(app, facilitator, workshop, questionnaire):
    phone, token = join(app, workshop.join_code.lower(), "Peter")
    quick = questionnaire.for_path("quick")
    assert post_section(phone, token, quick.sections[0], {quick.sections[0].questions[0].id: 3}).status_code == 302
    assert "Results come from the room" in phone.get(f"/r/{token}/results").get_data(as_text=True)
    live = soup(facilitator.get(f"/facilitator/workshops/{workshop.assessment_id}/live"))
    assert "Peter" in live.select_one(".people").get_text() and "1 of" in live.select_one(".people").get_text()


def test_the_code_page_names_a_wrong_code(app, workshop):
    phone = app.test_client()
    response = phone.post("/join", data={"csrf_token": csrf_token(phone, "/join"), "code": "ZZZZZZ"})
    assert response.status_code == 422 and "No workshop has this code" in soup(response).get_text()
    ok = phone.post("/join", data={"csrf_token": csrf_token(phone, "/join"), "code": workshop.join_code})
    assert ok.headers["Location"] == f"/w/{workshop.join_code}"


def test_a_personal_link_joins_once_and_then_leads_back_to_the_same_answers(app, facilitator, workshop):
    url = f"/facilitator/workshops/{workshop.assessment_id}/invites"
    facilitator.post(url, data={"csrf_token": csrf_token(facilitator, url.replace("invites", "manage")), "label": "CFO"})
    link = soup(facilitator.get(url.replace("invites", "manage"))).select_one(".invite-links input")["value"]
    path = link.split(": ", 1)[1].removeprefix("http://localhost")
    phone = app.test_client()
    response = phone.post(path, data={"csrf_token": csrf_token(phone, path), "name": "Cathy", **who("finance")})
    assert response.status_code == 302
    again = app.test_client().get(path)  # opened again: back to Cathy's own answers, not locked out
    assert again.status_code == 302 and again.headers["Location"] == response.headers["Location"]


def test_the_dashboard_shows_the_join_code_and_a_qr_code(facilitator, workshop):
    page = soup(facilitator.get(f"/facilitator/workshops/{workshop.assessment_id}/"))
    assert page.select_one(".join-code").get_text() == workshop.join_code
    assert page.select_one(".qr svg")


# --- Aggregates, anonymity, consensus ------------------------------------------------------------

def test_a_split_question_is_flagged_and_settled_in_the_room(app, facilitator, workshop, questionnaire):
    quick = questionnaire.for_path("quick")
    section = quick.sections[0]
    split, calm = section.questions[0], section.questions[1]
    for name, level, role in (("P1", 0, "sales"), ("P2", 2, "sales"), ("P3", 4, "executive")):
        phone, token = join(app, workshop.join_code, name, role)
        post_section(phone, token, section, {split.id: level, calm.id: 2})
        answer_the_rest(app, token)  # the team result shows a stage only once the answers place the team
    base = f"/facilitator/workshops/{workshop.assessment_id}"
    assert "The team's answers are not shown yet" in soup(facilitator.get(base + "/live")).get_text()
    fix_groups(facilitator, workshop.assessment_id)
    live = soup(facilitator.get(base + "/live"))
    flagged = [a.get_text() for a in live.select("#flag-heading ~ ul a")]
    assert flagged == [split.text]
    people = live.select_one(".people").get_text()
    assert "P1" in people and not re.search(r"level \d|answered [0-4]\b", people.lower())  # names, never answers
    # One leader and two others: under the floor of three, so only the whole room is shown, never a group.
    assert live.select(".heatmap") == [] and live.select_one(".team-summary").get_text().startswith("3 participants answered")

    assert facilitator.get(base + "/present").headers["Location"].endswith(f"/present/{split.id}")
    hidden = soup(facilitator.get(f"{base}/present/{split.id}"))
    assert hidden.find("table", class_="distribution") is None  # nothing shown before the reveal
    shown = soup(facilitator.get(f"{base}/present/{split.id}?reveal=1"))
    counts = dict(li.get_text().split(": ") for li in shown.select(".presenter-reveal ol li"))
    assert counts["0 · Absent"] == "1" and counts["2 · Defined"] == "1" and counts["4 · Optimised"] == "1"
    assert shown.select_one(".presenter-reveal svg title").get_text().endswith(split.text)
    assert "Median: level 2" in shown.select_one(".presenter-median").get_text()
    assert not shown.select("input[name=value][checked]")  # nothing chosen for the room before it decides
    url = f"{base}/present/{split.id}"
    response = facilitator.post(url, data={"csrf_token": csrf_token(facilitator, url), "value": "3",
                                           "rationale": "Signed charter, not yet shared widely"})
    assert response.status_code == 302

    results = soup(facilitator.get(base + "/results"))
    row = [r for r in results.select("#disagreements tbody tr") if r.th.get_text() == split.text][0]
    assert row.select("td")[1].get_text() == "3"
    assert "Agreed in the room: Signed charter, not yet shared widely" in row.get_text()
    answers = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text()
               for dt in results.select("#answers .answer-list dt")}
    assert answers[split.text].startswith("3")
    pdf = facilitator.get(base + "/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_finishing_shows_on_the_dashboard(app, facilitator, workshop):
    phone, token = join(app, workshop.join_code, "Fay")
    review = soup(phone.get(f"/r/{token}/review"))
    form = review.find("form", action=f"/r/{token}/finish")
    phone.post(form["action"], data={"csrf_token": form.find("input", {"name": "csrf_token"})["value"]})
    live = soup(facilitator.get(f"/facilitator/workshops/{workshop.assessment_id}/live"))
    assert "1 joined · 1 finished" in live.select_one(".live-summary").get_text()


# --- Rounds -------------------------------------------------------------------------------------

def test_a_self_assessment_round_compares_with_the_last_one(app, client, questionnaire):
    token = start_assessment(client, path="quick")
    quick = questionnaire.for_path("quick")
    for section in quick.sections:
        post_section(client, token, section, {q.id: 1 for q in section.questions})
    page = soup(client.get(f"/r/{token}/results"))
    assert page.find(id="rounds") is None
    form = page.find("form", action=f"/r/{token}/new-round")
    response = client.post(form["action"], data={"csrf_token": form.find("input", {"name": "csrf_token"})["value"]})
    second = re.match(r"/r/([^/]+)/plan/review$", response.headers["Location"]).group(1)  # it opens with the review
    assert second != token
    for section in quick.sections:
        post_section(client, second, section, {q.id: 3 for q in section.questions})
    rounds = soup(client.get(f"/r/{second}/results")).find(id="rounds")
    text = rounds.get_text(" ", strip=True)
    assert "Stage 2 (Stabilise) then, stage 5 (Accelerated growth) now: up 3" in text
    assert rounds.select("ul li")[0].get_text().endswith("level 1 → 3")


def test_a_workshop_round_starts_from_the_dashboard(app, facilitator, workshop):
    base = f"/facilitator/workshops/{workshop.assessment_id}/"
    response = facilitator.post(base + "next-round", data={"csrf_token": csrf_token(facilitator, base + "manage")})
    second = int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))
    page = soup(facilitator.get(f"/facilitator/workshops/{second}/"))
    assert "round 2" in page.find("h1").get_text()
    assert page.select_one(".join-code").get_text() != workshop.join_code


# --- Long sessions ------------------------------------------------------------------------------

def test_a_form_left_open_for_hours_still_saves(app, client, questionnaire, monkeypatch):
    token = start_assessment(client)
    section = questionnaire.sections[0]
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 4 * 3600)  # the page was loaded four hours ago
    stale = csrf_token(client, f"/r/{token}/s/{section.id}")
    monkeypatch.setattr(time, "time", real)
    response = client.post(f"/r/{token}/s/{section.id}", data={"csrf_token": stale, "save": "x",
                                                               section.questions[0].id: "2"})
    assert response.status_code == 302


# --- Demo -----------------------------------------------------------------------------------------

def test_the_demo_loads_a_workshop_a_newcomer_can_open_at_once(app, runner):
    first = runner.invoke(args=["demo"]).output
    output = runner.invoke(args=["demo"]).output  # loading twice replaces the demo, with a new password
    lines = output.splitlines()
    assert lines[0].startswith("Demo assessment loaded for") and lines[1].startswith("Open its results: ")
    assert "with 9 participants" in output
    password = re.search(r"password: (\S+)", output).group(1)
    assert password != re.search(r"password: (\S+)", first).group(1)
    host = app.test_client()
    assert sign_in(host, email=re.search(r"email: (\S+)", output).group(1), password=password).status_code == 302
    dashboard = soup(host.get(re.search(r"Its dashboard: http://[^/]+(\S+)", output).group(1)))
    assert dashboard.select_one(".team-summary").get_text().startswith("9 participants answered")
    assert [th.get_text(" ", strip=True) for th in dashboard.select(".heatmap thead th")][1:3] == [
        "Executives (3)", "Everyone else (6)"]
    assert dashboard.select(".small-multiples svg") and dashboard.select("#flag-heading ~ ul a")
    with app.app_context():
        from app.db import get_db
        assert len(store.workshops_of(get_db(), 1)) == 1  # the old demo workshop went
