"""The sentences beside the charts, each written from the figures the charts show (pure Python).

Every figure, comparison or cause a report states comes from here or from the evaluation directly: the
stool (what the weakest leg carries, why the legs are balanced or not, with the legs' own figures), the
stage's moves when they lift the stage above what the overall score reaches, and the strengths and gaps
of the executive summary (the stool's weakest leg is never called a strength). tests/test_statements.py
re-derives every number these sentences state.
"""
from __future__ import annotations

from app.core.labels import LABELS
from app.core.questionnaire import LEGS, Questionnaire
from app.core.scoring import Result

STRENGTH_FROM = 50.0  # a section is a strength from an average at level 2 (Defined), never below
SUMMARY_ITEMS = 3


def figure(value: float) -> str:
    """A score as sentences state it: one decimal where it has one, so differences add up (56.2 - 31.2 = 25)."""
    return f"{round(value, 1):g}"


def leg_name(leg: str) -> str:
    """A stool leg as prose names it (labels.yaml, in lower case)."""
    return LABELS.legs.get(leg, leg).lower()


def _legs_listed(result: Result, legs) -> str:
    return ", ".join(f"{leg_name(leg)} {figure(result.legs[leg])}" for leg in legs)


def stool_carries(questionnaire: Questionnaire, result: Result) -> str | None:
    """What the weakest evidenced leg carries, and whether it is what holds the stage."""
    leg, carried, stage = result.capping_leg, result.carries, result.stage
    if leg is None or carried is None or stage is None:
        return None
    score = result.legs[leg]
    how = ("a leg at the bottom of the scale carries only stage 1" if carried.number == 1 and score == 0
           else f"a leg carries the stage its own score reaches plus {questionnaire.rules.leg_margin}")
    sentence = (f"The weakest leg, {leg_name(leg)} (score {figure(score)}), carries the stage up to "
                f"stage {carried.number}, {carried.name} ({how}).")
    if any(c.kind == "stool" for c in result.caps):
        return sentence + f" That is what holds the stage at {stage.number}."
    # The leg's score would carry a stage that one of the leg's own gates still bars: say so beside it.
    barred = next((g for g in sorted(result.gates, key=lambda g: g.gate.stage) if g.status == "failed"
                   and g.gate.leg == leg and stage.number < g.gate.stage <= carried.number), None)
    if barred:
        return sentence + (f" Its score alone would allow that; its gate for stage {barred.gate.stage} is not met yet: "
                           f"{barred.gate.title[0].lower()}{barred.gate.title[1:]}.")
    if carried.number == stage.number and stage.number < len(questionnaire.stages):
        return sentence + f" Stage {stage.number + 1} needs a longer {leg_name(leg)} leg."
    return sentence


def stool_balance(questionnaire: Questionnaire, result: Result) -> str:
    """Balanced or not, and why, with the legs' figures."""
    bal, rules = result.balance, questionnaire.rules
    if bal is None:
        return ""
    if bal.unscored:
        missing = " and ".join(leg_name(leg) for leg in bal.unscored)
        return (f"Risk: the {missing} leg has no answer with a level, so the stool cannot be shown to be balanced; "
                "find out before relying on it.")
    scored = [leg for leg in LEGS if result.legs.get(leg) is not None]
    listed = _legs_listed(result, scored)
    if bal.balanced:
        lag = (f", and no leg trails both others by more than {figure(rules.lag_points)}"
               if rules.lag_points is not None else "")
        short = len(questionnaire.stages) > 1 and all(result.legs[leg] < questionnaire.stages[1].min_score for leg in scored)
        return (f"The legs ({listed}) are {figure(bal.spread)} points apart, within the {figure(rules.imbalance_points)} "
                f"the stool allows{lag}: it is balanced" + (", but all three legs are short." if short else "."))
    low = min(scored, key=lambda leg: result.legs[leg])
    reasons = []
    if bal.spread > rules.imbalance_points:
        reasons.append(f"its legs ({listed}) are {figure(bal.spread)} points apart, more than the "
                       f"{figure(rules.imbalance_points)} the stool allows")
    if bal.lagging:
        reasons.append(f"{leg_name(bal.lagging)} trails both other legs, the nearer by {figure(bal.lag)} points, "
                       f"more than the {figure(rules.lag_points)} allowed")
    return (f"Risk: the stool is unbalanced: {'; and '.join(reasons)}. A long leg cannot make up for a short one: "
            f"lengthen {leg_name(low)} first.")


def lifted_by_moves(questionnaire: Questionnaire, model, result: Result) -> str | None:
    """When the stage's moves lift the capability above the stage the overall score reaches, say which."""
    by_score, able, moves = result.score_stage, result.capability_stage, result.moves
    if not (by_score and able and moves and moves.made and able.number > by_score.number):
        return None
    texts = model.stages[by_score.number].moves if by_score.number in model.stages else ()
    listed = "; ".join(t[:1].lower() + t[1:] for t in texts)
    return (f"The overall score ({int(result.overall)}) reaches stage {by_score.number}, {by_score.name}; the answers "
            f"also show every move of that stage ({listed}), which lifts the practices to stage {able.number}, {able.name}.")


def strengths_and_gaps(questionnaire: Questionnaire, result: Result) -> tuple[list[dict], list[dict]]:
    """Three strengths (sections averaging level 2 or more, never the stool's weakest leg) and three gaps."""
    scored = [(s, result.sections[s.id]) for s in questionnaire.sections if result.sections.get(s.id) is not None]
    weakest = result.weakest_leg
    strengths = [(s, v) for s, v in sorted(scored, key=lambda item: -item[1])
                 if v >= STRENGTH_FROM and not (s.leg and s.leg == weakest)][:SUMMARY_ITEMS]
    taken = {s.id for s, _ in strengths}
    gaps = [(s, v) for s, v in sorted(scored, key=lambda item: item[1]) if s.id not in taken][:SUMMARY_ITEMS]
    return ([{"title": s.title, "score": v} for s, v in strengths], [{"title": s.title, "score": v} for s, v in gaps])


def first_phase(result: Result, roadmap, say=str) -> str | None:
    """What the roadmap's first phase does to the stage, in the roadmap's own terms: the stage it unlocks, the later
    phase that completes the next stage (and the stage that phase reaches), or the roadmap's why-not (in the words
    `say` gives it, as the roadmap prints it) with the phase named. The executive summary and the deck say it so."""
    if not roadmap or result.stage is None:
        return None
    now, stage = roadmap[0], result.stage
    named = f"the first phase of the roadmap ({now.name}, {now.window})"
    if now.projected_stage and now.projected_stage.number > stage.number:
        return (f"With {named} done, the answers would place you at stage {now.projected_stage.number}, "
                f"{now.projected_stage.name}.")
    later = next((p for p in roadmap if p.name == now.reached_with and p.projected_stage), None)
    if later:
        return (f"After {named} you are still at stage {stage.number}, {stage.name}; with the {later.name} phase done "
                f"too, the answers would place you at stage {later.projected_stage.number}, {later.projected_stage.name}.")
    return say(now.why_not).replace("this phase", named, 1) if now.why_not else None
