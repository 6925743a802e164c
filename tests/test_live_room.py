"""The presenter and the dashboard cost the same in a room of 3 or 30, and their live parts answer 304 while
nothing changed: SQL statements are counted on the request's connection, team-view builds on the cache."""
from __future__ import annotations

import random
import re
from contextlib import contextmanager

from factories import csrf_token, fix_groups, soup
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.security import generate_password_hash

from app import store, teamview
from app.core.disclosure import Ledger
from app.core.grouping import MODES, Grouping, question_view, team_view
from app.core.people import Member
from app.core.questionnaire import load_all

PASSWORD = "a facilitator passphrase nobody guesses 7"
DEPARTMENTS = ("general_management", "customer_success", "sales", "product", "support", "finance")
LEVELS = ("executive", "head_of", "manager", "individual")
QUICK = load_all()["cs-maturity"].for_path("quick")


def _facilitator(app, email="fran@consult.example"):
    with app.app_context():
        from app.db import get_db

        store.create_facilitator(get_db(), email, "Fran", generate_password_hash(PASSWORD))
    client = app.test_client()
    url = "/facilitator/sign-in"
    assert client.post(url, data={"csrf_token": csrf_token(client, url), "email": email,
                                  "password": PASSWORD}).status_code == 302
    return client


def _room(app, client, people: int, seed: int = 1, fixed: bool = True) -> tuple[int, list[int]]:
    """A quick-path workshop in which `people` participants of several departments and levels answered every question,
    its groups fixed by the facilitator (team figures show from then on)."""
    response = client.post("/facilitator/", data={"csrf_token": csrf_token(client, "/facilitator/"),
                                                  "organisation": f"Room of {people}", "path": "quick"})
    workshop_id = int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))
    rng = random.Random(seed)
    ids = [_answer(app, workshop_id, f"Person {i}", DEPARTMENTS[i % len(DEPARTMENTS)],
                   {qid: rng.choice([*q.values, "unknown", "na"]) for qid, q in QUICK.questions.items()},
                   LEVELS[i % len(LEVELS)])
           for i in range(people)]
    if fixed:
        fix_groups(client, workshop_id)
    return workshop_id, ids


def _answer(app, workshop_id, name, department, answers, level="manager") -> int:
    with app.app_context():
        from app.db import get_db

        rid, _ = store.join_workshop(get_db(), workshop_id, name, department=department, level=level)
        store.save_answers(get_db(), rid, {qid: (value, "") for qid, value in answers.items()})
        return rid


@contextmanager
def statements(app):
    """Every SQL statement the requests made inside the block run (the test client serves them on this thread)."""
    with app.app_context():
        from app.db import get_db

        connection = get_db().conn
    seen: list[str] = []
    connection.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        connection.set_trace_callback(None)


def _cost(app, call) -> int:
    with statements(app) as seen:
        response = call()
    assert response.status_code in (200, 302, 304), response.status_code
    return len(seen)


def _costs(app, client, people: int) -> dict[str, int]:
    workshop_id, ids = _room(app, client, people)
    base = f"/facilitator/workshops/{workshop_id}"
    qid = next(iter(QUICK.questions))
    page = f"{base}/present/{qid}?reveal=1"
    costs = {"presenter, first": _cost(app, lambda: client.get(page)),
             "presenter, again": _cost(app, lambda: client.get(page))}
    token = csrf_token(client, page)
    costs["record a level"] = _cost(app, lambda: client.post(f"{base}/present/{qid}", data={
        "csrf_token": token, "value": "2", "rationale": "agreed"}))
    costs["presenter after a record"] = _cost(app, lambda: client.get(page))
    costs["dashboard poll"] = _cost(app, lambda: client.get(f"{base}/live"))
    tag = client.get(f"{base}/live").headers["ETag"]
    costs["dashboard poll, unchanged"] = _cost(app, lambda: client.get(f"{base}/live", headers={"If-None-Match": tag}))
    _answer(app, workshop_id, "Late", "sales", {qid: 1})
    costs["presenter poll, an answer in"] = _cost(app, lambda: client.get(f"{base}/present/{qid}/live?reveal=1"))
    costs["dashboard poll, an answer in"] = _cost(app, lambda: client.get(f"{base}/live"))
    return costs


