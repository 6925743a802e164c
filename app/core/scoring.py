"""Answers -> scores, stage, gates, the stool rule, blind spots and confidence (pure Python).

The capability stage is what the evidence supports: the stage the overall score reaches, one higher
when the answers show every move of that stage (`scoring.moves`), lowered only by capability gates
the answers truly fail. Caps (stool-leg gates and the stool rule, app/core/stool.py) are reported
apart: a failed leg gate holds the stage below the gate's stage and the weakest leg holds it at what
it carries, so the stage always agrees with the gates and the stool (`scoring.caps` may soften this
for another questionnaire); a leg is never counted twice. "Not applicable" never fails a gate and
makes a move; a gate whose question is not known (don't know, or not answered yet) is `unknown`: it
lowers confidence, not the stage.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core import stool
from app.core.answers import is_level, on_scale
from app.core.holding_back import find_out_first, holding_back
from app.core.labels import LABELS
from app.core.questionnaire import LEGS, NOT_APPLICABLE, UNKNOWN, Gate, Question, Questionnaire, Requirement, Stage

LEG_NAMES = {leg: title.lower() for leg, title in LABELS.legs.items()}  # labels.yaml


class AnswerError(ValueError):
    """An answer names an unknown question or a value off the question's scale."""


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    passed: bool  # passed or not applicable: the gate does not hold the stage
    missing: tuple[str, ...]  # question ids answered below the required level
    status: str = "passed"  # "passed", "failed", "unknown" (a gate question not known) or "not_applicable"
    unknown: tuple[str, ...] = ()  # question ids not known: "don't know" or not answered yet


@dataclass(frozen=True)
class Cap:
    """A structural condition that holds the stage below the capability stage."""

    kind: str  # "gate" or "stool"
    id: str  # the gate id, or the leg for the stool rule
    title: str
    holds_at: int  # the stage number the cap holds the organisation at
    reason: str = ""  # what holds the company back, as a phrase after "held at stage N by:"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "title": self.title, "holds_at": self.holds_at, "reason": self.reason}


@dataclass(frozen=True)
class Moves:
    """The moves of one stage (scoring.moves) against the answers: made when every requirement is met or N/A."""

    stage: int  # the stage the moves lift a company from
    made: bool
    missing: tuple[str, ...] = ()  # question ids answered below the move's level
    unknown: tuple[str, ...] = ()  # question ids answered "don't know" or not answered

    def to_dict(self) -> dict:
        return {"stage": self.stage, "made": self.made, "missing": list(self.missing), "unknown": list(self.unknown)}


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
    capability_stage: Stage | None = None  # what the evidence supports, before the caps
    caps: tuple[Cap, ...] = ()
    provisional: bool = False  # confidence below scoring.confidence.provisional_below
    find_out_first: tuple[dict, ...] = ()  # unknown answers to settle first, gate questions leading
    moves: Moves | None = None  # the moves of the stage the overall score reaches
    carries: Stage | None = None  # the highest stage the weakest evidenced leg lets the company reach
    capping_leg: str | None = None  # the weakest leg with enough evidence to cap (the one `carries` is about)
    balance: stool.Balance | None = None  # the figures behind `balanced`

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
            "stool": {"balanced": self.balanced, "weakest": self.weakest_leg, "supports": _stage_dict(self.leg_stage),
                      "carries": _stage_dict(self.carries), "capping_leg": self.capping_leg,
                      **(self.balance.to_dict() if self.balance else {})},
            "gates": [{"id": g.gate.id, "stage": g.gate.stage, "title": g.gate.title, "passed": g.passed,
                       "status": g.status, "unknown": list(g.unknown)} for g in self.gates],
            "holding_back": list(self.holding_back),
            "blind_spots": list(self.blind_spots),
            "confidence": self.confidence,
            "capability_stage": _stage_dict(self.capability_stage),
            "caps": [c.to_dict() for c in self.caps],
            "provisional": self.provisional,
            "find_out_first": list(self.find_out_first),
            "moves": self.moves.to_dict() if self.moves else None,
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
        if on_scale(question, value):
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
    return [(100 * answers[q.id] / q.max_value, q.weight) for q in questions if is_level(answers.get(q.id))]


