"""The next round reviews the plan: done, slipped and dropped counted right, whether done work moved its answers, the
stage change explained, open actions carried over; on the review page, the results, the PDF and the export."""
from __future__ import annotations

import io
import json
import re
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
    plan_of,
    soup,
    start_assessment,
    update_action,
)
from pypdf import PdfReader

from app.core.plan import Owner, PlanAction
from app.core.review import explain, review

STARTED = "2026-06-01T09:00:00+00:00"
STAGE_UP = {"before": {"number": 2, "name": "Stabilise"}, "after": {"number": 3, "name": "Proactive adoption"}, "moved": 1}


def _plan(questionnaire) -> list[PlanAction]:
    q = list(questionnaire.questions)
    ann = Owner(1, "Ann")
    return [
        PlanAction(1, "Raise q0", "done", ann, "2026-04-01", question_id=q[0], level=1, target_level=3),
        PlanAction(2, "Raise q1", "done", ann, "2026-07-01", question_id=q[1], level=2, target_level=3),
        PlanAction(3, "Hire an analyst", "done", ann),
        PlanAction(4, "Late one", "in_progress", ann, "2026-05-31", question_id=q[2], level=1, target_level=2),
        PlanAction(5, "Later one", "not_started", ann, "2026-06-01", question_id=q[3], level=1, target_level=2),
        PlanAction(6, "Undated one", "not_started", None, None),
        PlanAction(7, "Skip it", "wont_do", ann, "2026-03-01", reason="Out of scope"),
        PlanAction(8, "Live with it", "risk_accepted", ann, "2026-03-01", reason="No budget"),
    ]


def test_done_slipped_dropped_and_open_are_counted_right(questionnaire):
    q = list(questionnaire.questions)
    result = review(_plan(questionnaire), questionnaire, {q[0]: 1, q[1]: 2}, {q[0]: 3, q[1]: 2}, STARTED, STAGE_UP, (1, 2))
    assert result["counts"] == {"total": 8, "done": 3, "slipped": 1, "dropped": 2, "open": 2, "carried": 3, "moved": 1}
    assert [s["title"] for s in result["slipped"]] == ["Late one"]  # due the day before the round began
    assert [s["title"] for s in result["open"]] == ["Later one", "Undated one"]  # due that day, or never
    assert [(d["title"], d["status"], d["reason"]) for d in result["dropped"]] == [
        ("Skip it", "Won't do", "Out of scope"), ("Live with it", "Risk accepted", "No budget")]
    moved = {d["title"]: (d["before"], d["now"], d["moved"], d["reached"]) for d in result["done"]}
    assert moved == {"Raise q0": (1, 3, "up", True), "Raise q1": (2, 2, "same", False),
                     "Hire an analyst": (None, None, None, False)}
    assert result["explanation"] == ("Up from stage 2 (Stabilise) to stage 3 (Proactive adoption). Behind the rise: "
                                     "1 done action whose answers moved up: Raise q0 (level 1 to level 3).")


@pytest.mark.parametrize(("before", "now", "moved"), [
    (1, None, "not_yet"), (1, "na", "not_scored"), ("unknown", 2, "answered"), (3, 1, "down")])
def test_what_became_of_a_done_actions_answer(questionnaire, before, now, moved):
    qid = next(iter(questionnaire.questions))
    plan = [PlanAction(1, "Do it", "done", question_id=qid, level=before, target_level=3)]
    after = {} if now is None else {qid: now}
    assert review(plan, questionnaire, {qid: before}, after, STARTED, None, (1, 2))["done"][0]["moved"] == moved


def test_the_explanation_follows_the_stage_and_the_numbers():
    done = [{"title": "Write the charter.", "before": 1, "now": 2}]
    assert explain(None, [], 0).startswith("This round has no stage yet.")
    same = dict(STAGE_UP, after=STAGE_UP["before"], moved=0)
    assert explain(same, done, 2) == ("Still at stage 2 (Stabilise). 1 done action moved its answer up (Write the "
                                      "charter (level 1 to level 2)), not enough to lift the stage.")
    assert explain(same, [], 2) == "Still at stage 2 (Stabilise). None of the 2 done actions aimed at an answer has moved it yet."
    assert explain(same, [], 0) == "Still at stage 2 (Stabilise). No action of the last round's plan aimed at an answer was done."
    many = [{"title": f"A{n}", "before": 1, "now": 2} for n in range(5)]
    assert explain(STAGE_UP, many, 5).endswith("A2 (level 1 to level 2); and 2 more.")


@pytest.fixture
def reviewed(app, client, questionnaire):
    """Round 1 with four actions (one done, one slipped, one dropped, one open), then round 2 started."""
    token = start_assessment(client, path="quick")
    answer_enough(client, token, questionnaire, level=1)
    base = f"/r/{token}"
    adopt_actions(client, base, [("Ann Lee", "ann@client.example"), ("Bob Park", ""), ("Cy Diaz", ""), ("Ann Lee", "")])
    actions = plan_of(app, assessment_id_of(app, token))
    update_action(client, base, actions[0].id, status="done", evidence="https://wiki.client.example/proof")
    update_action(client, base, actions[1].id, status="in_progress", due=(date.today() - timedelta(days=5)).isoformat())
    update_action(client, base, actions[2].id, status="wont_do", reason="Covered by the charter work")
    response = client.post(f"{base}/new-round", data={"csrf_token": csrf_token(client, f"{base}/results")})
    assert response.headers["Location"].endswith("/plan/review")  # the new round opens with the review
    second = re.match(r"/r/([^/]+)/plan/review$", response.headers["Location"]).group(1)
    return token, second, plan_of(app, assessment_id_of(app, token))


