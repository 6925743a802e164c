"""Workshop answers -> per-question statistics and one resolved answer set (pure Python; gaps: grouping.py).

Functions take respondent ids, never names, and return nothing
keyed by or naming a respondent: what one person answered must not be readable from the output.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import median

from app.core.answers import is_level
from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Question, Questionnaire
from app.core.scoring import AnswerError

Answer = int | str
DEFAULT_SETTLEMENT = "default: the median"


@dataclass(frozen=True)
class QuestionStats:
    n: int  # participants who answered with a level
    median: float | None
    low: int | None
    high: int | None
    spread: int | None  # high - low
    counts: dict[str, int]  # "0".."4", "unknown", "na" -> how many participants gave it
    flagged: bool  # scored answers at least `flag_levels` levels apart


def _level(question: Question, value: object) -> int | str | None:
    """A level, "na", "unknown", or None for no answer; anything off the scale is an error."""
    if value is None or value in (NOT_APPLICABLE, UNKNOWN):
        return value
    if is_level(value) and value in question.values:
        return value
    raise AnswerError(f"answer {value!r} for question '{question.id}' is off the scale")


def _stats(question: Question, values: list, flag_levels: int) -> QuestionStats:
    counts = {str(v): 0 for v in question.values} | {UNKNOWN: 0, NOT_APPLICABLE: 0}
    for value in values:
        counts[str(value)] += 1
    levels = sorted(v for v in values if is_level(v))
    if not levels:
        return QuestionStats(0, None, None, None, None, counts, False)
    low, high = levels[0], levels[-1]
    return QuestionStats(len(levels), float(median(levels)), low, high, high - low, counts, high - low >= flag_levels)


def question_stats(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping[str, Answer]],
                   flag_levels: int = 2) -> dict[str, QuestionStats]:
    """Median, range, counts and a disagreement flag for every question of the questionnaire."""
    out: dict[str, QuestionStats] = {}
    for qid, question in questionnaire.questions.items():
        values = [_level(question, answers.get(qid)) for answers in answers_by_respondent.values()]
        out[qid] = _stats(question, [v for v in values if v is not None], flag_levels)
    return out


def default_consensus(stats: QuestionStats) -> Answer | None:
    """The lower median level; else "unknown" if anyone said don't know; else "na"; None when unanswered."""
    if stats.n:
        # The lower middle value of the sorted levels: with two camps, the conservative one wins.
        seen = 0
        for level, count in sorted((int(k), c) for k, c in stats.counts.items() if k not in (UNKNOWN, NOT_APPLICABLE)):
            seen += count
            if 2 * seen >= stats.n:
                return level
    if stats.counts.get(UNKNOWN):
        return UNKNOWN
    if stats.counts.get(NOT_APPLICABLE):
        return NOT_APPLICABLE
    return None


def _agreed_value(entry: object) -> Answer | None:
    """An agreed answer given plainly or as the store's {"value", "rationale", ...} record."""
    return entry.get("value") if isinstance(entry, Mapping) else entry


def resolve(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping[str, Answer]],
            agreed: Mapping[str, object]) -> dict[str, Answer]:
    """The one answer set scoring runs on: the agreed answer where recorded, else the default consensus."""
    stats = question_stats(questionnaire, answers_by_respondent)
    out: dict[str, Answer] = {}
    for qid, question in questionnaire.questions.items():
        value = _level(question, _agreed_value(agreed.get(qid)))
        if value is None:
            value = default_consensus(stats[qid])
        if value is not None:
            out[qid] = value
    return out


def disagreements(questionnaire: Questionnaire, stats: Mapping[str, QuestionStats],
                  agreed: Mapping[str, object]) -> list[dict]:
    """Each flagged question, its range, and how it was settled: agreed (with rationale) or the default."""
    out = []
    for qid, question in questionnaire.questions.items():
        if not stats[qid].flagged:
            continue
        entry = agreed.get(qid)
        value = _agreed_value(entry)
        item = {"id": qid, "text": question.text, "low": stats[qid].low, "high": stats[qid].high}
        if value is None:
            item.update(value=default_consensus(stats[qid]), agreed=False, rationale=DEFAULT_SETTLEMENT)
        else:
            rationale = entry.get("rationale") if isinstance(entry, Mapping) else None
            item.update(value=value, agreed=True, rationale=rationale)
        out.append(item)
    return out


def team_confidence(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping[str, Answer]],
                    agreed: Mapping[str, object], resolved: Mapping[str, Answer]) -> float:
    """The team's confidence: over the applicable questions, the share of the participants' answers given with a
    level ("don't know" counts against it even where the median of the others settles the question); a level
    the room agreed on counts as known. 0-1, like a single respondent's confidence."""
    shares = []
    for qid, question in questionnaire.questions.items():
        if resolved.get(qid) == NOT_APPLICABLE:
            continue
        if is_level(_level(question, _agreed_value(agreed.get(qid)))):
            shares.append(1.0)
            continue
        given = [_level(question, answers.get(qid)) for answers in answers_by_respondent.values()]
        levels = sum(1 for v in given if is_level(v))
        unknown = sum(1 for v in given if v == UNKNOWN)
        shares.append(levels / (levels + unknown) if levels + unknown else 0.0)
    return round(sum(shares) / len(shares), 3) if shares else 0.0