def gate_result(gate: Gate, questionnaire: Questionnaire, answers: Mapping) -> GateResult:
    """One gate: failed if any requirement is answered too low, else unknown if any is not known,
    else not applicable if every requirement is N/A, else passed."""
    reqs = [r for r in gate.require if r.question in questionnaire.questions]
    missing = tuple(r.question for r in reqs
                    if is_level(answers.get(r.question)) and answers[r.question] < r.min_level)
    unknown = tuple(r.question for r in reqs if answers.get(r.question) in (UNKNOWN, None))
    if missing:
        status = "failed"
    elif unknown:
        status = "unknown"
    elif reqs and all(answers.get(r.question) == NOT_APPLICABLE for r in reqs):
        status = "not_applicable"
    else:
        status = "passed"
    return GateResult(gate, status in ("passed", "not_applicable"), missing, status, unknown)


def check_gates(questionnaire: Questionnaire, answers: Mapping) -> tuple[GateResult, ...]:
    """Every gate of the questionnaire, in data order."""
    return tuple(gate_result(g, questionnaire, answers) for g in questionnaire.rules.gates)


def moves_of(questionnaire: Questionnaire, answers: Mapping, stage_number: int) -> Moves | None:
    """The moves that lift a company from `stage_number`, checked against the answers (None at the top)."""
    reqs: tuple[Requirement, ...] = tuple(r for r in questionnaire.rules.moves.get(stage_number, ())
                                          if r.question in questionnaire.questions)
    if not reqs:
        return None
    missing = tuple(r.question for r in reqs if is_level(answers.get(r.question)) and answers[r.question] < r.min_level)
    unknown = tuple(r.question for r in reqs if answers.get(r.question) in (UNKNOWN, None))
    return Moves(stage_number, not missing and not unknown, missing, unknown)


def reached(questionnaire: Questionnaire, score_stage: Stage | None, moves: Moves | None) -> Stage | None:
    """The stage the overall score reaches, one higher when that stage's moves are made."""
    if score_stage is None:
        return None
    lifted = moves is not None and moves.made and score_stage.number < len(questionnaire.stages)
    return questionnaire.stage(score_stage.number + 1) if lifted else score_stage


def capability(questionnaire: Questionnaire, stage: Stage | None, gates) -> Stage | None:
    """The stage the evidence supports: the stage reached, below any capability gate truly failed."""
    if stage is None:
        return None
    limits = [stage.number] + [g.gate.stage - 1 for g in gates if g.gate.leg is None and g.status == "failed"]
    return questionnaire.stage(max(1, min(limits)))


def _stool_reason(leg: str, score: float, carried: Stage) -> str:
    return (f"the {LEG_NAMES.get(leg, leg)} leg of the stool (score {score:g}) carries no more than "
            f"stage {carried.number} ({carried.name})")


def find_caps(questionnaire: Questionnaire, able: Stage | None, gates, leg: str | None, leg_score, carried) -> tuple[Cap, ...]:
    """The caps holding the stage below `able`, at most one per leg (the lower; a gate wins a tie).

    `leg` is the weakest leg with enough evidence: a leg answered mostly "don't know" is a question to
    settle, not a verdict. Without `scoring.caps` in the data a cap is never softened.
    """
    if able is None:
        return ()
    rules = questionnaire.rules
    lowest = max(able.number - rules.max_drop, rules.cap_floor)
    found: dict[str, Cap] = {}
    candidates = [(g.gate.leg, Cap("gate", g.gate.id, g.gate.title, max(g.gate.stage - 1, lowest), g.gate.missing))
                  for g in gates if g.gate.leg and g.status == "failed" and g.gate.stage <= able.number]
    if leg and carried and carried.number < able.number:
        candidates.append((leg, Cap("stool", leg, stool.title(leg), max(carried.number, lowest),
                                    _stool_reason(leg, leg_score, carried))))
    for cap_leg, cap in candidates:
        if cap.holds_at < able.number and (cap_leg not in found or cap.holds_at < found[cap_leg].holds_at):
            found[cap_leg] = cap
    return tuple(sorted(found.values(), key=lambda c: (c.holds_at, c.kind, c.id)))


