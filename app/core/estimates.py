"""Honest time estimates, from the length of what a respondent reads (pure Python).

A respondent reads the question, its help and the five level texts before choosing, so the
estimate counts those words at a reading pace for business prose, plus a few seconds to decide.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

from app.core.questionnaire import Question, Questionnaire

WORDS_PER_MINUTE = 200  # silent reading of unfamiliar business prose
SECONDS_TO_DECIDE = 10  # choosing a level once it is read


def words(question: Question) -> int:
    """How many words a respondent reads to answer one question."""
    texts = [question.text, question.help or ""] + [level.label for level in question.levels]
    return sum(len(text.split()) for text in texts)


def minutes(questions: Iterable[Question]) -> int:
    """Whole minutes to read and answer these questions (at least one when there is any)."""
    questions = list(questions)
    if not questions:
        return 0
    seconds = sum(words(q) for q in questions) * 60 / WORDS_PER_MINUTE + SECONDS_TO_DECIDE * len(questions)
    return max(1, math.ceil(seconds / 60))


def path_minutes(questionnaire: Questionnaire) -> dict[str, int]:
    """The one estimate of each path ("quick", "full"), shown wherever a path's length is (start page, workshop
    form, invitation mails)."""
    return {path: minutes(questionnaire.for_path(path).questions.values()) for path in ("quick", "full")}
