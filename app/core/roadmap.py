"""Gaps -> a phased roadmap of actions with owners, measures and projected stages (pure Python)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Question, Questionnaire, Stage
from app.core.reference import OWNERS, Action, Model
from app.core.scoring import Result, score

PHASES = (
    ("now", "Now", "0-90 days"),
    ("next", "Next", "3-6 months"),
    ("later", "Later", "6-12 months"),
)


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
    gate: str | None = None  # title of the failed gate this action clears

    @property
    def owner_label(self) -> str:
        return OWNERS.get(self.owner, self.owner)

    def to_dict(self) -> dict:
        return {
            "question": self.question_id, "section": self.section_id, "action": self.do, "phase": self.phase,
            "owner": self.owner, "measure": self.measure, "helps_reach": self.helps_reach,
            "level": self.level, "target_level": self.target_level, "why": self.why, "gate": self.gate,
        }


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    window: str
    actions: tuple[RoadmapAction, ...]
    projected_stage: Stage | None  # the stage once this phase and those before it are done


def _level_text(question: Question, value) -> str:
    if value == UNKNOWN:
        return "don't know"
    if value is None:
        return "not answered"
    if value == NOT_APPLICABLE:
        return "not applicable"
    level = question.levels[question.values.index(value)]
    return f"level {level.value} ({level.name}), {level.label.rstrip('.')}"


def _candidate(questionnaire: Questionnaire, result: Result, question: Question, value, gate_of: dict):
    """One gap as (priority key, display key, action) or None when the question needs no action."""
    gate = gate_of.get(question.id)
    if isinstance(value, int):
        if value >= question.max_value:
            return None
    elif gate is None:
        return None  # "don't know", N/A and gaps are blind spots, unless a gate depends on them
    level = value if isinstance(value, int) else 0
    current = result.stage.number if result.stage else 1
    top = len(questionnaire.stages)
    if gate is not None:
        helps, min_level = gate[0].stage, gate[1]
    else:
        helps = next((s.number for s in questionnaire.stages if s.number > current and s.target_level > level), top)
        min_level = 0
    target = min(max(questionnaire.stage(helps).target_level, level + 1, min_level), question.max_value)
    distance = max(helps - current, 1)
    section = questionnaire.section_of[question.id]
    rank = questionnaire.roadmap_rank(section)
    index = list(questionnaire.questions).index(question.id)
    aim = question.levels[question.values.index(target)]
    why = f"Today: {_level_text(question, value)}. Aim for level {aim.value} ({aim.name})."
    return (
        (distance, gate is None, rank, level, -question.weight, index),
        (rank, gate is None, level, index),
        dict(question_id=question.id, section_id=section.id, helps_reach=helps, level=value,
             target_level=target, why=why, gate=gate[0].title if gate else None),
    )


def _gate_questions(questionnaire: Questionnaire, result: Result) -> dict:
    """For each question behind a failed gate: (the lowest such gate, the level it requires)."""
    found: dict = {}
    for g in sorted((g for g in result.gates if not g.passed), key=lambda g: g.gate.stage):
        for req in g.gate.require:
            if req.question in g.missing and req.question not in found:
                found[req.question] = (g.gate, req.min_level)
    return found


def build_roadmap(questionnaire: Questionnaire, model: Model, answers: Mapping, result: Result) -> list[Phase]:
    """Actions for every gap, ordered by priority and split into Now / Next / Later with projected stages."""
    gate_of = _gate_questions(questionnaire, result)
    candidates = [
        c for q in questionnaire.questions.values()
        if (c := _candidate(questionnaire, result, q, answers.get(q.id), gate_of)) is not None
    ]
    candidates.sort(key=lambda c: c[0])
    limits = {"now": questionnaire.rules.now_max, "next": questionnaire.rules.next_max, "later": None}
    buckets: dict[str, list] = {p: [] for p, _, _ in PHASES}
    for priority, display, fields in candidates:
        phase = PHASES[min(priority[0], 3) - 1][0]
        while limits[phase] is not None and len(buckets[phase]) >= limits[phase]:
            phase = PHASES[[p for p, _, _ in PHASES].index(phase) + 1][0]
        buckets[phase].append((display, fields))

    phases, raised = [], dict(answers)
    for phase_id, name, window in PHASES:
        actions = []
        for _, fields in sorted(buckets[phase_id], key=lambda item: item[0]):
            action = model.actions.get(fields["question_id"]) or _fallback(questionnaire, fields)
            actions.append(RoadmapAction(do=action.do, owner=action.owner, measure=action.measure, phase=phase_id, **fields))
            raised[fields["question_id"]] = fields["target_level"]
        phases.append(Phase(phase_id, name, window, tuple(actions), score(questionnaire, raised).stage))
    return phases


def _fallback(questionnaire: Questionnaire, fields: dict) -> Action:
    """For questionnaires without an action in the model: a plain instruction to close the gap."""
    question = questionnaire.questions[fields["question_id"]]
    return Action(
        do=f"Raise this practice to level {fields['target_level']}: {question.text}",
        owner="management", measure=f"Level {fields['target_level']} reached at the next assessment",
    )


def flatten(phases: list[Phase]) -> list[RoadmapAction]:
    """Every action in roadmap order."""
    return [a for p in phases for a in p.actions]