def test_a_new_round_opens_with_the_review_and_carries_the_open_actions(app, client, reviewed):
    first, second, actions = reviewed
    page = soup(client.get(f"/r/{second}/plan/review"))
    counts = {li.get_text(" ", strip=True).split(" ", 1)[1]: int(li.strong.get_text()) for li in page.select(".review-counts li")}
    assert counts == {"done": 1, "slipped": 1, "dropped": 1, "open, not yet due": 1, "carried into round 2": 2}
    assert "This round has no stage yet" in page.select_one(".review-explanation").get_text()
    assert "Not answered yet this round" in page.select_one(".review-done").get_text()
    carried = plan_of(app, assessment_id_of(app, second))
    assert [(a.title, a.status, a.owner.name, a.due) for a in carried] == [
        (a.title, a.status, a.owner.name, a.due) for a in (actions[1], actions[3])]
    assert all(a.carried_from in (actions[1].id, actions[3].id) for a in carried)
    history = [e.field for e in carried[0].events]
    assert history == [e.field for e in actions[1].events] + ["carried"]  # the history travels with the action


def test_once_round_two_is_answered_the_review_shows_what_moved_everywhere(app, client, questionnaire, reviewed, runner):
    first, second, actions = reviewed
    answer_enough(client, second, questionnaire, level=1)
    done = actions[0]
    with app.app_context():
        from app import store
        from app.db import get_db

        store.save_answers(get_db(), store.respondent_by_token(get_db(), second).id, {done.question_id: (3, "")})
    results = soup(client.get(f"/r/{second}/results"))
    row = next(tr for tr in results.select(".review-done tbody tr") if tr.find("th").get_text(strip=True) == done.title)
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[1:4] == ["1", "3", f"Moved up, target level {done.target_level} reached"]
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(f"/r/{second}/report.pdf").data)).pages).split())
    assert "Since the last round" in text and "The plan of round 1, reviewed" in text and "1 done" in text
    exported = json.loads(runner.invoke(args=["export", str(assessment_id_of(app, second))]).output)
    assert exported["review"]["counts"]["slipped"] == 1 and exported["review"]["done"][0]["moved"] == "up"
    assert "review" not in json.loads(runner.invoke(args=["export", str(assessment_id_of(app, first))]).output)


def test_a_first_round_has_no_review(client, placed):
    page = soup(client.get(f"/r/{placed}/plan/review"))
    assert "This is the first round" in page.get_text()


def test_a_workshops_next_round_opens_with_the_review_and_carries_the_plan(app):
    ann = facilitator_client(app)
    workshop = create_workshop(ann)
    agree_everything(app, workshop)
    base = f"/facilitator/workshops/{workshop}"
    adopt_actions(ann, base, [("Cy Diaz", "cy@client.example"), ("Dee Fox", "")])
    first = plan_of(app, workshop)
    update_action(ann, base, first[0].id, status="done")
    response = ann.post(base + "/next-round", data={"csrf_token": csrf_token(ann, base + "/manage")})
    second = int(re.search(r"/workshops/(\d+)/plan/review$", response.headers["Location"]).group(1))
    page = soup(ann.get(f"/facilitator/workshops/{second}/plan/review"))
    assert "The plan of round 1, reviewed" in page.get_text()
    assert [a.title for a in plan_of(app, second)] == [first[1].title]


def _rounds_after(app, assessment_id: int) -> list[int]:
    with app.app_context():
        from app.db import get_db
        return [row[0] for row in get_db().execute("select id from assessments where previous_id = ?", [assessment_id])]


def test_a_round_has_one_next_round_however_often_start_is_pressed(app, client, reviewed):
    """A second click (or a second tab) on "Start a new round" neither makes another round nor carries the plan twice."""
    first, second, _ = reviewed
    carried = [a.title for a in plan_of(app, assessment_id_of(app, second))]
    form = csrf_token(client, f"/r/{first}/branding")  # the session's token, as a tab opened earlier still holds it
    response = client.post(f"/r/{first}/new-round", data={"csrf_token": form})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/r/{first}/results")
    assert _rounds_after(app, assessment_id_of(app, first)) == [assessment_id_of(app, second)]
    assert [a.title for a in plan_of(app, assessment_id_of(app, second))] == carried
    page = soup(client.get(f"/r/{first}/results"))
    assert "The next round has already started" in page.get_text()
    assert "Round 2 has started" in page.get_text() and not page.find("button", string="Start a new round")


def test_a_workshop_round_has_one_next_round(app):
    ann = facilitator_client(app)
    workshop = create_workshop(ann)
    agree_everything(app, workshop)
    base = f"/facilitator/workshops/{workshop}"
    form = csrf_token(ann, base + "/manage")
    started = ann.post(base + "/next-round", data={"csrf_token": form})
    second = int(re.search(r"/workshops/(\d+)/plan/review$", started.headers["Location"]).group(1))
    again = ann.post(base + "/next-round", data={"csrf_token": form})
    assert again.headers["Location"].endswith(f"/facilitator/workshops/{second}/")  # to the round that exists
    assert _rounds_after(app, workshop) == [second]
    page = soup(ann.get(base + "/manage"))
    assert "Round 2 has started" in page.get_text() and not page.find("button", string="Start round 2")
