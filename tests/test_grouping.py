"""The team view of a workshop: groups by level or department, the floor, and that no one's answer shows through."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from factories import rank
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.disclosure import Ledger
from app.core.grouping import MIN_FLOOR, Grouping, team_view
from app.core.people import Member
from app.core.questionnaire import load_all
from app.core.reference import load_model

Q = load_all()["cs-maturity"]
IDS = list(Q.questions)
CW, SP, CV = "charter-written", "buy-in-sponsor", "cc-vision-definition"
LEVELS = ("0", "1", "2", "3", "4")
EXEC, HEAD, MANAGER, IC = "executive", "head_of", "manager", "individual"

# Three executives, then five people: a head of customer success, her two team members, one in sales, one in product.
MEMBERS = {11: Member("general_management", EXEC), 12: Member("sales", EXEC), 13: Member("customer_success", EXEC),
           21: Member("customer_success", HEAD), 22: Member("sales", MANAGER), 23: Member("product", IC),
           24: Member("customer_success", IC), 25: Member("support", IC)}
ANSWERS = {11: {CW: 4, SP: 4}, 12: {CW: 3, SP: 4}, 13: {CW: 4, SP: 3}, 21: {CW: 1, SP: 2}, 22: {CW: 2, SP: 1},
           23: {CW: 1, SP: "unknown"}, 24: {CW: 0, SP: 2}, 25: {CW: 1}}


def row(view, qid):
    return next(q for q in view["questions"] if q["id"] == qid)


def block(view, bid):
    return next(b for b in view["blocks"] if b["id"] == bid)


def test_executives_with_everyone_else_is_the_default_and_shows_the_gap():
    view = team_view(Q, ANSWERS, MEMBERS, Grouping())
    assert view["split"] and view["participants"] == 8
    assert [(g["id"], g["label"], g["size"]) for g in view["groups"]] == [
        ("leadership", "Executives", 3), ("rest", "Everyone else", 5)]
    # Executives' stool: CW 100 75 100, SP 100 100 75 -> 550 / 6 = 91.7; the rest: CW 25 50 25 0 25,
    # SP 50 25 50 (don't know left out) -> 250 / 8 = 31.25 -> 31.2. Gap 91.7 - 31.2 = 60.5.
    assert block(view, "stool")["scores"] == {"leadership": 91.7, "rest": 31.2}
    assert block(view, "stool")["gap"] == 60.5
    cw = row(view, CW)
    assert cw["total"]["counts"] == {"0": 1, "1": 3, "2": 1, "3": 1, "4": 2, "unknown": 0, "na": 0}
    assert cw["by_group"]["leadership"]["counts"]["4"] == 2 and cw["by_group"]["rest"]["n"] == 5
    assert view["widest"][0] == CW  # spread 4, then the sponsor question's 3
    assert [(r["id"], r["count"]) for r in view["role_mix"]] == [(EXEC, 3), (HEAD, 1), (MANAGER, 1), (IC, 3)]
    assert [(r["id"], r["count"]) for r in view["department_mix"]] == [
        ("customer_success", 3), ("sales", 2), ("product", 1), ("support", 1), ("general_management", 1)]


def test_a_head_of_department_is_not_an_executive_unless_the_facilitator_says_so():
    view = team_view(Q, ANSWERS, MEMBERS, Grouping(leadership_levels=frozenset({EXEC, HEAD})))
    assert [(g["label"], g["size"]) for g in view["groups"]] == [
        ("Leadership (executive, head of a department)", 4), ("Everyone else", 4)]


def test_departments_each_with_too_few_people_become_other_departments_with_a_note():
    view = team_view(Q, ANSWERS, MEMBERS, Grouping(mode="departments"))
    # Customer success (3) stands; sales (2), product, support and general management (1 each) are "other" (5).
    assert [(g["id"], g["label"], g["size"]) for g in view["groups"]] == [
        ("customer_success", "Customer success", 3), ("other_departments", "Other departments (5)", 5)]
    note = view["groups"][1]["note"]
    assert note.startswith("Other departments (5): sales, product, support and general management")
    assert block(view, "stool")["scores"]["customer_success"] is not None


def test_other_departments_too_small_to_stand_take_in_the_smallest_department_and_say_so():
    members = {**MEMBERS, 26: Member("sales", IC)}  # sales 3, customer success 3, other (product, support, gm) 3
    answers = {**ANSWERS, 26: {CW: 2}}
    view = team_view(Q, answers, members, Grouping(mode="departments"))
    assert [g["size"] for g in view["groups"]] == [3, 3, 3]
    del members[25], answers[25]  # support leaves: other has 2, so the smallest department (the first of two) joins it
    view = team_view(Q, answers, members, Grouping(mode="departments"))
    assert [(g["label"], g["size"]) for g in view["groups"]] == [("Sales", 3), ("Other departments (5)", 5)]
    assert view["groups"][1]["note"].startswith("Other departments (5): customer success, product and general management")


@pytest.mark.parametrize("floor", [0, 1, 2, -3])
def test_the_floor_is_never_below_three(floor):
    with pytest.raises(ValueError):
        Grouping(floor=floor)
    assert MIN_FLOOR == 3


def test_the_default_floor_and_leadership_levels_are_data():
    settings_ = load_model().workshops
    assert settings_.anonymity_floor >= 3 and settings_.leadership_levels == (EXEC,)


def test_a_group_under_the_floor_hides_every_breakdown_and_says_why():
    # Two executives, five others: showing "everyone else" next to the total would give the two away.
    answers = {rid: a for rid, a in ANSWERS.items() if rid != 13}
    view = team_view(Q, answers, MEMBERS, Grouping())
    assert not view["split"] and view["groups"] == []
    assert view["unsplit"].startswith("The groups are not compared: executives (2) has fewer than 3 people")
    assert all(q["by_group"] is None for q in view["questions"])
    assert all(b["scores"] is None for b in view["blocks"])
    assert row(view, CW)["total"]["n"] == 7  # the whole room is still shown


def test_a_question_one_group_barely_answered_shows_no_breakdown():
    answers = {**ANSWERS, 13: {CW: 4}}  # only two of the three executives answered the sponsor question
    view = team_view(Q, answers, MEMBERS, Grouping())
    assert view["split"]
    assert row(view, SP)["by_group"] is None and row(view, SP)["total"]["n"] == 6
    assert row(view, CW)["by_group"] is not None


@pytest.mark.parametrize("people", [1, 2])
def test_one_or_two_participants_show_nothing_of_their_answers(people):
    answers = {rid: ANSWERS[rid] for rid in list(ANSWERS)[:people]}
    view = team_view(Q, answers, MEMBERS, Grouping())
    assert all(q["total"] is None for q in view["questions"]) and view["widest"] == []
    assert all(b["scores"] is None for b in view["blocks"])


def test_late_answers_wait_until_enough_have_arrived():
    ledger = Ledger()
    first = {rid: ANSWERS[rid] for rid in (11, 12, 13)}
    assert row(team_view(Q, first, MEMBERS, Grouping(), ledger), CW)["total"]["n"] == 3
    # A fourth answer would tell its giver's level by subtraction: the figure stays at the three shown.
    fourth = {**first, 21: ANSWERS[21]}
    shown = row(team_view(Q, fourth, MEMBERS, Grouping(), ledger), CW)["total"]
    assert shown["n"] == 3 and shown["held_back"] == 1 and shown["counts"]["1"] == 0
    # With three new answers the room moves on at once.
    sixth = {**fourth, 22: ANSWERS[22], 23: ANSWERS[23]}
    assert row(team_view(Q, sixth, MEMBERS, Grouping(), ledger), CW)["total"]["n"] == 6


ANSWER = st.one_of(st.integers(0, 4), st.sampled_from(["na", "unknown"]))
ANSWER_SETS = st.dictionaries(st.sampled_from(IDS[:8]), ANSWER, max_size=8)
MEMBER = st.builds(Member, st.sampled_from(["customer_success", "sales", "product", "support", None]),
                   st.sampled_from([EXEC, HEAD, MANAGER, IC, None]))


def _numbers(view) -> list[int]:
    """Every people-count the view shows."""
    shown = [g["size"] for g in view["groups"]]
    for q in view["questions"]:
        shown += [q["total"]["n"]] if q["total"] else []
        shown += [d["n"] for d in (q["by_group"] or {}).values()]
    return shown


@settings(max_examples=150, deadline=None)
@given(people=st.dictionaries(st.integers(10**6, 10**7), st.tuples(MEMBER, ANSWER_SETS), min_size=1, max_size=12),
       floor=st.integers(3, 5), mode=st.sampled_from(["seniority", "departments"]))
def test_no_cell_under_the_floor_no_recoverable_individual_no_id(people, floor, mode):
    answers = {rid: a for rid, (_, a) in people.items()}
    view = team_view(Q, answers, {rid: m for rid, (m, _) in people.items()}, Grouping(mode=mode, floor=floor))
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
    # Executives: CW (100 + 75 + 100) x 3 = 825, SP 100 + 100 + 75 = 275 -> 1100 / 12 = 91.67 -> 91.7.
    assert block(team_view(heavy, ANSWERS, MEMBERS, Grouping()), "stool")["scores"]["leadership"] == 91.7


def _small_combination(groups: list[frozenset], floor: int) -> bool:
    """Brute force: is there a combination of the groups' totals that lives on fewer than `floor` people?"""
    from itertools import combinations

    people = sorted(set().union(*groups))
    matrix = [[int(p in g) for p in people] for g in groups]
    base = rank(matrix)
    for size in range(1, floor):
        for chosen in combinations(people, size):
            units = [[int(p == q) for p in people] for q in chosen]
            if base + size > rank(matrix + units):  # the span meets the coordinates of `chosen`
                return True
    return False


