"""The team view of a workshop: groups, the anonymity floor, and that no one's answer shows through."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.grouping import Grouping, team_view
from app.core.questionnaire import load_all
from app.core.reference import load_model

Q = load_all()["cs-maturity"]
IDS = list(Q.questions)
CW, SP, CV = "charter-written", "buy-in-sponsor", "cc-vision-definition"
LEVELS = ("0", "1", "2", "3", "4")

# Four leaders in four roles, then four more people: the issue's real team sizes.
ROLES = {11: "executive", 12: "executive", 13: "executive", 21: "customer_success", 22: "sales", 23: "product",
         24: "customer_success", 25: "support"}
ANSWERS = {11: {CW: 4, SP: 4}, 12: {CW: 3, SP: 4}, 13: {CW: 4, SP: 3}, 21: {CW: 1, SP: 2}, 22: {CW: 2, SP: 1},
           23: {CW: 1, SP: "unknown"}, 24: {CW: 0, SP: 2}, 25: {CW: 1}}


def row(view, qid):
    return next(q for q in view["questions"] if q["id"] == qid)


def block(view, bid):
    return next(b for b in view["blocks"] if b["id"] == bid)


def test_leadership_vs_the_rest_is_the_default_and_shows_the_gap():
    view = team_view(Q, ANSWERS, ROLES, Grouping())
    assert view["split"] and view["participants"] == 8
    assert view["groups"] == [{"id": "leadership", "label": "Leadership", "size": 3},
                              {"id": "rest", "label": "Everyone else", "size": 5}]
    # Leadership stool: CW 100 75 100, SP 100 100 75 -> 550 / 6 = 91.7; the rest: CW 25 50 25 0 25,
    # SP 50 25 50 (don't know left out) -> 250 / 8 = 31.25 -> 31.2. Gap 91.7 - 31.2 = 60.5.
    assert block(view, "stool")["scores"] == {"leadership": 91.7, "rest": 31.2}
    assert block(view, "stool")["gap"] == 60.5
    cw = row(view, CW)
    assert cw["total"]["counts"] == {"0": 1, "1": 3, "2": 1, "3": 1, "4": 2, "unknown": 0, "na": 0}
    assert cw["by_group"]["leadership"]["counts"]["4"] == 2 and cw["by_group"]["rest"]["n"] == 5
    assert view["widest"][0] == CW  # spread 4, then the sponsor question's 3
    assert view["role_mix"] == [{"role": "executive", "label": "Executive", "count": 3},
                                {"role": "customer_success", "label": "Customer success", "count": 2},
                                {"role": "sales", "label": "Sales", "count": 1},
                                {"role": "product", "label": "Product", "count": 1},
                                {"role": "support", "label": "Support", "count": 1}]


def test_the_issue_case_four_leaders_in_four_roles_shows_leadership_vs_the_rest_at_floor_two():
    roles = {1: "executive", 2: "executive", 3: "customer_success", 4: "sales"}
    answers = {1: {CW: 4}, 2: {CW: 3}, 3: {CW: 1}, 4: {CW: 2}}
    assert not team_view(Q, answers, roles, Grouping())["split"]  # 2 and 2 are under the default floor of 3
    view = team_view(Q, answers, roles, Grouping(floor=2))
    assert [g["size"] for g in view["groups"]] == [2, 2]
    assert block(view, "stool")["scores"] == {"leadership": 87.5, "rest": 37.5}


def test_the_facilitator_chooses_who_counts_as_leadership():
    view = team_view(Q, ANSWERS, ROLES, Grouping(leadership_roles=frozenset({"executive", "customer_success"})))
    assert [g["size"] for g in view["groups"]] == [5, 3]


def test_grouping_by_role_merges_small_roles_and_never_leaves_anyone_out():
    view = team_view(Q, ANSWERS, ROLES, Grouping(mode="roles"))
    # Executives (3) stand alone; the five others are in roles of one or two: "other roles" (5).
    assert [(g["label"], g["size"]) for g in view["groups"]] == [("Executive", 3), ("Other roles", 5)]
    view = team_view(Q, ANSWERS, ROLES, Grouping(mode="roles", floor=2))
    # Floor 2: customer success (2) stands; sales, product and support (3) become "other roles".
    assert [(g["label"], g["size"]) for g in view["groups"]] == [
        ("Executive", 3), ("Customer success", 2), ("Other roles", 3)]
    three = {rid: ROLES[rid] for rid in (11, 12, 13, 21, 22)}
    view = team_view(Q, {rid: ANSWERS[rid] for rid in three}, three, Grouping(mode="roles"))
    # Two people in other roles cannot stand alone and join the executives: one group is no split.
    assert view["groups"] == [] and not view["split"]


@pytest.mark.parametrize("floor", [0, 1, -3])
def test_the_floor_is_never_below_two(floor):
    with pytest.raises(ValueError):
        Grouping(floor=floor)


def test_the_default_floor_and_leadership_roles_are_data():
    settings_ = load_model().workshops
    assert settings_.anonymity_floor >= 2 and "executive" in settings_.leadership_roles


def test_a_group_under_the_floor_hides_every_breakdown_not_just_its_own():
    # Two executives, five others: showing "everyone else" next to the total would give the two away.
    answers = {rid: a for rid, a in ANSWERS.items() if rid != 13}
    view = team_view(Q, answers, ROLES, Grouping())
    assert not view["split"] and view["groups"] == []
    assert all(q["by_group"] is None for q in view["questions"])
    assert all(b["scores"] is None for b in view["blocks"])
    assert row(view, CW)["total"]["n"] == 7  # the whole room is still shown


def test_a_question_one_group_barely_answered_shows_no_breakdown():
    # Only two of the three leaders answered the sponsor question: the rest's counts next to the total
    # would let anyone subtract. So that question shows the total alone; the others keep their split.
    answers = {**ANSWERS, 13: {CW: 4}}
    view = team_view(Q, answers, ROLES, Grouping())
    assert view["split"]
    assert row(view, SP)["by_group"] is None and row(view, SP)["total"]["n"] == 6
    assert row(view, CW)["by_group"] is not None


def test_nothing_is_shown_from_fewer_people_than_the_floor():
    view = team_view(Q, {1: {CW: 4}, 2: {CW: 0, CV: 2}}, {1: "executive", 2: "sales"}, Grouping())
    assert row(view, CW)["total"] is None and row(view, CV)["total"] is None
    assert view["widest"] == []


ANSWER = st.one_of(st.integers(0, 4), st.sampled_from(["na", "unknown"]))
ANSWER_SETS = st.dictionaries(st.sampled_from(IDS[:8]), ANSWER, max_size=8)
ROLE_IDS = ["executive", "customer_success", "sales", "marketing", "product", "support", "other"]


def _numbers(view) -> list[int]:
    """Every people-count the view shows."""
    shown = [g["size"] for g in view["groups"]]
    for q in view["questions"]:
        shown += [q["total"]["n"]] if q["total"] else []
        shown += [d["n"] for d in (q["by_group"] or {}).values()]
    return shown


@settings(max_examples=150, deadline=None)
@given(people=st.dictionaries(st.integers(10**6, 10**7), st.tuples(st.sampled_from(ROLE_IDS), ANSWER_SETS),
                              min_size=1, max_size=12),
       floor=st.integers(2, 4), mode=st.sampled_from(["leadership", "roles"]))
def test_no_cell_under_the_floor_no_recoverable_individual_no_id(people, floor, mode):
    answers = {rid: a for rid, (_, a) in people.items()}
    view = team_view(Q, answers, {rid: role for rid, (role, _) in people.items()}, Grouping(mode=mode, floor=floor))
    assert all(n >= floor for n in _numbers(view))
    for q in view["questions"]:
        if q["by_group"]:
            # The groups add up to the total, so subtracting any shown group from the total leaves
            # another shown group, itself at or above the floor: nobody is recovered by comparing views.
            for level in (*LEVELS, "unknown", "na"):
                assert sum(d["counts"][level] for d in q["by_group"].values()) == q["total"]["counts"][level]
    for b in view["blocks"]:
        assert b["scores"] is None or len(b["scores"]) == len(view["groups"]) >= 2
    assert not [rid for rid in people if str(rid) in json.dumps(view)]


def test_weights_count_in_block_scores():
    heavy = replace(Q, sections=tuple(
        replace(s, questions=tuple(replace(q, weight=3.0) if q.id == CW else q for q in s.questions))
        for s in Q.sections))
    # Leadership: CW (100 + 75 + 100) x 3 = 825, SP 100 + 100 + 75 = 275 -> 1100 / 12 = 91.67 -> 91.7.
    assert block(team_view(heavy, ANSWERS, ROLES, Grouping()), "stool")["scores"]["leadership"] == 91.7