def test_sql_statements_do_not_grow_with_the_room(app):
    client = _facilitator(app)
    small, large = _costs(app, client, 3), _costs(app, client, 30)
    assert small == large
    # The gate takes four (who is signed in, their session, the assessment, the workshop); the agreed levels one.
    assert large["presenter, again"] <= 5 and large["presenter after a record"] <= 5
    assert large["dashboard poll, unchanged"] <= 4
    assert large["record a level"] <= 11  # gate, BEGIN, one upsert (its revision triggers traced too), COMMIT
    # gate, the question's answers, the grouping, who is who in the room, and what earlier figures showed (two)
    assert large["presenter poll, an answer in"] <= 9


class Builds:
    """Counts team-view builds (the costly part the cache saves)."""

    def __init__(self, monkeypatch):
        self.count = 0
        from app import assessments

        real = assessments.team_view

        def counted(*args, **kwargs):
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(assessments, "team_view", counted)


def test_a_poll_with_nothing_new_is_a_cache_hit_then_a_304(app, monkeypatch):
    client = _facilitator(app)
    workshop_id, _ = _room(app, client, 4)
    live = f"/facilitator/workshops/{workshop_id}/live"
    builds = Builds(monkeypatch)
    first = client.get(live)
    assert first.status_code == 200 and first.headers["ETag"] and builds.count == 1
    again = client.get(live)  # a poll without the tag: the same page, from the kept team view
    assert again.status_code == 200 and again.get_data() == first.get_data() and builds.count == 1
    tag = first.headers["ETag"]
    unchanged = client.get(live, headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.get_data() == b"" and unchanged.headers["ETag"] == tag
    assert "no-store" in unchanged.headers["Cache-Control"]  # the tag lives in live.js, never in a shared cache
    assert builds.count == 1


def test_a_recorded_level_keeps_the_team_view_and_a_new_answer_rebuilds_it(app, monkeypatch):
    client = _facilitator(app)
    workshop_id, _ = _room(app, client, 4)
    base = f"/facilitator/workshops/{workshop_id}"
    builds = Builds(monkeypatch)
    tag = client.get(base + "/live").headers["ETag"]
    qid = next(iter(QUICK.questions))
    url = f"{base}/present/{qid}"
    client.post(url, data={"csrf_token": csrf_token(client, url), "value": "3", "rationale": ""})
    settled = client.get(base + "/live", headers={"If-None-Match": tag})
    assert settled.status_code == 200 and settled.headers["ETag"] != tag  # the settled count moved
    assert "1 of" in soup(settled).select_one(".live-summary").get_text()
    assert builds.count == 1  # recording a level left the answers, people and groups as they were
    _answer(app, workshop_id, "Late", "sales", {qid: 0})
    grown = client.get(base + "/live", headers={"If-None-Match": settled.headers["ETag"]})
    assert grown.status_code == 200 and builds.count == 2
    assert "5 joined" in soup(grown).select_one(".live-summary").get_text()


def test_the_presenter_counts_answers_as_they_arrive_and_hides_them_until_revealed(app):
    client = _facilitator(app)
    workshop_id, _ = _room(app, client, 3)
    with app.app_context():
        from app.db import get_db

        given = store.answers_by_respondent(get_db(), workshop_id)
    # A question all three gave a level (fewer than three levels never show, however many answered)
    qid, question = next((qid, q) for qid, q in QUICK.questions.items()
                         if all(isinstance(a.get(qid), int) for a in given.values()))
    poll = f"/facilitator/workshops/{workshop_id}/present/{qid}/live"
    hidden = client.get(poll)
    assert soup(hidden).select_one(".room-count").get_text(" ", strip=True) == "3 of 3 people answered"
    assert not soup(hidden).select("svg, ol")  # nothing of how they answered before the reveal
    tag = hidden.headers["ETag"]
    assert client.get(poll, headers={"If-None-Match": tag}).status_code == 304
    _answer(app, workshop_id, "Late", "sales", {qid: question.values[0]})
    fresh = client.get(poll, headers={"If-None-Match": tag})
    assert fresh.status_code == 200
    assert soup(fresh).select_one(".room-count").get_text(" ", strip=True) == "4 of 4 people answered"
    shown = soup(client.get(poll + "?reveal=1"))
    counts = dict(li.get_text().split(": ") for li in shown.select("ol li"))
    assert sum(int(n) for n in counts.values()) <= 4 and shown.select_one(".presenter-chart svg")


def test_a_question_under_the_floor_stays_hidden_after_the_reveal(app):
    client = _facilitator(app)
    workshop_id, _ = _room(app, client, 2)
    qid = next(iter(QUICK.questions))
    page = soup(client.get(f"/facilitator/workshops/{workshop_id}/present/{qid}/live?reveal=1"))
    assert page.select_one(".room-count").get_text(" ", strip=True) == "2 of 2 people answered"
    assert not page.select("svg, ol") and "Fewer than 3 people" in page.get_text()


def test_another_facilitators_presenter_poll_is_not_found(app):
    ann = _facilitator(app)
    workshop_id, _ = _room(app, ann, 3)
    bob = _facilitator(app, "bob@consult.example")
    qid = next(iter(QUICK.questions))
    assert bob.get(f"/facilitator/workshops/{workshop_id}/present/{qid}/live?reveal=1").status_code == 404
    assert ann.get(f"/facilitator/workshops/{workshop_id}/present/no-such-question/live").status_code == 404


def test_the_poll_and_the_page_show_the_same_room(app):
    """One question from its own answers (the poll) is what the page's kept team view says, in both groupings."""
    client = _facilitator(app)
    workshop_id, _ = _room(app, client, 14, seed=5)
    from app import access

    for grouping in MODES:
        with app.app_context():
            from app.db import get_db

            get_db().execute("update workshops set grouping = ?, anonymity_floor = 3 where assessment_id = ?",
                             [grouping, workshop_id])
            get_db().conn.commit()
        with app.test_request_context():
            context = access.context_of(store.load_assessment(access.get_db(), workshop_id))
            for qid in QUICK.questions:
                for reveal in (False, True):
                    assert context.room(qid, reveal) == context.team_snapshot.room(qid, reveal), (grouping, qid)


answer_value = st.sampled_from([None, 0, 1, 2, 3, 4, "unknown", "na"])


@settings(max_examples=60, deadline=None)
@given(people=st.dictionaries(st.integers(1, 40), st.tuples(st.sampled_from(DEPARTMENTS), st.sampled_from(LEVELS),
                                                              st.lists(answer_value, min_size=3, max_size=3)),
                              max_size=14),
       mode=st.sampled_from(MODES), floor=st.integers(3, 4))
def test_one_questions_view_is_its_row_of_the_team_view(people, mode, floor):
    """The presenter's poll (one question from its own answers) shows what the team view shows, as a first view."""
    qids = list(QUICK.questions)[:3]
    by_respondent = {rid: {q: v for q, v in zip(qids, values, strict=True) if v is not None}
                     for rid, (_, _, values) in people.items()}
    members = {rid: Member(department, level) for rid, (department, level, _) in people.items()}
    grouping = Grouping(mode=mode, floor=floor)
    whole = team_view(QUICK, by_respondent, members, grouping, Ledger())
    for qid in qids:
        answered = {rid: answers.get(qid) for rid, answers in by_respondent.items()
                    if any(answers.get(q) is not None for q in QUICK.questions)}
        one = question_view(QUICK, qid, answered, members, grouping, Ledger())
        assert one["question"] == next(q for q in whole["questions"] if q["id"] == qid)
        assert (one["groups"], one["split"]) == (whole["groups"], whole["split"])


def test_the_cache_keeps_the_newest_version_of_a_bounded_number_of_workshops():
    cache, built = teamview.TeamCache(size=2), []

    def build(name):
        return lambda: built.append(name) or name

    assert cache.get(1, "v1", build("1v1")) == "1v1" and cache.get(1, "v1", build("again")) == "1v1"
    assert cache.get(1, "v2", build("1v2")) == "1v2"  # a change: built again, the old version dropped
    cache.get(2, "v1", build("2v1"))
    cache.get(3, "v1", build("3v1"))  # a third workshop pushes out the least recently used
    assert cache.get(1, "v2", build("1v2 again")) == "1v2 again"
    assert built == ["1v1", "1v2", "2v1", "3v1", "1v2 again"] and len(cache._entries) == 2


def test_a_deleted_and_recreated_workshop_never_shows_the_old_room(app):
    """SQLite gives a deleted id out again: the kept team view of the old workshop is never shown for the new one."""
    client = _facilitator(app)
    workshop_id, _ = _room(app, client, 4)
    assert "4 participants answered" in soup(client.get(f"/facilitator/workshops/{workshop_id}/live")).get_text()
    with app.app_context():
        from app.db import get_db

        store.delete_organisation(get_db(), store.load_assessment(get_db(), workshop_id).organisation_id)
    again, _ = _room(app, client, 0)
    assert again == workshop_id
    assert "0 participants answered" in soup(client.get(f"/facilitator/workshops/{again}/live")).get_text()


def test_the_dashboard_points_to_the_grouping_that_would_compare_this_room(app):
    client = _facilitator(app)
    response = client.post("/facilitator/", data={"csrf_token": csrf_token(client, "/facilitator/"),
                                                  "organisation": "Tallis People", "path": "quick"})
    workshop_id = int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))
    people = [("general_management", "executive"), ("sales", "executive"), ("customer_success", "executive"),
              ("product", "executive"), ("finance", "executive"), ("customer_success", "head_of"),
              ("customer_success", "head_of")]
    for n, (department, level) in enumerate(people):
        _answer(app, workshop_id, f"P{n}", department, {qid: 2 for qid in QUICK.questions}, level)
    fix_groups(client, workshop_id)
    hint = soup(client.get(f"/facilitator/workshops/{workshop_id}/live")).select_one(".alternative-grouping")
    assert hint and "Comparing the departments would work" in hint.get_text()
    assert "Customer success (3), Other departments (4)" in hint.get_text()
    assert hint.a["href"].endswith(f"/workshops/{workshop_id}/manage#grouping-heading")


def test_an_unplaced_workshop_tells_the_facilitator_what_the_team_needs_not_to_keep_answering(app):
    """Maple Ridge's facilitator, after removing someone, read "Answer 37 more questions" with a "Continue answering"
    button: a facilitator answers nothing; the team's figures (held or agreed) are what counts."""
    client = _facilitator(app)
    response = client.post("/facilitator/", data={"csrf_token": csrf_token(client, "/facilitator/"),
                                                  "organisation": "Maple Ridge", "path": "quick"})
    workshop_id = int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))
    first = next(iter(QUICK.questions))
    for n in range(3):
        _answer(app, workshop_id, f"P{n}", DEPARTMENTS[n], {first: 2})
    fix_groups(client, workshop_id)
    page = soup(client.get(f"/facilitator/workshops/{workshop_id}/results"))
    heading = page.select_one("#empty-heading").get_text()
    assert heading.startswith("The team's answers place no stage yet") and "Continue answering" not in page.get_text()
    assert page.find("a", string="Back to the dashboard")
