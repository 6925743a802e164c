"""The access gate: every route, walked with every kind of visitor, against app.access.RULES and the README."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from factories import answer_enough, csrf_token, soup, start_assessment
from werkzeug.security import generate_password_hash

from app import access, store

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "an unguessable facilitator passphrase 42"
EXPIRES = (date.today() + timedelta(days=30)).isoformat()


def _facilitator(app, email):
    """A signed-in facilitator on their own client."""
    with app.app_context():
        from app.db import get_db

        store.create_facilitator(get_db(), email, email.split("@")[0], generate_password_hash(PASSWORD))
    client = app.test_client()
    url = "/facilitator/sign-in"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _workshop(client) -> tuple[int, str]:
    response = client.post("/facilitator/", data={"csrf_token": csrf_token(client, "/facilitator/"),
                                                  "organisation": "Initech", "path": "quick"})
    assessment_id = int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))
    code = soup(client.get(f"/facilitator/workshops/{assessment_id}/")).find(class_="join-code").get_text(strip=True)
    return assessment_id, code


def _join(app, code, name, level, questionnaire):
    """A participant who answers every quick-path question at one level."""
    phone = app.test_client()
    url = f"/w/{code}"
    response = phone.post(url, data={"csrf_token": csrf_token(phone, url), "name": name, "role": "executive"})
    token = re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)
    with app.app_context():
        from app.db import get_db

        respondent = store.respondent_by_token(get_db(), token)
        store.save_answers(get_db(), respondent.id, {q: (level, "") for q in questionnaire.for_path("quick").questions})
    return phone, token


def _share(client, manage_url) -> str:
    response = client.post(manage_url, data={"csrf_token": csrf_token(client, manage_url), "label": "board",
                                             "expires": EXPIRES})
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.search(r"/s/([^/\"<]+)/", client.get(manage_url).get_data(as_text=True)).group(1)


@pytest.fixture
def world(app, questionnaire):
    """Two owners, two facilitators, two participants of the first facilitator's workshop, share links."""
    owner = app.test_client()
    owner_token = start_assessment(owner, path="quick")
    answer_enough(owner, owner_token, questionnaire)
    other_owner = app.test_client()
    other_token = start_assessment(other_owner, organisation="Globex", path="quick")
    answer_enough(other_owner, other_token, questionnaire)
    ann = _facilitator(app, "ann@consult.example")
    bob = _facilitator(app, "bob@consult.example")
    workshop_id, code = _workshop(ann)
    bobs_workshop, _ = _workshop(bob)
    p1, p1_token = _join(app, code, "Pat", 0, questionnaire)
    p2, p2_token = _join(app, code, "Sam", 4, questionnaire)
    _join(app, code, "Kim", 4, questionnaire)
    return {
        "owner": (owner, owner_token), "other_owner": (other_owner, other_token), "ann": ann, "bob": bob,
        "workshop": workshop_id, "bobs_workshop": bobs_workshop, "p1": (p1, p1_token), "p2": (p2, p2_token),
        "owner_share": _share(owner, f"/r/{owner_token}/share"),
        "team_share": _share(ann, f"/facilitator/workshops/{workshop_id}/share"),
    }


# What each action opens, for a visitor who reaches assessments through a private link (/r/<token>),
# a facilitator's workshop (/facilitator/workshops/<id>) or a share link (/s/<token>).
BY_TOKEN = {
    "answer": ["/", "/s/charter", "/review"], "results": ["/results"], "pdf": ["/report.pdf"],
    "charter": ["/charter/", "/charter/vision"], "charter_versions": ["/charter/versions"],
    "exports": ["/charter.md", "/charter.docx", "/roadmap.csv"], "deck": ["/deck.pptx"], "share": ["/share"],
}
BY_WORKSHOP = {
    "results": ["/results"], "pdf": ["/report.pdf"], "charter": ["/charter/", "/charter/vision"],
    "charter_versions": ["/charter/versions"],
    "exports": ["/charter.md", "/charter.docx", "/roadmap.csv"], "deck": ["/deck.pptx"], "share": ["/share"],
    "run_workshop": ["/", "/live"],
}
BY_SHARE = {"results": ["/"], "pdf": ["/report.pdf"], "charter": ["/charter/"], "exports": ["/roadmap.csv"],
            "deck": ["/deck.pptx"]}


def _walk(client, base, table, role, published=False):
    for action, suffixes in table.items():
        for suffix in suffixes:
            status = client.get(base + suffix).status_code
            if access.may(role, action, published):
                assert status == 200, (role, action, base + suffix, status)
            else:
                assert status in (403, 404), (role, action, base + suffix, status)


def test_an_owner_opens_everything_of_their_own_assessment(world):
    client, token = world["owner"]
    _walk(client, f"/r/{token}", BY_TOKEN, "owner")


def test_a_participant_opens_their_answers_and_nothing_of_the_team(world):
    client, token = world["p1"]
    _walk(client, f"/r/{token}", {k: v for k, v in BY_TOKEN.items() if k != "results"}, "participant")
    assert soup(client.get(f"/r/{token}/results")).find(id="where-you-stand") is None  # not published yet
    page = client.get(f"/r/{token}/report.pdf")
    assert page.status_code == 403
    assert "facilitator" in soup(page).get_text()


