"""Workshop answers -> per-question statistics and one resolved answer set (pure Python; gaps: grouping.py).

Functions take respondent ids, never names, and return nothing
keyed by or naming a respondent: what one person answered must not be readable from the output.
A team figure (the default consensus, a range, a median) needs at least `floor` people who answered
the question (grouping.MIN_FLOOR at least): with fewer, the question stays unsettled until the
team agrees a level, rather than showing one person's answer as the team's.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import median

from app.core.answers import is_level, on_scale
from app.core.grouping import MIN_FLOOR, levels_of, middle_spread
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
    flagged: bool  # the middle half of the levels at least `flag_levels` apart (one person at an end flags nothing)
    answered: int = 0  # participants who gave any answer (a level, don't know or N/A)


def _level(question: Question, value: object) -> int | str | None:
    """A level, "na", "unknown", or None for no answer; anything off the scale is an error."""
    if value is None or on_scale(question, value):
        return value
    raise AnswerError(f"answer {value!r} for question '{question.id}' is off the scale")


def _stats(question: Question, values: list, flag_levels: int) -> QuestionStats:
    counts = {str(v): 0 for v in question.values} | {UNKNOWN: 0, NOT_APPLICABLE: 0}
    for value in values:
        counts[str(value)] += 1
    return _stats_from(counts, flag_levels)


def stats_of_counts(counts: Mapping[str, int], flag_levels: int = 2) -> QuestionStats:
    """A question's statistics from a distribution's counts (as a team view shows them)."""
    return _stats_from(dict(counts), flag_levels)


def _stats_from(counts: dict[str, int], flag_levels: int) -> QuestionStats:
    levels = levels_of(counts)
    answered = sum(counts.values())
    if not levels:
        return QuestionStats(0, None, None, None, None, counts, False, answered)
    low, high = levels[0], levels[-1]
    return QuestionStats(len(levels), float(median(levels)), low, high, high - low, counts,
                         middle_spread(levels) >= flag_levels, answered)


def median_of(counts: dict[str, int]) -> float | None:
    """The median level of a distribution's counts ("0".."4"; don't know and N/A left out), None without a level."""
    levels = sorted(int(k) for k, c in counts.items() if k not in (UNKNOWN, NOT_APPLICABLE) for _ in range(c))
    return float(median(levels)) if levels else None


def question_stats(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping[str, Answer]],
                   flag_levels: int = 2) -> dict[str, QuestionStats]:
    """Median, range, counts and a disagreement flag for every question of the questionnaire."""
    return {qid: stats_of(question, [answers.get(qid) for answers in answers_by_respondent.values()], flag_levels)
            for qid, question in questionnaire.questions.items()}


def stats_of(question: Question, values: Iterable, flag_levels: int = 2) -> QuestionStats:
    """One question's median, range and counts from its answers alone (None, no answer, is left out)."""
    checked = [_level(question, value) for value in values]
    return _stats(question, [v for v in checked if v is not None], flag_levels)


def default_consensus(stats: QuestionStats, floor: int = MIN_FLOOR) -> Answer | None:
    """The lower median level; else "unknown" if anyone said don't know; else "na"; None when unanswered
    or answered by fewer than `floor` people (one person's answer is never shown as the team's)."""
    if stats.answered < max(floor, MIN_FLOOR):
        return None
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
            agreed: Mapping[str, object], floor: int = MIN_FLOOR,
            shown: Mapping[str, Mapping[str, int]] | None = None) -> dict[str, Answer]:
    """The one answer set scoring runs on: the agreed answer where recorded, else the default consensus
    (only for questions at least `floor` people answered).

    With `shown` (each question's counts as the team view shows them, under the anonymity rules), the
    default comes from exactly those counts: a median never tells more than the distribution shown.
    """
    stats = _fallback_stats(questionnaire, answers_by_respondent, shown)
    out: dict[str, Answer] = {}
    for qid, question in questionnaire.questions.items():
        value = _level(question, _agreed_value(agreed.get(qid)))
        if value is None:
            value = default_consensus(stats[qid], floor)
        if value is not None:
            out[qid] = value
    return out


def _fallback_stats(questionnaire, answers_by_respondent, shown) -> dict[str, QuestionStats]:
    if shown is None:
        return question_stats(questionnaire, answers_by_respondent)
    return {qid: stats_of_counts(shown.get(qid) or {}) for qid in questionnaire.questions}


def disagreements(questionnaire: Questionnaire, stats: Mapping[str, QuestionStats],
                  agreed: Mapping[str, object], floor: int = MIN_FLOOR) -> list[dict]:
    """Each flagged question answered by at least `floor` people, its range, and how it was settled:
    agreed (with rationale) or the default."""
    out = []
    for qid, question in questionnaire.questions.items():
        if not stats[qid].flagged or stats[qid].answered < max(floor, MIN_FLOOR):
            continue
        entry = agreed.get(qid)
        value = _agreed_value(entry)
        item = {"id": qid, "text": question.text, "low": stats[qid].low, "high": stats[qid].high}
        if value is None:
            item.update(value=default_consensus(stats[qid], floor), agreed=False, rationale=DEFAULT_SETTLEMENT)
        else:
            rationale = entry.get("rationale") if isinstance(entry, Mapping) else None
            item.update(value=value, agreed=True, rationale=rationale)
        out.append(item)
    return out


def team_confidence(questionnaire: Questionnaire, counts: Mapping[str, Mapping[str, int]],
                    agreed: Mapping[str, object], resolved: Mapping[str, Answer]) -> float:
    """The team's confidence: over the applicable questions, the share of the participants' answers given with a
    level ("don't know" counts against it even where the median of the others settles the question); a level
    the room agreed on counts as known. `counts`: each question's answers as the team view shows them (counts per
    level, "unknown" and "na"), so the figure never rests on answers the anonymity rules hold back. 0-1."""
    shares = []
    for qid, question in questionnaire.questions.items():
        if resolved.get(qid) == NOT_APPLICABLE:
            continue
        if is_level(_level(question, _agreed_value(agreed.get(qid)))):
            shares.append(1.0)
            continue
        shown = counts.get(qid) or {}
        levels = sum(n for key, n in shown.items() if key not in (UNKNOWN, NOT_APPLICABLE))
        unknown = shown.get(UNKNOWN, 0)
        shares.append(levels / (levels + unknown) if levels + unknown else 0.0)
    return round(sum(shares) / len(shares), 3) if shares else 0.0
