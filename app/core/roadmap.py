"""Gaps -> a short, ordered, phased roadmap with owners, measures and projected stages (pure Python).

Each answer below the top level becomes one action whose text fits today's level (build, adopt or
review, from `model/actions.yaml`); "don't know" becomes a find-out action, N/A nothing. Actions are
ordered by priority (gates, then the weakest leg, then the largest weighted gaps) without ever
putting an action before one it depends on, then split into Now / Next / Later within the caps.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.actions import FIND_OUT, Action
from app.core.answers import is_level
from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Question, Questionnaire
from app.core.reference import OWNERS, Model
from app.core.roadmap_phases import PHASES, Phase, project
from app.core.scoring import Result, score

__all__ = ["PHASES", "Phase", "RoadmapAction", "build_roadmap", "flatten"]

# Priority tiers, lowest first: find out what a gate hangs on, clear failed gates, make the current
# stage's moves (roadmap.yaml), lengthen the weakest leg, close other gaps, and last find out the
# remaining "don't know" answers.
TIER_GATE_UNKNOWN, TIER_GATE, TIER_MOVE, TIER_LEG, TIER_GAP, TIER_UNKNOWN = range(6)


@dataclass(frozen=True)
class RoadmapAction:
    question_id: str
    section_id: str
    do: str
    owner: str
    measure: str
    phase: str
    helps_reach: int  # the stage this action helps the organisation reach
    level: int | str | None  # today's answer
    target_level: int
    why: str
    gate: str | None = None  # title of the gate this action clears or settles
    kind: str = "build"  # build, adopt, review or find_out
    depends_on: tuple[str, ...] = ()  # question ids whose actions come first
    shown: bool = True  # False: past the caps, listed only in the appendix and the CSV

    @property
    def owner_label(self) -> str:
        return OWNERS.get(self.owner, self.owner)

    def to_dict(self) -> dict:
        return {
            "question": self.question_id, "section": self.section_id, "action": self.do, "phase": self.phase,
            "owner": self.owner, "measure": self.measure, "helps_reach": self.helps_reach,
            "level": self.level, "target_level": self.target_level, "why": self.why, "gate": self.gate,
            "kind": self.kind, "depends_on": list(self.depends_on), "shown": self.shown,
        }


@dataclass
class _Item:
    fields: dict  # RoadmapAction keyword arguments, phase and shown aside
    priority: tuple  # (stages away, tier, -weighted gap, roadmap rank, questionnaire order)
    natural: int  # phase index the action belongs to by the stage it helps reach
    after: list[str] = field(default_factory=list)


def _level_text(question: Question, value) -> str:
    if value == UNKNOWN:
        return "don't know"
    if value is None:
        return "not answered"
    level = question.levels[question.values.index(value)]
    return f"level {level.value} ({level.name}): “{level.label.rstrip('.')}”"


def _gate_questions(result: Result, answers: Mapping) -> dict:
    """For each question a failed or unknown gate hangs on: (the lowest such gate, the level it requires)."""
    found: dict = {}
    for g in sorted(result.gates, key=lambda g: g.gate.stage):
        if getattr(g, "status", "failed" if not g.passed else "passed") not in ("failed", "unknown"):
            continue
        for req in g.gate.require:
            value = answers.get(req.question)
            short = value in (UNKNOWN, None) or (is_level(value) and value < req.min_level)
            if short and req.question not in found:
                found[req.question] = (g.gate, req.min_level)
    return found


def _action(model: Model, questionnaire: Questionnaire, question: Question, target: int) -> Action:
    return model.actions.get(question.id) or Action(
        do=f"Raise this practice to level {target}: {question.text}",
        owner="management", measure=f"Level {target} reached at the next assessment",
    )


def _find_out(model: Model, questionnaire: Questionnaire, question: Question, value, gate, current: int) -> dict:
    """A "don't know" (or, behind a gate, unanswered) question: find out before building anything."""
    action = _action(model, questionnaire, question, question.max_value)
    do = action.find_out or f"Find out where the company honestly stands on this question, then answer it: {question.text}"
    why = f"Today: {_level_text(question, value)}."
    if gate is not None:
        why += f" The answer decides whether you meet this condition: {gate[0].title[0].lower()}{gate[0].title[1:]}."
    helps = max(gate[0].stage, current + 1) if gate else current + 1
    return dict(do=do, owner=action.owner, measure="The question answered with a level, and the evidence noted",
                kind=FIND_OUT, helps_reach=min(helps, len(questionnaire.stages)),
                target_level=gate[1] if gate else question.values[0], why=why)


def _build(model: Model, questionnaire: Questionnaire, question: Question, value: int, gate, current: int) -> dict:
    """A gap: the step that fits today's level, aimed at the level the next useful stage needs."""
    top = len(questionnaire.stages)
    if gate is not None:
        helps, min_level = max(gate[0].stage, min(current + 1, top)), gate[1]
    else:
        helps = next((s.number for s in questionnaire.stages if s.number > current and s.target_level > value), top)
        min_level = 0
    target = min(max(questionnaire.stage(helps).target_level, value + 1, min_level), question.max_value)
    step = _action(model, questionnaire, question, target).at(value)
    aim = question.levels[question.values.index(target)]
    why = f"Today: {_level_text(question, value)}. Aim for level {aim.value} ({aim.name})."
    return dict(do=step.do, owner=step.owner, measure=step.measure, kind=step.kind, helps_reach=helps,
                target_level=target, why=why)


