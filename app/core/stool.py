"""The three-legged stool: leg scores, balance and the stage the weakest leg carries (pure Python).

Seed 002: a leg much shorter than the others topples the stool. The weakest leg with enough evidence
carries the stage its own score reaches plus `stool.leg_margin`; a leg at the bottom of the scale
(every answer with a level at the lowest level) carries only the first stage, whatever the other two
legs score. Every sentence about the stool is written from the figures computed here.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.answers import is_level
from app.core.labels import LABELS
from app.core.questionnaire import LEGS, Questionnaire, Stage


@dataclass(frozen=True)
class Balance:
    """Why the stool is balanced or not, with the figures a sentence may state."""

    balanced: bool
    spread: float | None  # highest leg minus lowest, when every leg is scored
    lagging: str | None = None  # a leg more than `lag_points` below both others
    lag: float | None = None  # how far the lagging leg is below the nearer of the other two
    unscored: tuple[str, ...] = ()  # legs without any answer with a level

    def to_dict(self) -> dict:
        return {"spread": self.spread, "lagging": self.lagging, "lag": self.lag, "unscored": list(self.unscored)}


def _mean(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(weight for _, weight in pairs)
    return round(sum(value * weight for value, weight in pairs) / total, 1) if total else None


def leg_questions(questionnaire: Questionnaire, leg: str) -> list:
    """The questions of one stool leg, in questionnaire order."""
    return [q for s in questionnaire.sections if s.leg == leg for q in s.questions]


def legs(questionnaire: Questionnaire, answers: Mapping) -> dict[str, float | None]:
    """Each leg's score 0-100: the weighted mean of its questions answered with a level."""
    return {leg: _mean([(100 * answers[q.id] / q.max_value, q.weight) for q in leg_questions(questionnaire, leg)
                        if is_level(answers.get(q.id))]) for leg in LEGS}


def balance(questionnaire: Questionnaire, scores: Mapping[str, float | None]) -> Balance:
    """All legs scored, within `imbalance_points` of each other, and none far below both others."""
    unscored = tuple(leg for leg in LEGS if scores.get(leg) is None)
    scored = {leg: v for leg, v in scores.items() if v is not None}
    if unscored or not scored:
        return Balance(False, None, unscored=unscored)
    spread = round(max(scored.values()) - min(scored.values()), 1)
    low = min(scored, key=scored.get)
    others = [v for leg, v in scored.items() if leg != low]
    lag_points = questionnaire.rules.lag_points
    lag = round(min(others) - scored[low], 1) if others else None
    lagging = low if lag_points is not None and lag is not None and lag > lag_points else None
    ok = spread <= questionnaire.rules.imbalance_points and lagging is None
    return Balance(ok, spread, lagging, lag if lagging else None)


def evidenced(questionnaire: Questionnaire, answers: Mapping) -> set[str]:
    """Legs with enough answers given as a level to cap anything (`stool.min_answered` of their questions)."""
    out = set()
    for leg in LEGS:
        ids = [q.id for q in leg_questions(questionnaire, leg)]
        if ids and sum(is_level(answers.get(qid)) for qid in ids) >= questionnaire.rules.min_answered * len(ids):
            out.add(leg)
    return out


def at_bottom(questionnaire: Questionnaire, leg: str, answers: Mapping) -> bool:
    """Every answer of the leg given as a level is at the lowest level (and at least one is)."""
    levels = [(answers[q.id], q.values[0]) for q in leg_questions(questionnaire, leg) if is_level(answers.get(q.id))]
    return bool(levels) and all(value == lowest for value, lowest in levels)


def stage_of(questionnaire: Questionnaire, score: float) -> Stage:
    """The highest stage whose threshold a 0-100 score reaches."""
    return [s for s in questionnaire.stages if score >= s.min_score][-1]


def carries(questionnaire: Questionnaire, leg: str, score: float, answers: Mapping) -> Stage:
    """The highest stage a leg lets the company reach: its own stage plus the margin, the first at the bottom."""
    if at_bottom(questionnaire, leg, answers):
        return questionnaire.stages[0]
    number = stage_of(questionnaire, score).number + questionnaire.rules.leg_margin
    return questionnaire.stage(min(number, len(questionnaire.stages)))


def short_leg(questionnaire: Questionnaire, scores: Mapping[str, float | None], bal: Balance) -> str | None:
    """The leg out of proportion with the others (the one to lengthen first), or None when the stool is balanced."""
    if bal.balanced or bal.spread is None:
        return None
    return min((leg for leg in LEGS if scores.get(leg) is not None), key=lambda leg: scores[leg])


def whole(value: float | None) -> int | None:
    """A score as the report prints it: rounded down, so 44.6 never reads as a stage's 45."""
    return None if value is None else math.floor(value)


def title(leg: str) -> str:
    """The stool rule as a line of "what holds you back"."""
    return f"The {LABELS.legs.get(leg, leg).lower()} leg of the stool is too short to carry a higher stage"