def test_a_facilitator_opens_everything_of_their_workshop(world):
    _walk(world["ann"], f"/facilitator/workshops/{world['workshop']}", BY_WORKSHOP, "facilitator")


def test_a_second_facilitator_gets_404_for_every_page_of_anothers_workshop(world):
    base = f"/facilitator/workshops/{world['workshop']}"
    for suffixes in BY_WORKSHOP.values():
        for suffix in suffixes:
            assert world["bob"].get(base + suffix).status_code == 404, suffix
    assert world["ann"].get(f"/facilitator/workshops/{world['bobs_workshop']}/").status_code == 404


def test_a_share_viewer_opens_the_report_only(world, client):
    _walk(client, f"/s/{world['owner_share']}", BY_SHARE, "viewer")
    _walk(client, f"/s/{world['team_share']}", BY_SHARE, "viewer")


def test_signed_out_visitors_are_sent_to_sign_in_from_workshop_pages(world, client):
    response = client.get(f"/facilitator/workshops/{world['workshop']}/charter/")
    assert response.status_code == 302 and "/facilitator/sign-in" in response.headers["Location"]


def test_the_team_result_reaches_participants_only_once_published(world):
    phone, token = world["p1"]
    assert soup(phone.get(f"/r/{token}/results")).find(id="where-you-stand") is None
    ann, results = world["ann"], f"/facilitator/workshops/{world['workshop']}/results"
    response = ann.post(f"/facilitator/workshops/{world['workshop']}/publish",
                        data={"csrf_token": csrf_token(ann, results), "publish": "1"})
    assert response.status_code == 302
    page = soup(phone.get(f"/r/{token}/results"))
    assert page.find(id="where-you-stand") is not None
    assert page.find("a", href=re.compile(r"charter|share|report\.pdf")) is None  # read-only: no team tools
    _walk(phone, f"/r/{token}", BY_TOKEN, "participant", published=True)


def test_a_participant_cannot_create_share_links(world):
    phone, token = world["p1"]
    response = phone.post(f"/r/{token}/share", data={"csrf_token": csrf_token(phone, f"/r/{token}/s/charter"),
                                                    "label": "leak", "expires": EXPIRES})
    assert response.status_code == 403
    with phone.application.app_context():
        from app.db import get_db

        assert len(store.share_links(get_db(), world["workshop"])) == 1  # the facilitator's only


def test_a_participant_cannot_edit_the_team_charter(world):
    phone, token = world["p1"]
    response = phone.post(f"/r/{token}/charter/vision", data={"csrf_token": csrf_token(phone, f"/r/{token}/s/charter"),
                                                              "body": "Participant text"})
    assert response.status_code == 403
    ann = world["ann"]
    assert "Participant text" not in ann.get(f"/facilitator/workshops/{world['workshop']}/charter/vision").get_data(
        as_text=True)


def test_the_team_roadmap_and_charter_come_from_the_agreed_view_not_a_participant(world, app, questionnaire):
    """Regression: the charter builder used the first participant's answers as the team's."""
    ann = world["ann"]
    rows = list(csv.DictReader(io.StringIO(
        ann.get(f"/facilitator/workshops/{world['workshop']}/roadmap.csv").get_data(as_text=True).lstrip("\ufeff"))))
    # Pat answered 0 everywhere, Sam and Kim 4: the team's view is level 4, so nothing is left to do;
    # built from Pat's answers alone, every question would be an action.
    assert len(rows) < len(questionnaire.for_path("quick").questions) // 2

    with app.app_context():
        from app.db import get_db

        found = store.load_assessment(get_db(), world["workshop"])
        answers = access.context_of(found).answers
    assert set(answers.values.values()) == {4}


def test_another_owners_share_link_cannot_be_revoked(world):
    other, token = world["other_owner"]
    with other.application.app_context():
        from app.db import get_db

        link_id = store.share_links(get_db(), store.respondent_by_token(get_db(), world["owner"][1]).assessment_id)[0].id
    response = other.post(f"/r/{token}/share/{link_id}/revoke", data={"csrf_token": csrf_token(other, f"/r/{token}/share")})
    assert response.status_code == 404


@pytest.mark.parametrize("path", [
    "/facilitator/workshops/99999999999999999999/", "/facilitator/workshops/99999999999999999999/results",
    "/facilitator/workshops/99999999999999999999/charter/", "/facilitator/workshops/9223372036854775808/report.pdf",
    "/facilitator/workshops/-1/",
])
def test_ids_too_large_for_sqlite_are_not_found(world, path):
    assert world["ann"].get(path).status_code == 404


def test_revoking_an_id_too_large_for_sqlite_is_not_found(world):
    client, token = world["owner"]
    response = client.post(f"/r/{token}/share/99999999999999999999/revoke",
                           data={"csrf_token": csrf_token(client, f"/r/{token}/share")})
    assert response.status_code == 404


def test_the_readme_access_table_is_the_policy():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    header = "| what | " + " | ".join(access.ROLES.values()) + " |"
    assert header in readme
    for row in access.access_table():
        assert "| " + " | ".join(row) + " |" in readme, row
