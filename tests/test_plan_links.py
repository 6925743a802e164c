"""An action owner's own link: their actions only, read and update, expiring, stored as a hash, following the
owner into the next round; and nobody else's ids open anything."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import (
    adopt_actions,
    agree_everything,
    answer_enough,
    assessment_id_of,
    create_workshop,
    csrf_token,
    facilitator_client,
    fields_of,
    new_round,
    owner_link,
    plan_of,
    soup,
    start_assessment,
    update_action,
)

from app.store import token_hash

OWNERS = [("Ann Lee", "ann@client.example"), ("Bob Park", "bob@client.example"), ("Ann Lee", "ann@client.example")]


@pytest.fixture
def linked(app, client, questionnaire):
    """A quick self-assessment with three actions (Ann two, Bob one) and Ann's own link."""
    token = start_assessment(client, path="quick")
    answer_enough(client, token, questionnaire)
    adopt_actions(client, f"/r/{token}", OWNERS)
    return token, owner_link(client, f"/r/{token}", "Ann Lee"), plan_of(app, assessment_id_of(app, token))


def _own_update(client, link: str, action_id: int, **changes):
    page = soup(client.get(link))
    form = page.select_one(f"#action-{action_id} form")
    data = fields_of(form)
    data.update({f"a{action_id}-{key}": value for key, value in changes.items()})
    return client.post(form["action"], data=data)


def test_an_owner_link_opens_only_that_owners_actions(linked, app):
    _, link, actions = linked
    visitor = app.test_client()  # no session, no account
    page = soup(visitor.get(link))
    shown = [a["id"] for a in page.select("article.plan-action")]
    assert shown == [f"action-{actions[0].id}", f"action-{actions[2].id}"]
    assert "Bob Park" not in page.get_text()
    assert page.select(f"#action-{actions[1].id}") == []


def test_an_owner_updates_their_own_action_and_the_event_says_so(linked, app):
    token, link, actions = linked
    visitor = app.test_client()
    response = _own_update(visitor, link, actions[0].id, status="done", note="Shipped on Monday",
                           evidence="https://wiki.client.example/done")
    assert response.status_code == 302
    after = plan_of(app, assessment_id_of(app, token))[0]
    assert (after.status, after.note, after.evidence) == ("done", "Shipped on Monday", "https://wiki.client.example/done")
    assert {e.field: e.who for e in after.events[1:]} == {f: "Ann Lee (own link)" for f in ("status", "note", "evidence")}


def test_an_owner_link_changes_only_status_reason_note_and_evidence(linked, app):
    token, link, actions = linked
    visitor = app.test_client()
    page = soup(visitor.get(link))
    form = page.select_one(f"#action-{actions[0].id} form")
    data = fields_of(form)
    data.update({f"a{actions[0].id}-title": "Renamed", f"a{actions[0].id}-owner_name": "Mallory",
                 f"a{actions[0].id}-due": "2099-01-01", f"a{actions[0].id}-status": "in_progress"})
    assert visitor.post(form["action"], data=data).status_code == 302
    after = plan_of(app, assessment_id_of(app, token))[0]
    assert (after.title, after.owner.name, after.due, after.status) == (actions[0].title, "Ann Lee", actions[0].due,
                                                                        "in_progress")


def test_another_owners_action_is_refused_through_a_link(linked, app):
    token, link, actions = linked
    visitor = app.test_client()
    csrf = csrf_token(visitor, link)
    bobs = actions[1]
    response = visitor.post(f"{link}actions/{bobs.id}", data={"csrf_token": csrf, f"a{bobs.id}-status": "done"})
    assert response.status_code == 404
    assert plan_of(app, assessment_id_of(app, token))[1] == bobs


def test_an_expired_link_is_refused_and_says_so(linked, app):
    token, link, actions = linked
    visitor = app.test_client()
    csrf = csrf_token(visitor, link)
    with app.app_context():
        from app.db import get_db

        get_db().execute("update plan_links set expires_at = ?", [(date.today() - timedelta(days=1)).isoformat()])
        get_db().conn.commit()
    page = visitor.get(link)
    assert page.status_code == 410 and "This link has expired" in soup(page).find("h1").get_text()
    response = visitor.post(f"{link}actions/{actions[0].id}", data={"csrf_token": csrf, f"a{actions[0].id}-status": "done"})
    assert response.status_code == 410
    assert plan_of(app, assessment_id_of(app, token))[0].status == "not_started"


