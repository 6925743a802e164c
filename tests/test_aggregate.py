"""Workshop aggregation: every number below is computed by hand in the comments, then asserted."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.aggregate import (
    QuestionStats,
    default_consensus,
    disagreements,
    question_stats,
    resolve,
    team_confidence,
)
from app.core.questionnaire import load_all
from app.core.scoring import AnswerError, score

Q = load_all()["cs-maturity"]
IDS = list(Q.questions)
CW, CM, CVI = "charter-written", "charter-meaning", "charter-vision"  # stool: the charter leg
SP = "buy-in-sponsor"  # stool: the executive buy-in leg
CV = "cc-vision-definition"  # customer centricity
EMPTY = {"0": 0, "1": 0, "2": 0, "3": 0, "4": 0, "unknown": 0, "na": 0}

# Distinctive respondent ids, so a leak into any output is easy to spot.
EXEC, CS, SALES, MARKETING = (9101, 9102, 9103), (9201, 9202, 9203), (9301, 9302), (9401,)
ROLES = {**dict.fromkeys(EXEC, "executive"), **dict.fromkeys(CS, "customer_success"),
         **dict.fromkeys(SALES, "sales"), **dict.fromkeys(MARKETING, "marketing")}
WORKSHOP = {
    9101: {CW: 4, SP: 4, CV: 3}, 9102: {CW: 4, SP: 3}, 9103: {CW: 2, SP: 4},
    9201: {CW: 1, SP: 2}, 9202: {CW: 1, SP: 2}, 9203: {CW: 2, SP: "unknown"},
    9301: {CW: 0, CV: 1}, 9302: {CW: 2, SP: "na"},
    9401: {CW: 3, CV: 3},
}


def one_question(*values, qid=CW) -> dict[int, dict]:
    """One respondent per value, all answering the same question."""
    return {rid: {qid: v} for rid, v in enumerate(values, start=1)}


def test_stats_of_a_mixed_question():
    # Levels 0, 2, 4 (don't know, N/A and a blank leave them): n 3, median 2, range 0-4, spread 4 >= 2.
    stats = question_stats(Q, {**one_question(0, 2, 4, "unknown", "na"), 6: {}})
    assert stats[CW] == QuestionStats(
        n=3, median=2.0, low=0, high=4, spread=4, flagged=True,
        counts={"0": 1, "1": 0, "2": 1, "3": 0, "4": 1, "unknown": 1, "na": 1}, answered=5,
    )
    assert default_consensus(stats[CW]) == 2
    # Every other question of the questionnaire is there, and empty.
    assert list(stats) == IDS
    assert stats[SP] == QuestionStats(0, None, None, None, None, EMPTY, False)
    assert default_consensus(stats[SP]) is None


@pytest.mark.parametrize("levels, median, consensus, flagged", [
    ((1, 1, 3, 3), 2.0, 1, True),  # even count: median 2.0 but the LOWER middle value (1) is the consensus
    ((3, 2, 2, 3), 2.5, 2, False),  # 2.5 -> 2, not rounded up; one level apart is not a disagreement
    ((4, 0, 3, 1), 2.0, 1, True),  # sorted 0 1 3 4: middle values 1 and 3
    ((3, 4, 3, 4), 3.5, 3, False),
    ((2, 2, 4), 2.0, 2, True),  # odd count: the true middle
    ((2, 2, 2), 2.0, 2, False),
])
def test_median_consensus_and_flag(levels, median, consensus, flagged):
    stats = question_stats(Q, one_question(*levels))[CW]
    assert (stats.median, default_consensus(stats), stats.flagged) == (median, consensus, flagged)
    assert stats.spread == max(levels) - min(levels)


def test_flag_threshold_is_a_parameter():
    assert not question_stats(Q, one_question(1, 3), flag_levels=3)[CW].flagged  # 2 apart < 3
    assert question_stats(Q, one_question(1, 4), flag_levels=3)[CW].flagged  # 3 apart


@pytest.mark.parametrize("values, consensus", [
    (("na", "na", "na"), "na"),  # everyone who answered said N/A
    (("unknown", "na", "na"), "unknown"),  # nobody gave a level, someone does not know
    (("unknown", "unknown", "unknown"), "unknown"),
    ((3, "unknown", "na", "na"), 3),  # one level outweighs any number of don't-knows and N/As
    ((), None),  # nobody answered
])
def test_unknown_and_na(values, consensus):
    stats = question_stats(Q, one_question(*values))[CW]
    assert default_consensus(stats) == consensus
    assert stats.n == sum(isinstance(v, int) for v in values) and stats.median == (3.0 if stats.n else None)


@pytest.mark.parametrize("bad", [5, -1, True, "yes"])
def test_an_answer_off_the_scale_is_an_error(bad):
    with pytest.raises(AnswerError, match=CW):
        question_stats(Q, one_question(2, bad))


# Four participants: CW levels 1, 3, 1, 3 (lower median 1); SP 4, 4, 2 (median 4); CV N/A three times (-> "na");
# CM only "don't know" (-> "unknown"); every other question unanswered (left out).
VOTES = {1: {CW: 1, SP: 4, CV: "na", CM: "unknown"}, 2: {CW: 3, SP: 4, CV: "na", CM: "unknown"},
         3: {CW: 1, SP: 2, CV: "na", CM: "unknown"}, 4: {CW: 3}}


def test_resolve_without_agreed_answers():
    assert resolve(Q, VOTES, {}) == {CW: 1, CM: "unknown", SP: 4, CV: "na"}


def test_resolve_prefers_the_agreed_answer():
    agreed = {CW: 3, SP: {"value": 3, "rationale": "Named, not yet active", "decided_at": "2025-01-01"}, CVI: 2}
    resolved = resolve(Q, VOTES, agreed)
    # Agreed answers win (plain or as the store's record), even on a question nobody answered (CVI).
    assert resolved == {CW: 3, CM: "unknown", CVI: 2, SP: 3, CV: "na"}
    # Scoring runs on it: charter section (75 + 50) / 2 = 62.5; buy-in 75.
    result = score(Q, resolved)
    assert (result.sections["charter"], result.sections["executive-buy-in"]) == (62.5, 75.0)


def test_resolve_rejects_an_agreed_value_off_the_scale():
    with pytest.raises(AnswerError, match=CW):
        resolve(Q, VOTES, {CW: 7})


def test_disagreements_say_how_each_was_settled():
    stats = question_stats(Q, VOTES)
    agreed = {SP: {"value": 3, "rationale": "Named, not yet active"}, CV: {"value": 0, "rationale": "x"}}
    # Flagged: CW (1-3) and SP (2-4), in questionnaire order; CV has no levels, so it is never flagged.
    assert disagreements(Q, stats, agreed) == [
        {"id": CW, "text": Q.questions[CW].text, "low": 1, "high": 3, "value": 1, "agreed": False,
         "rationale": "default: the median"},
        {"id": SP, "text": Q.questions[SP].text, "low": 2, "high": 4, "value": 3, "agreed": True,
         "rationale": "Named, not yet active"},
    ]


def test_no_output_names_a_respondent():
    stats = question_stats(Q, WORKSHOP)
    outputs = [repr(stats), resolve(Q, WORKSHOP, {}), disagreements(Q, stats, {})]
    text = json.dumps(outputs)
    assert not [rid for rid in ROLES if str(rid) in text]


ANSWER = st.one_of(st.integers(0, 4), st.sampled_from(["na", "unknown"]))
answer_sets = st.dictionaries(st.sampled_from(IDS), ANSWER, max_size=len(IDS))


@settings(max_examples=100, deadline=None)
@given(answers=answer_sets, participants=st.integers(3, 6))
def test_resolve_of_identical_answers_is_those_answers(answers, participants):
    assert resolve(Q, {rid: dict(answers) for rid in range(participants)}, {}) == answers


def test_no_team_figure_comes_from_fewer_people_than_the_floor():
    # One participant: their 24 levels are not the team's. Two: the lower of the two is not either. With a third
    # answer a question is settled by default; an agreed level stands whatever the count.
    one, two = one_question(4), one_question(4, 1)
    assert resolve(Q, one, {}) == {} and resolve(Q, two, {}) == {}
    assert resolve(Q, two, {SP: 3}) == {SP: 3}
    assert disagreements(Q, question_stats(Q, two), {}) == []  # "answers ranged 1-4" would show both
    assert resolve(Q, one_question(4, 1, 3), {}) == {CW: 3}
    assert resolve(Q, one_question(4, 1, 3), {}, floor=4) == {}  # a workshop's own higher floor holds too


@settings(max_examples=100, deadline=None)
@given(answers=answer_sets, participants=st.integers(1, 2))
def test_one_or_two_people_never_make_a_team_answer(answers, participants):
    assert resolve(Q, {rid: dict(answers) for rid in range(participants)}, {}) == {}


def test_a_team_never_shows_full_confidence_with_a_dont_know_in_the_room():
    """Issue 18: the median of the others settled the question, so the team showed 100% with don't-knows in it."""
    room = {1: {q: 2 for q in IDS}, 2: {q: 2 for q in IDS}, 3: {**{q: 2 for q in IDS}, SP: "unknown"}}
    resolved = resolve(Q, room, {})
    assert resolved[SP] == 2 and score(Q, resolved).confidence == 1.0  # the resolved set hides the don't-know...
    counts = {qid: stats.counts for qid, stats in question_stats(Q, room).items()}
    confidence = team_confidence(Q, counts, {}, resolved)
    # ...the team's does not: SP counts 2 levels of 3 answers, every other question 1: (88 + 2/3) / 89.
    assert confidence == round((88 + 2 / 3) / 89, 3) and confidence < 1
    assert team_confidence(Q, counts, {SP: 2}, resolved) == 1.0  # a level the room agreed on is known


