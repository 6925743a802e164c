"""Properties of scoring and the roadmap over the shipped questionnaire (hypothesis)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.questionnaire import LEGS, load_all
from app.core.reference import load_model
from app.core.roadmap import build_roadmap, flatten
from app.core.scoring import score

Q = load_all()["cs-maturity"]
MODEL = load_model()
IDS = list(Q.questions)
VALUES = st.one_of(st.integers(0, 4), st.sampled_from(["na", "unknown"]))
answer_sets = st.dictionaries(st.sampled_from(IDS), VALUES, max_size=len(IDS))
full_answer_sets = st.fixed_dictionaries({qid: VALUES for qid in IDS})


def number(stage):
    return stage.number if stage else 0


@settings(max_examples=150, deadline=None)
@given(answers=answer_sets, data=st.data())
def test_raising_one_answer_never_lowers_the_score_or_the_stage(answers, data):
    raisable = [qid for qid, v in answers.items() if isinstance(v, int) and v < 4]
    if not raisable:
        return
    qid = data.draw(st.sampled_from(raisable))
    higher = data.draw(st.integers(answers[qid] + 1, 4))
    before, after = score(Q, answers), score(Q, {**answers, qid: higher})
    assert after.overall >= before.overall
    assert number(after.stage) >= number(before.stage)
    for section_id, value in before.sections.items():
        assert after.sections[section_id] >= value if value is not None else True


def test_all_zero_is_cpr_and_all_four_is_accelerated_growth():
    assert score(Q, dict.fromkeys(IDS, 0)).stage.name == "CPR"
    top = score(Q, dict.fromkeys(IDS, 4))
    assert top.stage.name == "Accelerated growth" and top.balanced and not top.holding_back


@pytest.mark.parametrize("leg", LEGS)
def test_one_leg_at_the_bottom_holds_the_stage_at_what_it_carries_whatever_the_others_score(leg):
    """DOMAIN section 6: a leg at the bottom of the scale caps the stage at the stage that leg supports
    (CPR), and the stool sentence and the stage agree (issue 18: buy-in at 0, the rest at 4, was stage 4)."""
    answers = dict.fromkeys(IDS, 4)
    answers.update({q.id: 0 for s in Q.sections if s.leg == leg for q in s.questions})
    result = score(Q, answers)
    assert result.capability_stage.number == len(Q.stages)  # the evidence elsewhere is top-stage...
    assert result.carries.number == 1 and result.stage.number == 1  # ...the bottom leg carries CPR only
    assert [c.holds_at for c in result.caps] == [1]  # one cap per leg, never two
    assert not result.balanced and result.weakest_leg == leg
    assert any(item["type"] in ("stool", "gate") for item in result.holding_back)
    answers.update({q.id: 1 for s in Q.sections if s.leg == leg for q in s.questions})  # off the bottom: 25
    lifted = score(Q, answers)
    assert lifted.carries.number == 3  # its own stage (2) plus the margin (1)...
    assert lifted.stage.number == 2 and [c.kind for c in lifted.caps] == ["gate"]  # ...but its stage-3 gate is unmet


@settings(max_examples=150, deadline=None)
@given(answers=answer_sets)
def test_the_stage_never_exceeds_what_the_gates_and_the_weakest_leg_allow(answers):
    result = score(Q, answers)
    if result.stage is None:
        return
    for g in result.gates:
        if g.status == "failed":
            assert result.stage.number < g.gate.stage
    if result.carries is not None:
        assert result.stage.number <= result.carries.number


@settings(max_examples=150, deadline=None)
@given(answers=answer_sets, qid=st.sampled_from(IDS))
def test_not_applicable_never_changes_other_sections(answers, qid):
    home = Q.section_of[qid].id
    before, after = score(Q, answers), score(Q, {**answers, qid: "na"})
    for section_id, value in before.sections.items():
        if section_id != home:
            assert after.sections[section_id] == value


@settings(max_examples=60, deadline=None)
@given(answers=full_answer_sets)
def test_the_roadmap_never_lists_a_question_already_at_the_top_level(answers):
    actions = flatten(build_roadmap(Q, MODEL, answers, score(Q, answers)))
    assert not [a for a in actions if answers.get(a.question_id) == 4]
    # every question below the top level gets an action; a second one only as the next step, in a later phase
    below = {qid for qid, v in answers.items() if isinstance(v, int) and v < 4}
    assert below <= {a.question_id for a in actions}
    order = {"now": 0, "next": 1, "later": 2}
    seen: dict = {}
    for a in actions:
        if a.question_id in seen:
            earlier = seen[a.question_id]
            assert a.level == earlier.target_level and order[a.phase] > order[earlier.phase]
        seen[a.question_id] = a


@settings(max_examples=60, deadline=None)
@given(answers=full_answer_sets)
def test_no_action_aims_at_or_below_the_level_it_starts_from(answers):
    for a in flatten(build_roadmap(Q, MODEL, answers, score(Q, answers))):
        if a.kind != "find_out":
            assert isinstance(a.level, int) and a.level < a.target_level <= 4
            assert a.level == answers[a.question_id] or a.why.startswith("Once the earlier step is done")


@settings(max_examples=60, deadline=None)
@given(answers=full_answer_sets)
def test_projected_stages_never_fall_from_phase_to_phase(answers):
    result = score(Q, answers)
    phases = build_roadmap(Q, MODEL, answers, result)
    stages = [number(result.stage)] + [number(p.projected_stage) for p in phases]
    assert stages == sorted(stages)
    assert len(phases[0].actions) <= Q.rules.now_max and len(phases[1].actions) <= Q.rules.next_max


@settings(max_examples=150, deadline=None)
@given(answers=answer_sets, qid=st.sampled_from(IDS))
def test_not_applicable_never_lowers_the_stage(answers, qid):
    # N/A is never worse than the lowest level, "don't know" or no answer at all
    result = score(Q, {**answers, qid: "na"})
    if result.overall is None:  # nothing left with a level: no stage at all, which is not a lower one
        return
    na = number(result.stage)
    for other in (0, "unknown", None):
        assert na >= number(score(Q, {**answers, qid: other}).stage)


@settings(max_examples=150, deadline=None)
@given(answers=answer_sets, qid=st.sampled_from(IDS))
def test_not_applicable_never_fails_a_gate_nor_holds_anything_back(answers, qid):
    result = score(Q, {**answers, qid: "na"})
    assert all(qid not in g.missing for g in result.gates)
    assert all(item.get("id") != qid and qid not in item.get("questions", ()) for item in result.holding_back)


@settings(max_examples=150, deadline=None)
@given(answers=answer_sets, qid=st.sampled_from(IDS))
def test_dont_know_never_raises_the_stage(answers, qid):
    # "don't know" earns nothing over leaving the question open, and never beats the top level
    unknown = number(score(Q, {**answers, qid: "unknown"}).stage)
    assert unknown <= number(score(Q, {k: v for k, v in answers.items() if k != qid}).stage)
    assert unknown <= number(score(Q, {**answers, qid: 4}).stage)


@settings(max_examples=100, deadline=None)
@given(answers=answer_sets)
def test_caps_stay_apart_and_within_the_data(answers):
    result = score(Q, answers)
    if result.capability_stage is None:
        return
    assert result.stage.number <= result.capability_stage.number
    for cap in result.caps:
        assert cap.holds_at < result.capability_stage.number and cap.reason
    legs = [next(g.gate.leg for g in result.gates if g.gate.id == c.id) if c.kind == "gate" else c.id for c in result.caps]
    assert len(legs) == len(set(legs))  # never punished twice for the same leg


def test_raising_a_barely_answered_leg_never_exposes_a_cap_on_another():
    """Regression: the stool cap looked only at the weakest leg; when a leg answered mostly "don't know"
    (too little evidence to cap) was raised past an evidenced short leg, the stage fell from 5 to 4."""
    legs = {leg: [q.id for s in Q.sections if s.leg == leg for q in s.questions] for leg in LEGS}
    answers = {qid: 4 for qid in IDS}
    answers.update({qid: 1 for qid in legs["responsibility"]} | {"responsibility-departments": 2})
    answers.update({qid: "unknown" for qid in legs["executive_buy_in"]} | {"buy-in-change": 0})
    before, after = score(Q, answers), score(Q, {**answers, "buy-in-change": 4})
    assert number(after.stage) >= number(before.stage)
    assert [c.id for c in before.caps] == ["responsibility"]  # the short, evidenced leg holds it either way


@settings(max_examples=200, deadline=None)
@given(answers=full_answer_sets)
def test_what_holds_a_company_names_each_question_once(answers):
    """A question behind a gate that "what holds you" lists is not listed again in its own words."""
    result = score(Q, answers)
    behind = {qid for item in result.holding_back if item["type"] == "gate" for qid in item["questions"]}
    asked = [item["id"] for item in result.holding_back if item["type"] == "question"]
    assert not behind & set(asked) and len(asked) == len(set(asked))