@settings(max_examples=300, deadline=None)
@given(groups=st.lists(st.frozensets(st.sampled_from("abcdefgh"), min_size=1), min_size=1, max_size=5),
       floor=st.integers(3, 5))
def test_the_exposure_check_agrees_with_brute_force(groups, floor):
    from app.core.disclosure import exposes

    assert exposes(frozenset(groups), floor) == _small_combination(list(set(groups)), floor)


def test_a_group_whose_levels_come_from_fewer_than_the_floor_is_not_shown_by_question():
    """Three executives, one of whom answered "don't know": their split would show two people's levels (and whoever
    knows who did not know would read them), so the question shows the whole room only; with three levels it splits."""
    answers = {rid: dict(a) for rid, a in ANSWERS.items()}
    answers[13][CW] = "unknown"
    view = team_view(Q, answers, MEMBERS, Grouping())
    assert view["split"] and row(view, CW)["total"] and row(view, CW)["by_group"] is None
    assert row(view, SP)["by_group"] is not None  # the executives gave three levels there
    from app.core.grouping import question_view

    one = question_view(Q, CW, {rid: a.get(CW) for rid, a in answers.items()}, MEMBERS, Grouping(), Ledger())
    assert one["question"]["by_group"] is None and one["question"]["total"]


def _versions(answers: dict, bumped: dict | None = None) -> dict:
    """Every answer at version 1, and those in `bumped` ({respondent: [question, ...]}) saved once more."""
    out = {rid: {qid: 1 for qid in a} for rid, a in answers.items()}
    for rid, qids in (bumped or {}).items():
        for qid in qids:
            out[rid][qid] += 1
    return out


