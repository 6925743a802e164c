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
