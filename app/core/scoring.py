"""Answers -> scores, stage, gates, the stool rule, blind spots and confidence (pure Python).

The stage is the lowest of three: the stage the overall score reaches, the stage below the first
gate the organisation fails, and the stage its weakest stool leg supports on its own.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.questionnaire import LEGS, NOT_APPLICABLE, UNKNOWN, Gate, Question, Questionnaire, Stage

SPECIAL = (NOT_APPLICABLE, UNKNOWN)
HOLDING_QUESTIONS = 5  # how many of the lowest answers "what holds you back" lists


class AnswerError(ValueError):
    """An answer names an unknown question or a value off the question's scale."""


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    passed: bool
    missing: tuple[str, ...]  # question ids whose requirement is not met


@dataclass(frozen=True)
class Result:
    overall: float | None  # 0-100; None when no question has a scored answer
    sections: dict[str, float | None]  # section id -> 0-100, None when nothing in it is scored
    stage: Stage | None
    answered: int  # questions with any answer, "don't know" and "not applicable" included
    total: int
    score_stage: Stage | None = None  # the stage by overall score alone
    legs: dict[str, float | None] | None = None
    balanced: bool = True
    weakest_leg: str | None = None
    leg_stage: Stage | None = None  # the stage the weakest leg supports
    gates: tuple[GateResult, ...] = ()
    holding_back: tuple[dict, ...] = ()
    blind_spots: tuple[str, ...] = ()
    confidence: float = 0.0

    def to_dict(self) -> dict:
        """The public JSON shape printed by the `score` command."""
        return {
            "stage": _stage_dict(self.stage),
            "overall": self.overall,
            "sections": self.sections,
            "answered": self.answered,
            "total": self.total,
            "score_stage": _stage_dict(self.score_stage),
            "legs": self.legs,
            "stool": {"balanced": self.balanced, "weakest": self.weakest_leg, "supports": _stage_dict(self.leg_stage)},
            "gates": [{"id": g.gate.id, "stage": g.gate.stage, "title": g.gate.title, "passed": g.passed}
                      for g in self.gates],
            "holding_back": list(self.holding_back),
            "blind_spots": list(self.blind_spots),
            "confidence": self.confidence,
        }


def _stage_dict(stage: Stage | None) -> dict | None:
    return {"number": stage.number, "name": stage.name} if stage else None


def check_answers(questionnaire: Questionnaire, answers: Mapping[str, object]) -> dict[str, int | str]:
    """Validate raw answers ({question id: level | "na" | "unknown"}); raise AnswerError naming the culprit."""
    clean: dict[str, int | str] = {}
    for qid, value in answers.items():
        question = questionnaire.questions.get(qid)
        if question is None:
            raise AnswerError(f"unknown question id '{qid}' in questionnaire '{questionnaire.id}'")
        if value in SPECIAL:
            clean[qid] = value
        elif isinstance(value, int) and not isinstance(value, bool) and value in question.values:
            clean[qid] = value
        else:
            allowed = ", ".join(map(str, question.values))
            raise AnswerError(
                f"answer {value!r} for question '{qid}' is off the scale (expected one of {allowed}, \"na\" or \"unknown\")"
            )
    return clean


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(weight for _, weight in pairs)
    return sum(value * weight for value, weight in pairs) / total if total else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def stage_for(questionnaire: Questionnaire, overall: float | None) -> Stage | None:
    """The highest stage whose threshold the score reaches."""
    if overall is None:
        return None
    return [s for s in questionnaire.stages if overall >= s.min_score][-1]


def _question_pairs(questions, answers) -> list[tuple[float, float]]:
    return [(100 * answers[q.id] / q.max_value, q.weight) for q in questions if isinstance(answers.get(q.id), int)]


def check_gates(questionnaire: Questionnaire, answers: Mapping) -> tuple[GateResult, ...]:
    """Each gate passes when every requirement is answered at or above its level ("don't know" fails)."""
    results = []
    for gate in questionnaire.rules.gates:
        missing = tuple(
            r.question for r in gate.require
            if r.question in questionnaire.questions
            and not (isinstance(answers.get(r.question), int) and answers[r.question] >= r.min_level)
        )
        results.append(GateResult(gate, not missing, missing))
    return tuple(results)