def test_a_changed_answer_waits_until_enough_changed_so_the_change_cannot_be_read():
    """The room saw the figures; then one person changes an answer. Moving the figure at once would show the change
    (who watched them change it knows what they said before and after): the figure stays as shown and says one newer
    answer waits, in the team view, the presenter's poll and the block scores; with changes from the floor's number
    of people the figures take them in together."""
    answers = {rid: dict(a) for rid, a in ANSWERS.items()}
    ledger = Ledger(versions=_versions(answers))
    first = team_view(Q, answers, MEMBERS, Grouping(), ledger)
    shown, block_shown = row(first, CW)["total"], block(first, "stool")["scores"]
    assert shown["held_back"] == 0 and block_shown

    answers[21][CW] = 4  # the head of customer success changes 1 to 4
    changed = _versions(answers, {21: [CW]})
    again = team_view(Q, answers, MEMBERS, Grouping(), Ledger(ledger.released, versions=changed))
    assert row(again, CW)["total"] == {**shown, "held_back": 1}
    before, after = row(first, CW)["by_group"], row(again, CW)["by_group"]
    assert after == {"leadership": before["leadership"], "rest": {**before["rest"], "held_back": 1}}
    assert block(again, "stool")["scores"] == block_shown and block(again, "stool")["held_back"] == 1
    assert row(again, SP)["total"] == row(first, SP)["total"]  # a question nobody changed is as it was, nothing waits
    from app.core.grouping import question_view

    poll = question_view(Q, CW, {rid: a.get(CW) for rid, a in answers.items()}, MEMBERS, Grouping(),
                         Ledger(ledger.released, versions=changed))
    assert poll["question"]["total"] == {**shown, "held_back": 1}

    for rid in (22, 24):  # two more change theirs: three changed answers join together
        answers[rid][CW] = 4
    three = _versions(answers, {21: [CW], 22: [CW], 24: [CW]})
    moved = row(team_view(Q, answers, MEMBERS, Grouping(), Ledger(ledger.released, versions=three)), CW)["total"]
    assert moved["held_back"] == 0 and moved["counts"]["4"] == shown["counts"]["4"] + 3 and moved["n"] == shown["n"]


def test_a_note_edited_after_the_figures_were_shown_changes_nothing_and_says_nothing():
    answers = {rid: dict(a) for rid, a in ANSWERS.items()}
    ledger = Ledger(versions=_versions(answers))
    shown = row(team_view(Q, answers, MEMBERS, Grouping(), ledger), CW)["total"]
    # A saved note moves the answer's version on; the level, and so the figure, stay what they were.
    again = team_view(Q, answers, MEMBERS, Grouping(), Ledger(ledger.released, versions=_versions(answers, {21: [CW]})))
    assert row(again, CW)["total"] == shown and shown["held_back"] == 0


