"""The access gate: every route, walked with every kind of visitor, against app.access.RULES and the README."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from factories import answer_enough, csrf_token, fix_groups, soup, start_assessment, who
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
    response = phone.post(url, data={"csrf_token": csrf_token(phone, url), "name": name, **who()})
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
    fix_groups(ann, workshop_id)  # the team's figures (and the stage they place) show from here on
    return {
        "owner": (owner, owner_token), "other_owner": (other_owner, other_token), "ann": ann, "bob": bob,
        "workshop": workshop_id, "bobs_workshop": bobs_workshop, "p1": (p1, p1_token), "p2": (p2, p2_token),
        "owner_share": _share(owner, f"/r/{owner_token}/share"),
        "team_share": _share(ann, f"/facilitator/workshops/{workshop_id}/share"),
    }


# Every route each action opens, by mount: a private link (/r/<token>), a facilitator's workshop
# (/facilitator/workshops/<id>) or a share link (/s/<token>). A POST route is pressed with a valid CSRF token.
ROUTES = {
    "answer": {"token": [("GET", "/"), ("GET", "/s/charter"), ("GET", "/review")]},
    "results": {"token": [("GET", "/results")], "workshop": [("GET", "/results")], "share": [("GET", "/")]},
    "pdf": {"token": [("GET", "/report.pdf")], "workshop": [("GET", "/report.pdf")], "share": [("GET", "/report.pdf")]},
    "profile": {"token": [("GET", "/profile")], "workshop": [("GET", "/profile")]},
    "charter": {"token": [("GET", "/charter/"), ("GET", "/charter/vision")],
                "workshop": [("GET", "/charter/"), ("GET", "/charter/vision")]},
    "exports": {"token": [("GET", "/charter.md"), ("GET", "/charter.docx"), ("GET", "/roadmap.csv")],
                "workshop": [("GET", "/charter.md"), ("GET", "/charter.docx"), ("GET", "/roadmap.csv")]},
    "share": {"token": [("GET", "/share")], "workshop": [("GET", "/share")]},
    "new_round": {"token": [("POST", "/new-round")], "workshop": [("POST", "/next-round")]},
    "run_workshop": {"workshop": [("GET", "/"), ("GET", "/live"), ("GET", "/manage")]},
    "branding": {"token": [("GET", "/branding")], "workshop": [("GET", "/branding")]},
    "plan": {"token": [("GET", "/targets"), ("GET", "/plan"), ("GET", "/plan.csv"), ("GET", "/plan/review")],
             "workshop": [("GET", "/targets"), ("GET", "/plan"), ("GET", "/plan.csv"), ("GET", "/plan/review")]},
    "own_actions": {"owner_link": [("GET", "/")]},
    "delete": {"token": [("GET", "/delete")], "workshop": [("GET", "/delete")]},
    "charter_versions": {"token": [("GET", "/charter/versions")], "workshop": [("GET", "/charter/versions")]},
    "deck": {"token": [("GET", "/deck.pptx")], "workshop": [("GET", "/deck.pptx")]},
    "approve": {"approval_link": [("GET", "/")]},
}
MOUNT = {"owner": "token", "participant": "token", "facilitator": "workshop", "viewer": "share",
         "action_owner": "owner_link", "sponsor": "approval_link"}
# The policy as it stands, frozen: the walk compares the running gate with it (and the mutation check flips the gate).
POLICY = {action: dict(rule) for action, (_, rule) in access.RULES.items()}


def _allowed(role, action, published=False) -> bool:
    rule = POLICY[action].get(role, False)
    return rule is True or (rule == access.PUBLISHED and published)


def _base(world, role) -> tuple:
    """(client, url prefix, a page of theirs to take a CSRF token from) for one kind of visitor."""
    if role == "facilitator":
        base = f"/facilitator/workshops/{world['workshop']}"
        return world["ann"], base, "/facilitator/"
    if role == "viewer":
        return world["viewer"], f"/s/{world['owner_share']}", "/"
    if role == "action_owner":
        return world["viewer"], world["owner_link"].rstrip("/"), "/"
    if role == "sponsor":
        return world["viewer"], world["approval_link"].rstrip("/"), "/"
    client, token = world["owner"] if role == "owner" else world["p1"]
    return client, f"/r/{token}", f"/r/{token}/s/charter"


def _status(client, method, url, token_page) -> int:
    if method == "POST":
        return client.post(url, data={"csrf_token": csrf_token(client, token_page)}).status_code
    return client.get(url).status_code


def _probe(world, role, action, published=False) -> list[str]:
    """What differs from the policy for one role and one action: [] when the gate does exactly what it says.

    Allowed: 200 (302 for a POST), and for a participant's results, the team result itself. Denied where the
    mount has the route: 403 with a sentence. Denied where it has none (a share link has no charter): 404.
    """
    client, base, token_page = _base(world, role)
    allowed, problems = _allowed(role, action, published), []
    own = ROUTES[action].get(MOUNT[role], [])
    for method, suffix in own:
        status = _status(client, method, base + suffix, token_page)
        want = (302 if method == "POST" else 200) if allowed else 403
        if role == "participant" and action == "results" and status == 200:  # the page says "not published yet"
            shown = soup(client.get(base + suffix)).find(id="where-you-stand") is not None
            status = 200 if shown else 403
        if status != want:
            problems.append(f"{role} {method} {base + suffix}: {status}, the policy says {want}")
    elsewhere = {route for mount, routes in ROUTES[action].items() if mount != MOUNT[role] for route in routes}
    for method, suffix in sorted(elsewhere - set(own)):
        if method == "GET" and (status := client.get(base + suffix).status_code) not in (200, 404):
            problems.append(f"{role} GET {base + suffix}: {status}, no such page for this link should be 404")
    return problems


def _walk(world, role, published=False) -> None:
    problems = [p for action in ROUTES for p in _probe(world, role, action, published) if action != "new_round"]
    assert not problems, problems


@pytest.fixture
def fast_pdf(monkeypatch):
    """The walk checks who may open the PDF, not WeasyPrint: the HTML is built, the render skipped."""
    from app.report import pdf

    monkeypatch.setattr(pdf, "render", lambda html, paper, **limits: b"%PDF-1.7 walk")


@pytest.fixture
def walked(world, app, fast_pdf):
    from factories import adopt_actions, owner_link, send_for_approval

    client, token = world["owner"]
    adopt_actions(client, f"/r/{token}", [("Ann Lee", "ann@client.example")])
    link = owner_link(client, f"/r/{token}", "Ann Lee").removeprefix("http://localhost")
    approval = send_for_approval(client, token)
    return {**world, "viewer": app.test_client(), "owner_link": link, "approval_link": approval}


@pytest.mark.parametrize("role", ["owner", "participant", "facilitator", "viewer", "action_owner", "sponsor"])
def test_every_route_answers_as_the_policy_says(walked, role):
    _walk(walked, role)


def test_starting_a_round_is_the_owners_and_the_facilitators(walked):
    for role in MOUNT:
        assert not _probe(walked, role, "new_round"), role


def test_every_rule_of_the_policy_is_held_by_the_walk(walked, monkeypatch):
    """Mutation check: flip any single cell of the gate's rules and the walk sees the difference."""
    survivors = []
    for action, (what, rule) in access.RULES.items():
        for role in MOUNT:
            if not ROUTES[action].get(MOUNT[role]):
                continue  # no page of this action under this kind of link: nothing a flip could open
            flipped = {**rule, role: not _allowed(role, action)}
            monkeypatch.setitem(access.RULES, action, (what, flipped))
            if not _probe(walked, role, action):
                survivors.append((action, role))
            monkeypatch.setitem(access.RULES, action, (what, rule))
    assert not survivors, f"flipping these cells of access.RULES changes nothing the tests see: {survivors}"


