"""The demo is read-only: visitors look, and "Try it with your own copy" gives them a private copy to change."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import csrf_token, soup, start_assessment

from app import access, store


@pytest.fixture
def demo_token(runner, app):
    """The demo loaded by `flask demo`, as a visitor reaches it: its private link."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    link = (Path(app.instance_path) / "demo-link.txt").read_text().strip()
    return re.search(r"/r/([^/]+)/results$", link).group(1)


def answers(app, token) -> dict:
    with app.app_context():
        from app.db import get_db

        return store.load_answers(get_db(), store.respondent_by_token(get_db(), token).id)


def charter_sections(app, token) -> dict:
    with app.app_context():
        from app.db import get_db

        return store.load_charter(get_db(), store.respondent_by_token(get_db(), token).assessment_id)["sections"]


def test_the_rule_refuses_changes_to_the_demo_only():
    for action in ("answer", "profile", "charter", "share"):
        assert access.demo_refuses(action, is_demo=True, changes=True)
        assert not access.demo_refuses(action, is_demo=True, changes=False)  # looking is fine
        assert not access.demo_refuses(action, is_demo=False, changes=True)  # anyone's own assessment is theirs
    assert not access.demo_refuses("results", is_demo=True, changes=True)


def test_the_demo_can_be_looked_at_with_the_offer_of_a_copy(client, demo_token):
    for path in ("results", "", "review", "charter/", "charter/vision", "profile", "share"):
        response = client.get(f"/r/{demo_token}/{path}")
        assert response.status_code == 200, path
        assert soup(response).select_one(".demo-banner button").get_text() == "Try it with your own copy", path


def test_the_demo_refuses_every_change_with_a_clear_page(app, client, demo_token):
    before, first = answers(app, demo_token), next(iter(answers(app, demo_token)))
    url = f"/r/{demo_token}/"
    section = client.get(url + "results")  # any page of the demo gives a CSRF token
    token = soup(section).find("input", {"name": "csrf_token"})["value"]
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]
    changes = {
        f"s/{questionnaire.sections[0].id}": {first: "0", "save": "x"},
        "profile": {"employees": "50"},
        "charter/vision": {"body": "Vandalised", "save": "x"},
        "share": {"label": "Mine", "expires": "2030-01-01"},
        "new-round": {},
    }
    for path, data in changes.items():
        response = client.post(url + path, data={"csrf_token": token, **data})
        assert response.status_code == 403, path
        assert soup(response).find("h1").get_text() == "The demo cannot be changed", path
        assert "Nothing you sent was saved" in response.get_data(as_text=True)
    assert answers(app, demo_token) == before
    assert charter_sections(app, demo_token) == {}
    with app.app_context():
        from app.db import get_db

        demo_id = store.respondent_by_token(get_db(), demo_token).assessment_id
        assert store.share_links(get_db(), demo_id) == []
    # The live preview changes nothing, so the demo's charter editor still previews.
    preview = client.post(url + "charter/vision/preview", data={"csrf_token": token, "body": "*Mine*"})
    assert preview.status_code == 200 and "<em>Mine</em>" in preview.get_json()["preview"]


def test_a_visitor_gets_a_private_copy_they_can_change(app, client, demo_token):
    page = soup(client.get(f"/r/{demo_token}/results"))
    form = page.select_one(".demo-banner form")
    response = client.post(form["action"], data={"csrf_token": form.find("input", {"name": "csrf_token"})["value"]})
    assert response.status_code == 302
    copy = re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)
    assert copy != demo_token and answers(app, copy) == answers(app, demo_token)
    home = soup(client.get(f"/r/{copy}/"))
    assert home.find("h1").get_text() == "Northwind Analytics (your copy)"
    assert not home.select(".demo-banner") and "your own copy of the demo" in home.select_one(".flash").get_text()
    url = f"/r/{copy}/charter/vision"
    saved = client.post(url, data={"csrf_token": csrf_token(client, url), "body": "Ours now.", "save": "x"})
    assert saved.status_code == 302 and charter_sections(app, copy) == {"vision": "Ours now."}
    assert charter_sections(app, demo_token) == {}
    # Reloading the demo replaces the demo, never a visitor's copy.
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    assert client.get(f"/r/{copy}/").status_code == 200


def test_the_copy_is_named_for_the_visitors_organisation(app, client, demo_token):
    form = soup(client.get(f"/r/{demo_token}/results")).select_one(".demo-banner form")
    assert form.find("label", string="Your organisation (optional)") is not None
    token = form.find("input", {"name": "csrf_token"})["value"]
    too_long = client.post(form["action"], data={"csrf_token": token, "organisation": "x" * 121})
    assert too_long.status_code == 302 and too_long.headers["Location"].endswith("/results")
    response = client.post(form["action"], data={"csrf_token": token, "organisation": "  Initech  "})
    copy = re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)
    assert soup(client.get(f"/r/{copy}/")).find("h1").get_text() == "Initech"
    assert answers(app, copy) == answers(app, demo_token)


def test_only_the_demo_can_be_copied(app, client):
    token = start_assessment(client)
    response = client.post(f"/r/{token}/copy", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    with app.app_context():
        from app.db import get_db

        assert not store.load_assessment(get_db(), store.respondent_by_token(get_db(), token).assessment_id).demo


def test_the_demo_shows_a_second_round_that_reviews_the_first_rounds_plan(app, client, demo_token):
    page = soup(client.get(f"/r/{demo_token}/plan/review"))
    assert page.find("h1").get_text().startswith("Round 2 of Northwind Analytics (demo)")
    counts = {li.get_text(" ", strip=True).split(" ", 1)[1]: int(li.strong.get_text()) for li in page.select(".review-counts li")}
    assert counts["done"] >= 2 and counts["slipped"] == 1 and counts["dropped"] == 2
    assert counts["carried into round 2"] == counts["slipped"] + counts["open, not yet due"]
    explanation = page.select_one(".review-explanation").get_text()
    moved = sum(1 for row in page.select(".review-done tbody tr") if "Moved up" in row.get_text() or "Found out" in row.get_text())
    assert f"{moved} done action" in explanation
    plan = soup(client.get(f"/r/{demo_token}/plan"))
    assert len(plan.select("article.plan-action")) == counts["carried into round 2"]
    assert "Since the last round" in soup(client.get(f"/r/{demo_token}/results")).find(id="rounds").get_text()


def test_the_demos_plan_cannot_be_changed_but_a_copy_brings_it_along(app, client, demo_token):
    from factories import plan_of

    with app.app_context():
        from app.db import get_db

        demo_id = store.respondent_by_token(get_db(), demo_token).assessment_id
    action = plan_of(app, demo_id)[0]
    token = csrf_token(client, f"/r/{demo_token}/plan")
    response = client.post(f"/r/{demo_token}/plan/{action.id}", data={"csrf_token": token, f"a{action.id}-status": "done"})
    assert response.status_code == 403 and plan_of(app, demo_id)[0] == action
    form = soup(client.get(f"/r/{demo_token}/results")).select_one(".demo-banner form")
    copy = client.post(form["action"], data={"csrf_token": form.find("input", {"name": "csrf_token"})["value"]})
    copy_token = re.match(r"/r/([^/]+)/$", copy.headers["Location"]).group(1)
    with app.app_context():
        from app.db import get_db

        copy_id = store.respondent_by_token(get_db(), copy_token).assessment_id
    assert [a.title for a in plan_of(app, copy_id)] == [a.title for a in plan_of(app, demo_id)]
