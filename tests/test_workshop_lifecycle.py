"""A workshop's lifecycle: close (joins, links and saves refused), reopen, archive, remove a participant
(their answers leave every aggregate and the PDF), delete after confirmation, duplicate; the distributions CSV."""
from __future__ import annotations

import csv
import io
import re

import pytest
from factories import answer_the_rest, csrf_token, facilitator_client, fix_groups, page_state, soup, who
from pypdf import PdfReader

from app import store


@pytest.fixture
def host(app, client):
    return facilitator_client(app, name="Ann", client=client)


@pytest.fixture
def base(host) -> str:
    response = host.post("/facilitator/", data={"csrf_token": csrf_token(host, "/facilitator/"),
                                                "organisation": "Initech", "path": "quick"})
    return re.search(r"/facilitator/workshops/\d+/", response.headers["Location"]).group(0)


def code_of(host, base) -> str:
    return soup(host.get(base)).select_one(".join-code").get_text()


def join(app, code, name, role="executive"):
    phone = app.test_client()
    response = phone.post(f"/w/{code}", data={"csrf_token": csrf_token(phone, f"/w/{code}"), "name": name,
                                              **who(role)})
    assert response.status_code == 302, response.status_code
    return phone, re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)


def answer(phone, token, section, values: dict):
    url = f"/r/{token}/s/{section.id}"
    return phone.post(url, data={**page_state(phone, url), "save": "x", **{qid: str(v) for qid, v in values.items()}})


def post(host, base, path, **data):
    return host.post(base + path, data={"csrf_token": csrf_token(host, base + "manage"), **data})


def test_a_closed_session_refuses_joins_links_and_saves_and_says_so(app, host, base, questionnaire):
    section = questionnaire.for_path("quick").sections[0]
    code = code_of(host, base)
    phone, token = join(app, code, "Early")
    assert answer(phone, token, section, {section.questions[0].id: 2}).status_code == 302
    form_token = csrf_token(phone, f"/r/{token}/s/{section.id}")
    post(host, base, "invites", label="CFO")
    invite = soup(host.get(base + "manage")).select_one(".invite-links input")["value"].split(": ", 1)[1]

    assert post(host, base, "close", closed="1").status_code == 302
    late = app.test_client()
    refused = late.get(f"/w/{code}")
    assert refused.status_code == 410 and "This session has ended" in soup(refused).h1.get_text()
    assert late.get(invite.removeprefix("http://localhost")).status_code == 410
    saved = phone.post(f"/r/{token}/s/{section.id}", data={"csrf_token": form_token, "save": "x",
                                                          section.questions[0].id: "4"})
    assert saved.status_code == 410 and "This session has ended" in soup(saved).get_text()
    ended = phone.get(f"/r/{token}/")
    assert ended.status_code == 410 and "can no longer be given or changed" in soup(ended).get_text()
    with app.app_context():
        from app.db import get_db
        respondent = store.respondent_by_token(get_db(), token)
        assert store.load_answers(get_db(), respondent.id)[section.questions[0].id]["value"] == 2  # frozen

    assert post(host, base, "close", closed="0").status_code == 302
    assert answer(phone, token, section, {section.questions[0].id: 4}).status_code == 302
    join(app, code, "Late but welcome")


def test_an_archived_workshop_leaves_the_list_and_stays_closed(app, host, base):
    code = code_of(host, base)
    post(host, base, "archive", archived="1")
    home = soup(host.get("/facilitator/"))
    assert "Initech" not in home.select_one("table").get_text() if home.select_one("table") else True
    assert "Initech" in home.select_one("details.archived").get_text()
    assert app.test_client().get(f"/w/{code}").status_code == 410


