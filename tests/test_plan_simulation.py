"""The plan simulation: a company below the top stage that does what its roadmap's Now and Next phases say
(each question raised to the level its action reaches) and is scored again stands one stage higher, or the
plan says exactly which fact nobody knows yet stands in the way (DOMAIN section 6: the plan is a path)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.core.actions import FIND_OUT
from app.core.evaluation import evaluate
from app.core.profile import parse_profile
from app.core.questionnaire import UNKNOWN, load_all
from app.core.reference import load_model
from app.core.scoring import score

Q = load_all()["cs-maturity"]
MODEL = load_model()
SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def simulate(path: Path):
    """The scenario's stage today, and after doing every shown action of Now and Next."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers = {qid: v for part in data["answers"].values() for qid, v in part.items()}
    evaluation = evaluate(Q, MODEL, answers, parse_profile(data["profile"]))
    done = dict(answers)
    for phase in evaluation.roadmap[:2]:
        for action in phase.actions:
            if action.kind != FIND_OUT:
                assert isinstance(done[action.question_id], int) and done[action.question_id] < action.target_level
                done[action.question_id] = action.target_level
    return answers, evaluation, score(Q, done)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_now_and_next_lift_the_stage_or_the_plan_names_what_nobody_knows(path):
    answers, evaluation, after = simulate(path)
    before = evaluation.result.stage.number
    if before == len(Q.stages):
        assert after.stage.number == before  # the top stage is kept, never lost to the plan
        return
    if after.stage.number > before:
        assert evaluation.roadmap[1].projected_stage.number == after.stage.number  # the plan says what it does
        return
    blocker = evaluation.roadmap[1].why_not
    assert blocker and "nobody knows yet the answer to" in blocker
    unknown = [qid for qid, v in answers.items() if v == UNKNOWN]
    assert [qid for qid in unknown if Q.questions[qid].text[:1].lower() + Q.questions[qid].text[1:].rstrip(".") in blocker]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_plan_spreads_over_the_questions_that_decide_the_stage(path):
    """No tunnelling: Now and Next never take more than two steps of one question, and a leg out of
    proportion starts Now with at least two of its own actions."""
    _, evaluation, _ = simulate(path)
    steps = [a.question_id for p in evaluation.roadmap[:2] for a in p.actions]
    assert all(steps.count(qid) <= 2 for qid in steps)
    result = evaluation.result
    if not result.balanced and result.balance.unscored == () and evaluation.roadmap[0].actions:
        leg = min((leg for leg, v in result.legs.items() if v is not None), key=lambda leg: result.legs[leg])
        builds = [a for a in evaluation.roadmap[0].actions if a.kind != FIND_OUT]
        on_leg = [a for a in builds if Q.section_of[a.question_id].leg == leg]
        assert len(on_leg) >= 2 and builds[:2] == on_leg[:2]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_an_action_that_says_it_clears_a_gate_does_once_the_actions_before_it_are_done(path):
    """"Clears: <gate>" is printed on an action only when, with it and the actions before it done, every requirement
    of that gate is met; an action that only helps towards a gate claims nothing."""
    from app.core.roadmap import flatten

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers = {qid: v for part in data["answers"].values() for qid, v in part.items()}
    evaluation = evaluate(Q, MODEL, answers, parse_profile(data["profile"]))
    gates = {g.title: g for g in Q.rules.gates}
    done = dict(answers)
    for action in flatten(evaluation.roadmap):
        if action.kind == FIND_OUT:
            continue
        done[action.question_id] = action.target_level
        if action.gate:
            for r in gates[action.gate].require:
                value = done.get(r.question)
                assert value == "na" or (isinstance(value, int) and value >= r.min_level), (action.do, r.question)