def test_one_voice_at_either_end_does_not_split_the_room_but_a_split_room_is_flagged():
    """Seven leaders: a rosy CEO at 4 and a harsh director at 0 around five at 3 is not a question to argue over
    (with a range flag 88 of 89 questions were "to discuss"); two at 0 and five at 3 is, and comes first."""
    from app.core.aggregate import stats_of_counts
    from app.core.grouping import levels_of, middle_spread
    from app.teamview import flagged

    outliers = {"0": 1, "1": 0, "2": 0, "3": 5, "4": 1, "unknown": 0, "na": 0}
    split = {"0": 2, "1": 0, "2": 0, "3": 5, "4": 0, "unknown": 0, "na": 0}
    narrow_split = {"0": 0, "1": 3, "2": 0, "3": 4, "4": 0, "unknown": 0, "na": 0}
    assert stats_of_counts(outliers).spread == 4 and not stats_of_counts(outliers).flagged
    assert stats_of_counts(split).flagged and stats_of_counts(narrow_split).flagged
    assert middle_spread(levels_of(split)) == 3 and middle_spread([1, 3, 3]) == 2  # three people: one is a third
    view = {"questions": [{"id": q, "total": {"counts": c, "spread": max(levels_of(c)) - min(levels_of(c))}}
                          for q, c in (("a", outliers), ("b", narrow_split), ("c", split))]}
    assert [q["id"] for q in flagged(view)] == ["c", "b"]