def _team_numbers(host, base) -> tuple[str, list[list[str]], str, str]:
    live = soup(host.get(base + "live")).select_one(".team-summary").get_text(" ", strip=True)
    rows = list(csv.reader(io.StringIO(host.get(base + "distributions.csv").get_data(as_text=True).lstrip("\ufeff"))))
    results = soup(host.get(base + "results")).select_one("#team-view").get_text(" ", strip=True)
    pdf = host.get(base + "report.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    return live, rows, results, re.sub(r"\s+", " ", text)


def test_a_removed_participant_leaves_every_aggregate_and_the_pdf(app, host, base, questionnaire):
    section = questionnaire.for_path("quick").sections[0]
    first = section.questions[0]
    code = code_of(host, base)
    for name, level in (("Ada", 1), ("Bo", 1), ("Cy", 1), ("Stray", 4)):
        phone, token = join(app, code, name, "sales")
        answer(phone, token, section, {first.id: level})
        answer_the_rest(app, token)  # the team's results and PDF need answers that place the team
    fix_groups(host, int(base.split("/")[-2]))
    live, rows, results, pdf = _team_numbers(host, base)
    everyone = next(r for r in rows if r[1] == first.text and r[2] == "Everyone")
    assert everyone[3:9] == ["4", "0", "3", "0", "0", "1"]
    assert live.startswith("4 participants") and "4 participants answered" in results
    assert "4 participants answered" in pdf

    stray = next(li for li in soup(host.get(base + "manage")).select(".people li") if "Stray" in li.get_text())
    assert host.post(stray.form["action"], data={"csrf_token": stray.form.input["value"]}).status_code == 302
    rows = list(csv.reader(io.StringIO(host.get(base + "distributions.csv").get_data(as_text=True).lstrip("\ufeff"))))
    everyone = next(r for r in rows if r[1] == first.text and r[2] == "Everyone")
    # Three of the four shown before: the difference would be Stray's own answer, so the figure is withheld and
    # says why, rather than shown; nothing of the level 4 is left anywhere.
    assert everyone[3:10] == [""] * 7 and "differ by fewer than 3 people" in everyone[-1]
    live = soup(host.get(base + "live")).select_one(".team-summary").get_text(" ", strip=True)
    assert live.startswith("3 participants")
    waiting = soup(host.get(base + "results")).get_text(" ", strip=True)
    assert "not shown" in waiting and "someone joined or was removed" in waiting
    for name in ("Dee", "Eve", "Fay"):  # the room changes by three people: its figures come back, without Stray
        phone, token = join(app, code, name, "sales")
        answer(phone, token, section, {first.id: 2})
        answer_the_rest(app, token)
    live, rows, results, pdf = _team_numbers(host, base)
    everyone = next(r for r in rows if r[1] == first.text and r[2] == "Everyone")
    assert everyone[3:9] == ["6", "0", "3", "3", "0", "0"]  # the level 4 left with Stray
    assert live.startswith("6 participants") and "6 participants answered" in results
    assert "6 participants answered" in pdf and "4 participants" not in pdf
    assert "Stray" not in soup(host.get(base)).get_text()


def test_the_csv_hides_what_fewer_people_than_the_floor_answered(app, host, base, questionnaire):
    section = questionnaire.for_path("quick").sections[0]
    code = code_of(host, base)
    for name in ("Ada", "Bo"):
        phone, token = join(app, code, name)
        answer(phone, token, section, {section.questions[0].id: 3})
    rows = list(csv.reader(io.StringIO(host.get(base + "distributions.csv").get_data(as_text=True).lstrip("\ufeff"))))
    row = next(r for r in rows if r[1] == section.questions[0].text)
    assert row[3:10] == [""] * 7 and "Fewer than 3 people" in row[-1]
    phone, token = join(app, code, "Cy")
    answer(phone, token, section, {section.questions[0].id: 2})
    rows = list(csv.reader(io.StringIO(host.get(base + "distributions.csv").get_data(as_text=True).lstrip("\ufeff"))))
    row = next(r for r in rows if r[1] == section.questions[0].text)
    assert row[3:10] == [""] * 7 and "once the facilitator fixes the groups" in row[-1]  # three, but not shown yet
    fix_groups(host, int(base.split("/")[-2]))
    rows = list(csv.reader(io.StringIO(host.get(base + "distributions.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert next(r for r in rows if r[1] == section.questions[0].text)[3:9] == ["3", "0", "0", "1", "2", "0"]


@pytest.mark.parametrize("floor", ["2", "1", "0", "-1", "many", ""])
def test_the_floor_cannot_go_below_three(host, base, floor):
    response = post(host, base, "grouping", mode="seniority", leadership_levels="executive", floor=floor)
    assert response.status_code == 422 and soup(response).select_one("#grouping-heading ~ form .error")


def test_delete_needs_a_confirmation_then_removes_everything(app, host, base):
    code = code_of(host, base)
    join(app, code, "Ada")
    unconfirmed = host.post(base + "delete", data={"csrf_token": csrf_token(host, base + "delete")})
    assert unconfirmed.status_code == 422 and host.get(base).status_code == 200
    done = host.post(base + "delete", data={"csrf_token": csrf_token(host, base + "delete"), "confirm": "y"})
    assert done.status_code == 302 and host.get(base).status_code == 404
    assert app.test_client().get(f"/w/{code}").status_code == 404
    with app.app_context():
        from app.db import get_db
        assert get_db().execute("select count(*) from respondents").fetchone()[0] == 0


def test_duplicate_makes_a_fresh_workshop_for_another_client_with_the_same_settings(app, host, base):
    post(host, base, "grouping", mode="departments", floor="4")
    join(app, code_of(host, base), "Ada")
    response = post(host, base, "duplicate", organisation="Globex", keep=["grouping"])
    copy = re.search(r"/facilitator/workshops/\d+/", response.headers["Location"]).group(0)
    assert copy != base and "Globex" in soup(host.get(copy)).h1.get_text()
    assert code_of(host, copy) != code_of(host, base)
    assert "Nobody has joined yet" in soup(host.get(copy)).get_text()
    settings = soup(host.get(copy + "manage"))
    assert settings.select_one("#mode-departments").has_attr("checked") and settings.select_one("#floor")["value"] == "4"


def test_another_facilitator_cannot_touch_the_lifecycle(app, host, base):
    rival = facilitator_client(app, "rex@other.example", "Rex")
    token = csrf_token(rival, "/facilitator/")
    for path in ("manage", "distributions.csv", "delete"):
        assert rival.get(base + path).status_code == 404, path
    for path in ("close", "archive", "grouping", "duplicate", "invitations", "invitations/remind", "delete",
                 "participants/1/remove"):
        assert rival.post(base + path, data={"csrf_token": token, "closed": "1", "confirm": "y"}).status_code == 404