def _item(questionnaire: Questionnaire, model: Model, result: Result, question: Question, value, gate_of) -> _Item | None:
    """One question's action with its priority, or None when the question needs none."""
    gate = gate_of.get(question.id)
    current = result.stage.number if result.stage else 1
    if value == NOT_APPLICABLE or (is_level(value) and value >= question.max_value):
        return None
    if is_level(value):
        fields = _build(model, questionnaire, question, value, gate, current)
        leg = _on_weakest_leg(questionnaire, result, question)
        move = question.id in model.roadmap.moves.get(current, ())
        tier = TIER_GATE if gate else TIER_MOVE if move else TIER_LEG if leg else TIER_GAP
        gap = question.weight * (fields["target_level"] - value)
        # The stage's moves, and a leg that holds the stage down, serve the very next stage.
        soon = move or (leg and _leg_holds(result, current))
        natural = 0 if soon else min(max(fields["helps_reach"] - current, 1), 3) - 1
    elif value == UNKNOWN or gate is not None:
        fields = _find_out(model, questionnaire, question, value, gate, current)
        tier, gap, natural = (TIER_GATE_UNKNOWN, 0.0, 0) if gate else (TIER_UNKNOWN, 0.0, 1)
    else:
        return None  # unanswered and behind no gate: nothing to act on yet
    section = questionnaire.section_of[question.id]
    index = list(questionnaire.questions).index(question.id)
    fields.update(question_id=question.id, section_id=section.id, level=value,
                  gate=gate[0].title if gate else None)
    return _Item(fields, (natural, tier, -gap, questionnaire.roadmap_rank(section), index), natural)


def _on_weakest_leg(questionnaire: Questionnaire, result: Result, question: Question) -> bool:
    return result.weakest_leg is not None and questionnaire.section_of[question.id].leg == result.weakest_leg


def _leg_holds(result: Result, current: int) -> bool:
    """Whether the weakest stool leg is what keeps the stage where it is."""
    caps = getattr(result, "caps", None)
    if caps is not None:
        return any(c.kind == "stool" for c in caps)
    return bool(result.leg_stage and result.score_stage and result.leg_stage.number <= current < result.score_stage.number)