def _confidence(questions: dict[str, Question], answers: Mapping) -> float:
    """Share of the applicable questions answered with a level: "don't know" and gaps lower it."""
    applicable = [qid for qid in questions if answers.get(qid) != NOT_APPLICABLE]
    if not applicable:
        return 0.0
    return round(sum(is_level(answers.get(qid)) for qid in applicable) / len(applicable), 3)


def _overall(questionnaire: Questionnaire, answers: Mapping) -> tuple[float | None, dict[str, float | None]]:
    sections: dict[str, float | None] = {}
    section_pairs: list[tuple[float, float]] = []
    for section in questionnaire.sections:
        value = _weighted_mean(_question_pairs(section.questions, answers))
        sections[section.id] = _rounded(value)
        if value is not None:
            section_pairs.append((value, section.weight))
    return _rounded(_weighted_mean(section_pairs)), sections


def score(questionnaire: Questionnaire, answers: Mapping[str, int | str | None]) -> Result:
    """Score one resolved answer set. "na", "unknown" and unanswered questions leave the denominator."""
    overall, sections = _overall(questionnaire, answers)
    score_stage = stage_for(questionnaire, overall)
    legs = stool.legs(questionnaire, answers)
    scored_legs = [leg for leg in LEGS if legs[leg] is not None]
    # A leg with nothing scored (all N/A or unknown) carries no evidence, so it caps nothing.
    weakest = min(scored_legs, key=lambda leg: legs[leg]) if scored_legs else None
    leg_stage = stage_for(questionnaire, legs[weakest]) if weakest else None
    # Only a leg with enough evidence caps, so the cap looks at the weakest such leg: raising an
    # answer then never lets a less-evidenced leg step aside and expose a cap (the stage is monotone).
    evidenced = [leg for leg in scored_legs if leg in stool.evidenced(questionnaire, answers)]
    capping = min(evidenced, key=lambda leg: legs[leg]) if evidenced else None
    carried = stool.carries(questionnaire, capping, legs[capping], answers) if capping else None
    gates = check_gates(questionnaire, answers)
    moves = moves_of(questionnaire, answers, score_stage.number) if score_stage else None
    able = capability(questionnaire, reached(questionnaire, score_stage, moves), gates)
    caps = find_caps(questionnaire, able, gates, capping, legs[capping] if capping else None, carried)
    stage = questionnaire.stage(min([able.number] + [c.holds_at for c in caps])) if able else None
    confidence = _confidence(questionnaire.questions, answers)
    balance = stool.balance(questionnaire, legs)
    return Result(
        overall=overall, sections=sections, stage=stage,
        answered=sum(1 for qid in questionnaire.questions if answers.get(qid) is not None),
        total=len(questionnaire.questions), score_stage=score_stage, legs=legs,
        balanced=balance.balanced, weakest_leg=weakest, leg_stage=leg_stage, gates=gates,
        holding_back=holding_back(questionnaire, answers, stage, caps, leg_stage, gates, capping, carried),
        blind_spots=tuple(qid for qid in questionnaire.questions if answers.get(qid) == UNKNOWN),
        confidence=confidence, capability_stage=able, caps=caps,
        provisional=confidence < questionnaire.rules.provisional_below,
        find_out_first=find_out_first(questionnaire, answers, gates),
        moves=moves, carries=carried, capping_leg=capping, balance=balance,
    )