def test_an_unknown_link_is_not_found(client):
    assert client.get("/o/not-a-real-token/").status_code == 404
    assert client.get("/o/" + "x" * 300 + "/").status_code == 404


def test_only_the_links_hash_is_stored(linked, app):
    _, link, _ = linked
    token = link.strip("/").split("/")[-1]
    with app.app_context():
        from app.db import get_db

        stored = [row[0] for row in get_db().execute("select token_hash from plan_links").fetchall()]
    assert token_hash(token) in stored and token not in stored


def test_owner_pages_are_private_and_not_indexed(linked, app):
    _, link, _ = linked
    response = app.test_client().get(link)
    assert response.headers["Cache-Control"] == "private, no-store" and response.headers["X-Robots-Tag"] == "noindex"


def test_a_link_follows_its_owner_into_the_next_round_and_the_old_plan_is_frozen(linked, app, client):
    token, link, actions = linked
    second = new_round(client, token)
    visitor = app.test_client()
    page = soup(visitor.get(link))
    assert "round 2" in page.select_one(".lead").get_text()
    carried = plan_of(app, assessment_id_of(app, second))
    anns = [a for a in carried if a.owner.name == "Ann Lee"]
    assert [a["id"] for a in page.select("article.plan-action")] == [f"action-{a.id}" for a in anns]
    assert _own_update(visitor, link, anns[0].id, status="done").status_code == 302
    assert plan_of(app, assessment_id_of(app, second))[0].status == "done"
    # The reviewed round's plan is kept as it was: its page has no edit form, and a post from a stale tab changes nothing.
    page = soup(client.get(f"/r/{token}/plan"))
    assert page.select("article.plan-action form") == [] and "reviewed when round 2 started" in page.get_text()
    response = client.post(f"/r/{token}/plan/{actions[1].id}", data={
        "csrf_token": csrf_token(client, f"/r/{token}/branding"), f"a{actions[1].id}-status": "done",
        f"a{actions[1].id}-title": actions[1].title})
    assert response.status_code == 302
    assert plan_of(app, assessment_id_of(app, token)) == actions
    assert "read-only" in soup(client.get(f"/r/{token}/plan")).select_one(".flash").get_text()


def test_an_owner_stops_and_restarts_their_reminders(linked, app):
    _, link, _ = linked
    visitor = app.test_client()
    form = soup(visitor.get(link)).select_one("form[action$='/reminders/own']")
    assert visitor.post(form["action"], data=fields_of(form)).status_code == 302
    page = soup(visitor.get(link))
    assert "You get no reminder emails" in page.get_text()
    form = page.select_one("form[action$='/reminders/own']")
    assert fields_of(form)["off"] == "0"


def test_a_second_owner_cannot_reach_the_first_owners_plan(linked, app, questionnaire):
    token, _, actions = linked
    other = app.test_client()
    other_token = start_assessment(other, organisation="Globex", path="quick")
    answer_enough(other, other_token, questionnaire)
    csrf = csrf_token(other, f"/r/{other_token}/plan")
    response = other.post(f"/r/{other_token}/plan/{actions[0].id}", data={"csrf_token": csrf,
                                                                          f"a{actions[0].id}-status": "done"})
    assert response.status_code == 404
    response = other.post(f"/r/{other_token}/plan/links", data={"csrf_token": csrf, "owner_id": str(actions[0].owner.id),
                                                                "days": "30"})
    assert response.status_code == 404
    assert plan_of(app, assessment_id_of(app, token)) == actions


def test_a_second_facilitator_cannot_reach_another_facilitators_plan(app):
    ann = facilitator_client(app, "ann@consult.example", "Ann")
    bob = facilitator_client(app, "bob@consult.example", "Bob")
    workshop = create_workshop(ann)
    agree_everything(app, workshop)
    base = f"/facilitator/workshops/{workshop}"
    adopt_actions(ann, base, [("Cy Diaz", "")])
    action = plan_of(app, workshop)[0]
    for path in ("/plan", "/targets", "/plan.csv", "/plan/review"):
        assert ann.get(base + path).status_code == 200, path
        assert bob.get(base + path).status_code == 404, path
    csrf = csrf_token(bob, "/facilitator/")
    assert bob.post(f"{base}/plan/{action.id}", data={"csrf_token": csrf, f"a{action.id}-status": "done"}).status_code == 404
    assert plan_of(app, workshop)[0] == action
    assert ann.get(base + "/plan").status_code == 200
    assert update_action(ann, base, action.id, status="done").status_code == 302
    assert plan_of(app, workshop)[0].events[-1].who == "Ann (facilitator)"