def test_groups_kept_before_figures_were_read_as_today():
    """A workshop shown before the ledger kept versions and figures kept its groups without them: they read as today's
    answers (as they were shown then), so an upgrade neither withholds nor freezes its figures."""
    from app.core.disclosure import NOT_KEPT

    answers = {rid: {CW: a[CW]} for rid, a in ANSWERS.items()}
    keys = {rid: f"k{rid}" for rid in answers}
    old = {"q:" + CW: {frozenset(keys.values()): NOT_KEPT}}
    view = team_view(Q, answers, MEMBERS, Grouping(), Ledger(old, keys, _versions(answers)))
    assert row(view, CW)["total"]["n"] == len(answers) and row(view, CW)["total"]["held_back"] == 0
    newcomer = {**answers, 26: {CW: 3}}
    members = {**MEMBERS, 26: Member("sales", IC)}
    view = team_view(Q, newcomer, members, Grouping(), Ledger(old, {**keys, 26: "k26"}, _versions(newcomer)))
    assert row(view, CW)["total"]["n"] == len(answers) and row(view, CW)["total"]["held_back"] == 1


def _small_combination_of_people(groups: list[frozenset], floor: int) -> bool:
    """Brute force over people, where a key "p#v" is person p's answers at version v: is there a combination of the
    groups' totals that lives on the keys of fewer than `floor` people?"""
    from itertools import combinations

    keys = sorted(set().union(*groups))
    people = sorted({k.partition("#")[0] for k in keys})
    matrix = [[int(k in g) for k in keys] for g in groups]
    base = rank(matrix)
    for size in range(1, floor):
        for chosen in combinations(people, size):
            units = [[int(k == u) for k in keys] for u in keys if u.partition("#")[0] in chosen]
            if base + len(units) > rank(matrix + units):
                return True
    return False


@settings(max_examples=300, deadline=None)
@given(groups=st.lists(st.frozensets(st.sampled_from(["a#1", "a#2", "b#1", "b#2", "c#1", "d#1", "e#1", "f#1"]),
                                     min_size=1), min_size=1, max_size=5),
       floor=st.integers(3, 4))
def test_the_exposure_check_counts_a_person_once_whatever_versions_of_their_answers(groups, floor):
    from app.core.disclosure import exposes

    assert exposes(frozenset(groups), floor) == _small_combination_of_people(list(set(groups)), floor)


def test_the_rooms_levels_come_from_at_least_the_floor_whatever_the_dont_knows():
    """Seven answered, but only two gave a level: "1 at level 1, 1 at level 2, 5 don't know" is two people's answers
    (whoever knows who did not know reads them) and its median would become the team's default level. It is not
    shown, and says why; a room that gave no level shows its don't-knows; three levels show."""
    members = {i: Member("sales", IC) for i in range(7)}
    two = {0: {CW: 1}, 1: {CW: 2}, **{i: {CW: "unknown"} for i in range(2, 7)}}
    shown = row(team_view(Q, two, members, Grouping()), CW)
    assert shown["total"] is None and shown["answered"] == 7 and "only 2 people gave a level" in shown["withheld"]
    nobody = {i: {CW: "unknown"} for i in range(7)}
    assert row(team_view(Q, nobody, members, Grouping()), CW)["total"]["counts"]["unknown"] == 7
    three = {**two, 2: {CW: 3}}
    assert row(team_view(Q, three, members, Grouping()), CW)["total"]["high"] == 3


def test_a_room_the_default_grouping_cannot_compare_is_told_which_grouping_would():
    """Tallis: five executives and two directors. Leadership beside everyone else compares nothing (two are too few),
    so the perception gap stayed empty; customer success (three) beside the other departments (four) would show it.
    The dashboard says so; a room no grouping can compare is told nothing."""
    members = {1: Member("general_management", EXEC), 2: Member("sales", EXEC), 3: Member("customer_success", EXEC),
               4: Member("product", EXEC), 5: Member("finance", EXEC), 6: Member("customer_success", HEAD),
               7: Member("customer_success", HEAD)}
    answers = {rid: {CW: 2, SP: 2} for rid in members}
    view = team_view(Q, answers, members, Grouping())
    assert not view["split"]
    assert view["alternative"] == {"mode": "departments", "groups": ["Customer success (3)", "Other departments (4)"]}
    assert team_view(Q, answers, members, Grouping(mode="departments"))["alternative"] is None  # it compares already
    small = {rid: answers[rid] for rid in (1, 2, 6)}
    assert team_view(Q, small, members, Grouping())["alternative"] is None
