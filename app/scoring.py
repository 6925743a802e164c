"""Answers -> section scores, overall score and maturity stage (pure Python)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .questionnaire import NOT_APPLICABLE, UNKNOWN, Questionnaire, Stage

SPECIAL = (NOT_APPLICABLE, UNKNOWN)


class AnswerError(ValueError):
    """An answer names an unknown question or a value off the question's scale."""


@dataclass(frozen=True)
class Result:
    overall: float | None  # 0-100; None when no question has a scored answer
    sections: dict[str, float | None]  # section id -> 0-100, None when nothing in it is scored
    stage: Stage | None
    answered: int  # questions with any answer, "don't know" and "not applicable" included
    total: int

    def to_dict(self) -> dict:
        """The public JSON shape printed by the `score` command."""
        return {
            "stage": {"number": self.stage.number, "name": self.stage.name} if self.stage else None,
            "overall": self.overall,
            "sections": self.sections,
            "answered": self.answered,
            "total": self.total,
        }


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


def stage_for(questionnaire: Questionnaire, overall: float | None) -> Stage | None:
    """The highest stage whose threshold the overall score reaches."""
    if overall is None:
        return None
    return [s for s in questionnaire.stages if overall >= s.min_score][-1]


def score(questionnaire: Questionnaire, answers: Mapping[str, int | str | None]) -> Result:
    """Score one resolved answer set. "na", "unknown" and unanswered questions leave the denominator."""
    sections: dict[str, float | None] = {}
    section_pairs: list[tuple[float, float]] = []
    for section in questionnaire.sections:
        pairs = [
            (100 * answers[q.id] / q.max_value, q.weight)
            for q in section.questions
            if isinstance(answers.get(q.id), int)
        ]
        value = _weighted_mean(pairs)
        sections[section.id] = None if value is None else round(value, 1)
        if value is not None:
            section_pairs.append((value, section.weight))
    overall = _weighted_mean(section_pairs)
    overall = None if overall is None else round(overall, 1)
    answered = sum(1 for qid in questionnaire.questions if answers.get(qid) is not None)
    return Result(overall, sections, stage_for(questionnaire, overall), answered, len(questionnaire.questions))
