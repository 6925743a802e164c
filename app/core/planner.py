"""What the next stage needs, question by question (pure Python).

The roadmap plans from this: the failed gates up to the next stage, the weakest leg until it carries
that stage, the moves of the stage the overall score reaches, and, when the score is more than a stage
short, the practices that lift it most. Each need is a question and the level the stage needs from it;
an answer nobody knows ("don't know", or a gate question not answered) is not a need but a blocker:
only finding out can tell whether the stage is within reach.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core import stool
from app.core.answers import is_level
from app.core.questionnaire import UNKNOWN, Gate, Questionnaire
from app.core.scoring import Result, moves_of, score

KINDS = ("gate", "leg", "move", "breadth")  # in the order a plan takes them
ROUNDS = 6  # re-scoring rounds: each may uncover a need the previous one hid (a leg, then a move)
BREADTH_MAX = 12  # breadth needs listed at most: past that the stage is out of a plan's reach anyway


@dataclass(frozen=True)
class Need:
    question: str
    level: int  # the level the next stage needs from this question
    kind: str  # one of KINDS
    gate: Gate | None = None  # the gate this need clears, for a gate need


@dataclass(frozen=True)
class Needs:
    target: int | None  # the stage the needs lead to (None at the top or without a stage)
    needs: tuple[Need, ...] = ()
    unknown: tuple[str, ...] = ()  # questions to find out before the stage can be promised
    short_by: float | None = None  # overall score points still missing when breadth blocks


def _raised(questionnaire: Questionnaire, answers: Mapping, model_actions, qid: str) -> int:
    """The level one action takes a question to from its current level."""
    question, value = questionnaire.questions[qid], answers[qid]
    action = model_actions.get(qid)
    return min(action.at(value).to if action else value + 1, question.max_value)


def _gate_needs(result: Result, answers: Mapping, target: int) -> list[Need]:
    found = []
    for g in sorted(result.gates, key=lambda g: (g.gate.leg is None, g.gate.stage)):
        if g.status == "failed" and g.gate.stage <= target:
            found += [Need(r.question, r.min_level, "gate", g.gate) for r in g.gate.require
                      if is_level(answers.get(r.question)) and answers[r.question] < r.min_level]
    return found


def _leg_needs(questionnaire: Questionnaire, answers: Mapping, result: Result, target: int, actions) -> list[Need]:
    """Raise the weakest evidenced leg, lowest answers first, until it carries `target`."""
    leg = result.capping_leg
    if leg is None or result.carries is None or result.carries.number >= target:
        return []
    trial, found = dict(answers), []
    for q in sorted((q for q in stool.leg_questions(questionnaire, leg) if is_level(answers.get(q.id))),
                    key=lambda q: (answers[q.id], -q.weight)):
        if q.id in {n.question for n in found} or answers[q.id] >= q.max_value:
            continue
        level = _raised(questionnaire, trial, actions, q.id)
        trial[q.id] = level
        found.append(Need(q.id, level, "leg"))
        scores = stool.legs(questionnaire, trial)
        if stool.carries(questionnaire, leg, scores[leg], trial).number >= target:
            break
    return found


def _breadth_needs(questionnaire: Questionnaire, answers: Mapping, result: Result, floor: float, actions) -> list[Need]:
    """The one-step raises that lift the overall score most, until it reaches `floor`.

    Each raise adds its share of its section's mean to the overall score, so the gains are summed
    directly rather than re-scoring after every raise.
    """
    shares, total = {}, 0.0
    for section in questionnaire.sections:
        scored = [q for q in section.questions if is_level(answers.get(q.id))]
        weight = sum(q.weight for q in scored)
        if weight:
            total += section.weight
            shares.update({q.id: q.weight / weight * section.weight for q in scored})
    if not total or result.overall is None:
        return []
    gains = sorted(((100 * shares[qid] * (_raised(questionnaire, answers, actions, qid) - answers[qid])
                     / questionnaire.questions[qid].max_value / total, qid)
                    for qid in shares if answers[qid] < questionnaire.questions[qid].max_value), reverse=True)
    overall, found = result.overall, []
    for gain, qid in gains[:BREADTH_MAX]:
        if overall >= floor:
            break
        found.append(Need(qid, _raised(questionnaire, answers, actions, qid), "breadth"))
        overall += gain
    return found


def _round(questionnaire: Questionnaire, answers: Mapping, result: Result, target: int, actions) -> tuple[list, list]:
    """One round of needs for `target` from where `answers` stand, and the unknown answers in the way."""
    found = _gate_needs(result, answers, target) + _leg_needs(questionnaire, answers, result, target, actions)
    unknown = [qid for g in result.gates if g.status == "unknown" and g.gate.stage <= target for qid in g.unknown]
    stage_by_score = result.score_stage.number if result.score_stage else 0
    if max(stage_by_score, (result.capability_stage.number if result.capability_stage else 0)) < target:
        if stage_by_score == target - 1:
            moves = moves_of(questionnaire, answers, stage_by_score)
            if moves is not None:
                reqs = {r.question: r.min_level for r in questionnaire.rules.moves[stage_by_score]}
                found += [Need(qid, reqs[qid], "move") for qid in moves.missing]
                unknown += list(moves.unknown)
        else:
            found += _breadth_needs(questionnaire, answers, result, questionnaire.stage(target - 1).min_score, actions)
    return found, unknown


def needs_for_next(questionnaire: Questionnaire, answers: Mapping, result: Result, actions) -> Needs:
    """Every need between `result` and the next stage, in the order a plan should take them."""
    if result.stage is None or result.stage.number >= len(questionnaire.stages):
        return Needs(None)
    target = result.stage.number + 1
    trial, found, unknown = dict(answers), {}, []
    now = result
    for _ in range(ROUNDS):
        if now.stage is not None and now.stage.number >= target:
            break
        more, missing = _round(questionnaire, trial, now, target, actions)
        unknown += [qid for qid in dict.fromkeys(missing) if qid not in unknown and trial.get(qid) in (UNKNOWN, None)]
        fresh = [n for n in more if n.level > (trial[n.question] if is_level(trial.get(n.question)) else -1)]
        if not fresh:
            break
        for need in fresh:
            trial[need.question] = max(need.level, trial[need.question])
            found.setdefault(need.question, need)
            if need.level > found[need.question].level:
                found[need.question] = Need(need.question, need.level, found[need.question].kind, found[need.question].gate)
        now = score(questionnaire, trial)
    ordered = sorted(found.values(), key=lambda n: KINDS.index(n.kind))
    short = None
    if now.score_stage is not None and now.stage is not None and now.stage.number < target and now.overall is not None:
        floor = questionnaire.stage(target - 1).min_score
        short = round(floor - now.overall, 1) if now.overall < floor else None
    return Needs(target, tuple(ordered), tuple(unknown), short)
