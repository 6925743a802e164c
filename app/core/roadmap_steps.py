"""One roadmap step, as data for a RoadmapAction: what to do from the level a question stands at (pure Python).

The planning state (`Plan`) lives here too, so app/core/roadmap.py only decides what goes in which phase.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.actions import FIND_OUT, Step
from app.core.answers import is_level, is_na
from app.core.questionnaire import UNKNOWN, Question, Questionnaire
from app.core.reference import Model
from app.core.scoring import Result


@dataclass
class Plan:
    """The state a roadmap is planned in: the answers, the levels reached so far, what is placed where."""

    questionnaire: Questionnaire
    model: Model
    answers: Mapping
    state: dict  # levels once the actions placed so far are done
    placed: dict[str, int] = field(default_factory=dict)  # question id -> the phase of its first action
    found_out: set[str] = field(default_factory=set)  # "don't know" answers with a find-out action


def level_text(question: Question, value) -> str:
    """An answer as the roadmap's "why" quotes it: the level, its name and the question's own words."""
    if value == UNKNOWN:
        return "don't know"
    if value is None:
        return "not answered"
    level = question.levels[question.values.index(value)]
    return f"level {level.value} ({level.name}): “{level.label.rstrip('.')}”"


def step_of(plan: Plan, question: Question, value: int) -> Step:
    """The step from `value` (model/actions.yaml), or a plain one-level step for a question without an action."""
    action = plan.model.actions.get(question.id)
    if action is not None:
        return action.at(value)
    return Step("build" if value < 2 else "adopt" if value == 2 else "review",
                f"Raise this practice one level: {question.text}", "management",
                f"Level {value + 1} reached at the next assessment", value + 1)


def stage_helped(questionnaire: Questionnaire, current: int, value: int, target: int) -> int:
    """The first stage above `current` whose practices need more than `value` (the top when none does)."""
    top = len(questionnaire.stages)
    return next((s.number for s in questionnaire.stages if s.number > current and s.target_level > value), top) \
        if target <= value + 1 else min(current + 1, top)


def cleared(plan: Plan, qid: str, value: int, target: int):
    """The lowest gate this step clears: one failed on this question whose level the step reaches, and whose other
    requirements are met where the plan stands (else the step only helps towards it, and claims nothing)."""
    for gate in sorted(plan.questionnaire.rules.gates, key=lambda g: g.stage):
        if any(r.question == qid and value < r.min_level <= target for r in gate.require):
            others = [r for r in gate.require if r.question != qid]
            if all(_meets(plan.state.get(r.question), r.min_level) for r in others):
                return gate
    return None


def _meets(value, level: int) -> bool:
    """A requirement met where the plan stands: "not applicable" meets it, as it does for the gate itself."""
    return is_na(value) or (is_level(value) and value >= level)


def build_fields(plan: Plan, question: Question, need, current: int) -> dict:
    """One step from where the question stands in the plan, to the level that step reaches."""
    value, today = plan.state[question.id], plan.answers.get(question.id)
    step = step_of(plan, question, value)
    target = min(max(step.to, value + 1), question.max_value)
    aim = question.levels[question.values.index(target)]
    start = "Today" if value == today else "Once the earlier step is done"
    why = f"{start}: {level_text(question, value)}. Aim for level {aim.value} ({aim.name})."
    helps = min(current + 1, len(plan.questionnaire.stages)) if need else stage_helped(plan.questionnaire, current, value, target)
    gate = cleared(plan, question.id, value, target)
    return dict(do=step.do, owner=step.owner, measure=step.measure, kind=step.kind, target_level=target, why=why,
                helps_reach=helps, level=value, gate=gate.title if gate else None, need=need.kind if need else None)


def find_out_fields(plan: Plan, question: Question, gate, current: int) -> dict:
    """A "don't know" (or, behind a gate, unanswered) question: find out before building anything."""
    value = plan.answers.get(question.id)
    action = plan.model.actions.get(question.id)
    do = (action.find_out if action and action.find_out else
          f"Find out where the company honestly stands on this question, then answer it: {question.text}")
    why = f"Today: {level_text(question, value)}."
    if gate is not None:
        why += f" The answer decides whether you meet this condition: {gate.title[0].lower()}{gate.title[1:]}."
    req = next((r.min_level for r in gate.require if r.question == question.id), None) if gate else None
    return dict(do=do, owner=action.owner if action else "management",
                measure="The question answered with a level, and the evidence noted", kind=FIND_OUT,
                helps_reach=min(max(gate.stage, current + 1) if gate else current + 1, len(plan.questionnaire.stages)),
                target_level=req if req is not None else question.values[0], why=why, level=value,
                gate=gate.title if gate else None, need=None)


def unknown_gates(result: Result, answers: Mapping) -> dict:
    """For each unknown question a failed or unknown gate hangs on, the lowest such gate."""
    found: dict = {}
    for g in sorted(result.gates, key=lambda g: g.gate.stage):
        if g.status in ("failed", "unknown"):
            for req in g.gate.require:
                if answers.get(req.question) in (UNKNOWN, None) and req.question not in found:
                    found[req.question] = g.gate
    return found