def test_every_action_of_the_policy_has_routes_to_walk():
    assert set(ROUTES) == set(access.RULES)


def test_a_second_facilitator_gets_404_for_every_page_of_anothers_workshop(world, fast_pdf):
    base = f"/facilitator/workshops/{world['workshop']}"
    for routes in ROUTES.values():
        for method, suffix in routes.get("workshop", []):
            if method == "GET":
                assert world["bob"].get(base + suffix).status_code == 404, suffix
    assert world["ann"].get(f"/facilitator/workshops/{world['bobs_workshop']}/").status_code == 404


def test_a_participants_denied_page_says_whose_it_is(world):
    client, token = world["p1"]
    page = client.get(f"/r/{token}/report.pdf")
    assert page.status_code == 403
    assert "facilitator" in soup(page).get_text()


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
    assert not [p for action in ROUTES if action != "new_round" for p in _probe(world, "participant", action, True)]


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


def test_an_action_owners_link_opens_their_actions_and_nothing_else(world, app):
    from factories import adopt_actions, owner_link

    client, token = world["owner"]
    adopt_actions(client, f"/r/{token}", [("Ann Lee", "ann@client.example")])
    link = owner_link(client, f"/r/{token}", "Ann Lee")
    assert app.test_client().get(link).status_code == 200
    assert [action for action in access.RULES if access.may("action_owner", action)] == ["own_actions"]
    assert not any(access.may(role, "own_actions") for role in access.ROLES if role != "action_owner")
