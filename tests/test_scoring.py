"""Scoring: section and overall scores, N/A and don't-know handling, stages, answer checking."""
from __future__ import annotations

import pytest

from app.core.questionnaire import load_all
from app.core.scoring import AnswerError, check_answers, score, stage_for

Q = load_all()["cs-maturity"]


def all_at(level):
    return {qid: level for qid in Q.questions}


def test_all_zero_is_cpr_and_all_four_is_the_top_stage():
    low, high = score(Q, all_at(0)), score(Q, all_at(4))
    assert (low.overall, low.stage.number, low.stage.name) == (0, 1, "CPR")
    assert (high.overall, high.stage.number) == (100, len(Q.stages))
    assert high.stage.name == "Accelerated growth"


def test_section_score_is_the_mean_level_as_a_percentage():
    section = Q.sections[3]
    first, second = section.questions[:2]
    result = score(Q, {first.id: 4, second.id: 1})
    # (4/4 + 1/4) / 2 = 62.5%
    assert result.sections[section.id] == 62.5
    assert all(v is None for sid, v in result.sections.items() if sid != section.id)
    assert result.overall == 62.5


def test_not_applicable_and_unknown_leave_the_denominator():
    section = Q.sections[3]
    first, second, third = section.questions[:3]
    with_na = score(Q, {first.id: 4, second.id: "na", third.id: "unknown"})
    assert with_na.sections[section.id] == 100
    assert with_na.answered == 3


def test_overall_is_the_mean_of_scored_sections():
    a, b = Q.sections[3], Q.sections[4]
    answers = {q.id: 4 for q in a.questions} | {q.id: 0 for q in b.questions}
    result = score(Q, answers)
    assert result.sections[a.id] == 100 and result.sections[b.id] == 0
    assert result.overall == 50


def test_stage_follows_the_thresholds_in_the_data():
    for lower, stage in zip(Q.stages, Q.stages[1:]):
        assert stage_for(Q, stage.min_score) == stage
        assert stage_for(Q, stage.min_score - 0.1) == lower


def test_nothing_answered_has_no_stage():
    result = score(Q, {})
    assert result.overall is None and result.stage is None
    assert result.to_dict()["stage"] is None


def test_check_answers_names_the_unknown_question():
    with pytest.raises(AnswerError, match="unknown question id 'no-such-question'"):
        check_answers(Q, {"no-such-question": 2})


@pytest.mark.parametrize("bad", [5, -1, "2", 2.0, True, None, "maybe"])
def test_check_answers_rejects_values_off_the_scale(bad):
    qid = next(iter(Q.questions))
    with pytest.raises(AnswerError, match=f"question '{qid}' is off the scale"):
        check_answers(Q, {qid: bad})


def test_check_answers_accepts_levels_and_special_answers():
    ids = list(Q.questions)[:3]
    assert check_answers(Q, {ids[0]: 0, ids[1]: "na", ids[2]: "unknown"}) == {ids[0]: 0, ids[1]: "na", ids[2]: "unknown"}


def test_gate_status_passed_failed_unknown_and_not_applicable():
    def status(value):
        return next(g for g in score(Q, {"buy-in-sponsor": value}).gates if g.gate.id == "executive-sponsor")

    assert (status(3).status, status(3).passed) == ("passed", True)
    assert (status(1).status, status(1).passed, status(1).missing) == ("failed", False, ("buy-in-sponsor",))
    assert (status("unknown").status, status("unknown").unknown) == ("unknown", ("buy-in-sponsor",))
    assert (status("na").status, status("na").passed) == ("not_applicable", True)


def test_a_missing_sponsor_holds_a_stage_3_company_at_2_not_cpr():
    result = score(Q, dict.fromkeys(Q.questions, 2) | {"buy-in-sponsor": 1})
    assert (result.capability_stage.number, result.stage.number) == (3, 2)
    assert [(c.kind, c.id, c.holds_at) for c in result.caps] == [("gate", "executive-sponsor", 2)]
    data = result.to_dict()
    assert data["capability_stage"]["number"] == 3 and data["caps"][0]["holds_at"] == 2
    assert {g["id"]: g["status"] for g in data["gates"]}["executive-sponsor"] == "failed"


def test_dont_know_on_a_gate_question_is_reported_not_punished_and_leads_find_out_first():
    answers = dict.fromkeys(Q.questions, "unknown") | {q: 2 for q in list(Q.questions)[::3]} | {"buy-in-sponsor": "unknown"}
    result = score(Q, answers)
    assert result.provisional and result.confidence < Q.rules.provisional_below
    assert not [c for c in result.caps if c.id == "executive-sponsor"]
    assert result.find_out_first[0]["id"] == "buy-in-sponsor" and result.find_out_first[0]["gate"] == "executive-sponsor"
    assert score(Q, dict.fromkeys(Q.questions, 2)).provisional is False


def test_one_leg_far_below_both_others_is_an_imbalance_even_within_the_spread():
    legs = {s.leg: s for s in Q.sections if s.leg}
    answers = dict.fromkeys(Q.questions, 3)
    # charter at level 2 (50), the other legs at 3 (75): 25 points apart, within imbalance_points
    answers.update({q.id: 2 for q in legs["charter"].questions})
    assert not score(Q, answers).balanced
    answers.update({q.id: 3 for q in legs["charter"].questions[:3]})
    assert score(Q, answers).balanced
