"""Carry-over: a new round keeps the organisation's work; a copy for another client keeps what the facilitator ticks;
an invitation link opens again for the same person until the session closes."""
from __future__ import annotations

import re

from factories import answer_enough, create_workshop, csrf_token, facilitator_client, soup, start_assessment, who

from app import store
from app.core.profile import Profile
from app.store import branding

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
VISION = "Customers who grow with us, every quarter."


def _db():
    from app.db import get_db

    return get_db()


def _dress(app, assessment_id: int) -> None:
    """What a team builds besides its answers: branding, profile, a charter edit."""
    with app.app_context():
        branding.save_branding(_db(), assessment_id, "#0f766e", "Prepared by Ann Consulting", (PNG, "image/png"))
        store.save_profile(_db(), assessment_id, Profile(business_model="b2b_saas", customers=900))
        store.save_charter_section(_db(), assessment_id, "vision", VISION)


def _carried(app, assessment_id: int) -> dict:
    with app.app_context():
        found = branding.load_branding(_db(), assessment_id)
        return {"branding": found and (found.accent, found.prepared_by, found.logo == PNG),
                "profile": store.load_profile(_db(), assessment_id).customers,
                "charter": store.load_charter(_db(), assessment_id)["sections"].get("vision")}


def test_a_new_self_assessment_round_keeps_branding_profile_charter_and_who_answers(app, client, questionnaire):
    token = start_assessment(client, department="customer_success", level="head_of", path="quick")
    answer_enough(client, token, questionnaire)
    with app.app_context():
        first = store.respondent_by_token(_db(), token)
    _dress(app, first.assessment_id)
    response = client.post(f"/r/{token}/new-round", data={"csrf_token": csrf_token(client, f"/r/{token}/results")})
    new_token = re.match(r"/r/([^/]+)/plan/review$", response.headers["Location"]).group(1)
    with app.app_context():
        second = store.respondent_by_token(_db(), new_token)
        assert store.load_answers(_db(), second.id) == {}  # the new round is answered afresh
    assert second.assessment_id != first.assessment_id and (second.department, second.level) == ("customer_success", "head_of")
    assert _carried(app, second.assessment_id) == {"branding": ("#0f766e", "Prepared by Ann Consulting", True),
                                                   "profile": 900, "charter": VISION}


def _facilitator(app):
    """A signed-in facilitator and their first workshop's id."""
    host = facilitator_client(app, name="Ann")
    return host, create_workshop(host)


def _post(host, wid, path, **data):
    base = f"/facilitator/workshops/{wid}/"
    return host.post(base + path, data={"csrf_token": csrf_token(host, base + "manage"), **data})


def test_the_next_workshop_round_keeps_everything_but_the_answers(app):
    host, wid = _facilitator(app)
    _dress(app, wid)
    _post(host, wid, "grouping", mode="departments", floor="4")
    _post(host, wid, "invitations", addresses="cfo@initech.example\ncro@initech.example")
    _post(host, wid, "invites", label="Head of support")
    response = _post(host, wid, "next-round")
    nxt = int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))
    assert "3 invitation(s) from the last round are ready to send" in soup(host.get(response.headers["Location"])).get_text()
    assert _carried(app, nxt) == {"branding": ("#0f766e", "Prepared by Ann Consulting", True), "profile": 900,
                                  "charter": VISION}
    settings = soup(host.get(f"/facilitator/workshops/{nxt}/manage"))
    assert settings.select_one("#mode-departments").has_attr("checked") and settings.select_one("#floor")["value"] == "4"
    carried = settings.select_one(".carried").get_text(" ", strip=True)
    assert "cfo@initech.example, cro@initech.example, Head of support" in carried
    sent = _post(host, nxt, "invitations/carried")  # no mail server: the links are shown to copy
    links = [i["value"].split(": ", 1)[1] for i in soup(host.get(sent.headers["Location"])).select(".invite-links input")]
    assert len(links) == 3
    phone = app.test_client()
    path = links[0].removeprefix("http://localhost")
    joined = phone.post(path, data={"csrf_token": csrf_token(phone, path), "name": "Casey", **who("finance")})
    assert joined.status_code == 302
    with app.app_context():
        assert [p["name"] for p in store.participants(_db(), nxt)] == ["Casey"]


def test_a_copy_for_another_client_asks_which_parts_to_keep(app):
    host, wid = _facilitator(app)
    _dress(app, wid)
    form = soup(host.get(f"/facilitator/workshops/{wid}/manage")).find("form", action=re.compile("duplicate$"))
    offered = {box["value"]: box.has_attr("checked") for box in form.select("input[name=keep]")}
    assert offered == {"branding": True, "grouping": True, "profile": False, "charter": False, "invitations": False}
    response = _post(host, wid, "duplicate", organisation="Globex", keep=["branding", "charter"])
    copy = int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))
    assert _carried(app, copy) == {"branding": ("#0f766e", "Prepared by Ann Consulting", True), "profile": None,
                                   "charter": VISION}


def test_an_invitation_link_opens_again_until_the_session_closes(app):
    host, wid = _facilitator(app)
    _post(host, wid, "invites", label="CFO")
    link = soup(host.get(f"/facilitator/workshops/{wid}/manage")).select_one(".invite-links input")["value"]
    path = link.split(": ", 1)[1].removeprefix("http://localhost")
    phone = app.test_client()
    joined = phone.post(path, data={"csrf_token": csrf_token(phone, path), "name": "Cathy", **who("finance")})
    for _ in range(2):  # twice, from another browser: the same private link each time
        again = app.test_client().get(path)
        assert again.status_code == 302 and again.headers["Location"] == joined.headers["Location"]
    assert app.test_client().get(again.headers["Location"]).status_code == 200
    _post(host, wid, "close", closed="1")
    ended = app.test_client().get(path)
    assert ended.status_code == 410 and "This session has ended" in soup(ended).h1.get_text()
