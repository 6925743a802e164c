"""What an answer value is: a level (an int on the question's scale), "na" or "unknown" (pure Python).

Answers come from forms, the store, imported JSON and the `score` command; this module is the one place
that says how to tell the kinds apart, so no caller repeats `isinstance(v, int)` or compares strings.
"""
from __future__ import annotations

import hashlib

from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Question

__all__ = ["NOT_APPLICABLE", "UNKNOWN", "is_level", "is_na", "is_unknown", "is_answered", "level_of", "label",
           "parse", "encode", "on_scale", "fingerprint"]
SPECIAL = (NOT_APPLICABLE, UNKNOWN)


def is_level(value) -> bool:
    """True for a level on a scale (an int; bool is not a level)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_na(value) -> bool:
    """True for "not applicable"."""
    return value == NOT_APPLICABLE


def is_unknown(value) -> bool:
    """True for "don't know"."""
    return value == UNKNOWN


def is_answered(value) -> bool:
    """True for any given answer: a level, "not applicable" or "don't know"."""
    return is_level(value) or is_na(value) or is_unknown(value)


def parse(text: str | None) -> int | str | None:
    """An answer from its text form (a form field, a database cell): "3" -> 3, "na", "unknown", or None for empty.

    Raises ValueError for anything else, so a caller can name the bad value."""
    if text is None or text == "":
        return None
    if text in SPECIAL:
        return text
    if text.isascii() and text.isdigit() and len(text) <= 3:
        return int(text)
    raise ValueError(f"{text[:20]!r} is not a level, \"na\" or \"unknown\"")


def encode(value) -> str | None:
    """The text form of an answer (the inverse of `parse`)."""
    return None if value is None else str(value)


def fingerprint(value, note: str | None) -> str:
    """A short digest of an answer as a page showed it: a save whose answer still matches it did not change it."""
    text = (encode(value) or "") + "\0" + (note or "").strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def on_scale(question: Question, value) -> bool:
    """True when the value is an answer this question accepts: one of its levels, "na" or "unknown"."""
    return value in SPECIAL or (is_level(value) and value in question.values)


def level_of(answers, question_id: str) -> int | None:
    """The level answered to a question, or None for N/A, "don't know" or no answer."""
    value = answers.get(question_id)
    return value if is_level(value) else None


def label(question: Question, value) -> str:
    """How an answer reads to a person: the level's anchored text, "Not applicable", "Don't know" or "Not answered"."""
    if is_level(value) and value in question.values:
        return question.levels[question.values.index(value)].label
    if is_na(value):
        return "Not applicable"
    if is_unknown(value):
        return "Don't know"
    return "Not answered"