def _items(questionnaire: Questionnaire, model: Model, answers: Mapping, result: Result, placed) -> dict[str, _Item]:
    """The actions still to place, prioritised against `result` (where the company stands at that point)."""
    gate_of = _gate_questions(result, answers)
    items = {q.id: item for q in questionnaire.questions.values() if q.id not in placed
             and (item := _item(questionnaire, model, result, q, answers.get(q.id), gate_of)) is not None}
    for qid, item in items.items():
        action = model.actions.get(qid)
        if action is not None and item.fields["kind"] != FIND_OUT:
            # A prerequisite already at its level, N/A or not in the roadmap imposes no order.
            item.after = [p for p, level in action.after if p != qid and (p in items or p in placed)
                          and not (is_level(answers.get(p)) and answers[p] >= level)]
    return items


def _fill(items: dict[str, _Item], room: int, placed: dict[str, int], phase: int, reach: int) -> list[_Item]:
    """The best actions within `reach` stages that fit in `room`, each after its prerequisites.

    Only gate and stage-move actions bring their prerequisites into the same phase; any other action
    waits for a phase after theirs (nobody reviews a charter in the quarter it is first written).
    """
    chosen: list[_Item] = []
    for item in sorted(items.values(), key=lambda i: i.priority):
        if item.fields["question_id"] in placed or item.natural > reach:
            continue
        waits = phase < len(PHASES) and item.priority[1] > TIER_MOVE  # past the plan, order is all that counts
        if waits and any(placed.get(p, phase) >= phase for p in item.after):
            continue
        chain = _chain(items, item, placed)
        if len(chain) <= room:
            chosen += chain
            placed.update((i.fields["question_id"], phase) for i in chain)
            room -= len(chain)
    return chosen


def _chain(items: dict[str, _Item], item: _Item, placed) -> list[_Item]:
    """The item preceded by its unplaced prerequisites, deepest first."""
    chain: list[_Item] = []

    def visit(current: _Item) -> None:
        for p in current.after:
            if p not in placed and p in items and all(c is not items[p] for c in chain):
                visit(items[p])
        chain.append(current)
    visit(item)
    return chain


def build_roadmap(questionnaire: Questionnaire, model: Model, answers: Mapping, result: Result,
                  profile=None) -> list[Phase]:
    """Level-aware actions in dependency order, split into Now / Next / Later with projected stages.

    Each phase is planned from where the phases before it leave the company: it takes the actions
    that help reach the next stage from there (gates first, then the weakest leg, then the largest
    weighted gaps), up to its cap. Actions past the caps close the Later phase, unshown.
    """
    del profile  # accepted for callers' convenience: the profile's N/A defaults are already in the answers
    limits = [questionnaire.rules.now_max, questionnaire.rules.next_max, model.roadmap.shown_max]
    raised, now_at, placed, budget, buckets = dict(answers), result, {}, model.roadmap.shown_max, []
    for k in range(len(PHASES)):
        # Phase k reaches k + 1 stages ahead of where it starts: Now works only for the next stage.
        chosen = _fill(_items(questionnaire, model, answers, now_at, placed), min(limits[k], budget), placed, k, k)
        budget -= len(chosen)
        buckets.append([_action_of(item, k, True) for item in chosen])
        raised.update((i.fields["question_id"], i.fields["target_level"]) for i in chosen if i.fields["kind"] != FIND_OUT)
        now_at = score(questionnaire, raised)
    rest = _fill(_items(questionnaire, model, answers, now_at, placed), len(questionnaire.questions), placed,
                 len(PHASES), len(PHASES))
    buckets[-1] += [_action_of(item, len(PHASES) - 1, False) for item in rest]
    return project(questionnaire, model, answers, result, buckets)


def _action_of(item: _Item, phase: int, shown: bool) -> RoadmapAction:
    return RoadmapAction(phase=PHASES[phase][0], shown=shown, depends_on=tuple(item.after), **item.fields)


def flatten(phases: list[Phase]) -> list[RoadmapAction]:
    """Every action in roadmap order: each phase's shown actions, then those past the caps."""
    return [a for p in phases for a in (*p.actions, *p.more)]