def _legs(questionnaire: Questionnaire, answers: Mapping) -> dict[str, float | None]:
    return {
        leg: _rounded(_weighted_mean(_question_pairs(
            [q for s in questionnaire.sections if s.leg == leg for q in s.questions], answers)))
        for leg in LEGS
    }


def _holding_back(questionnaire, answers, stage, score_stage, leg_stage, weakest, gates) -> tuple[dict, ...]:
    """Why the organisation is not one stage higher: failed gates, a short leg, the lowest answers."""
    if stage is None or stage.number == len(questionnaire.stages):
        return ()
    following = questionnaire.stage(stage.number + 1)
    items: list[dict] = [
        {"type": "gate", "id": g.gate.id, "title": g.gate.title, "stage": g.gate.stage, "questions": list(g.missing)}
        for g in gates if not g.passed and g.gate.stage == following.number
    ]
    if leg_stage and leg_stage.number == stage.number and score_stage and score_stage.number > stage.number:
        items.append({"type": "stool", "leg": weakest, "stage": leg_stage.number,
                      "title": f"The {weakest.replace('_', ' ')} leg is too short to carry a higher stage"})
    gap = [q for q in questionnaire.questions.values()
           if isinstance(answers.get(q.id), int) and answers[q.id] < following.target_level]
    gap.sort(key=lambda q: (answers[q.id], -q.weight))
    items += [{"type": "question", "id": q.id, "title": q.text, "level": answers[q.id],
               "section": questionnaire.section_of[q.id].id} for q in gap[:HOLDING_QUESTIONS]]
    return tuple(items)


def _confidence(questions: dict[str, Question], answers: Mapping) -> float:
    """Share of the applicable questions answered with a level: "don't know" and gaps lower it."""
    applicable = [qid for qid in questions if answers.get(qid) != NOT_APPLICABLE]
    if not applicable:
        return 0.0
    return round(sum(isinstance(answers.get(qid), int) for qid in applicable) / len(applicable), 3)


def score(questionnaire: Questionnaire, answers: Mapping[str, int | str | None]) -> Result:
    """Score one resolved answer set. "na", "unknown" and unanswered questions leave the denominator."""
    sections: dict[str, float | None] = {}
    section_pairs: list[tuple[float, float]] = []
    for section in questionnaire.sections:
        value = _weighted_mean(_question_pairs(section.questions, answers))
        sections[section.id] = _rounded(value)
        if value is not None:
            section_pairs.append((value, section.weight))
    overall = _rounded(_weighted_mean(section_pairs))
    score_stage = stage_for(questionnaire, overall)

    legs = _legs(questionnaire, answers)
    scored_legs = {leg: v for leg, v in legs.items() if v is not None}
    weakest = min(LEGS, key=lambda leg: (legs[leg] is not None, legs[leg] or 0.0))
    leg_stage = stage_for(questionnaire, legs[weakest]) if legs[weakest] is not None else questionnaire.stages[0]
    spread = max(scored_legs.values()) - min(scored_legs.values()) if scored_legs else 0.0
    balanced = len(scored_legs) == len(LEGS) and spread <= questionnaire.rules.imbalance_points

    gates = check_gates(questionnaire, answers)
    stage = score_stage
    if stage is not None:
        caps = [stage.number, leg_stage.number] + [g.gate.stage - 1 for g in gates if not g.passed]
        stage = questionnaire.stage(max(1, min(caps)))

    answered = sum(1 for qid in questionnaire.questions if answers.get(qid) is not None)
    return Result(
        overall=overall, sections=sections, stage=stage, answered=answered, total=len(questionnaire.questions),
        score_stage=score_stage, legs=legs, balanced=balanced, weakest_leg=weakest, leg_stage=leg_stage,
        gates=gates,
        holding_back=_holding_back(questionnaire, answers, stage, score_stage, leg_stage, weakest, gates),
        blind_spots=tuple(qid for qid in questionnaire.questions if answers.get(qid) == UNKNOWN),
        confidence=_confidence(questionnaire.questions, answers),
    )
