"""Workshop answers -> per-question statistics, one resolved answer set, perception gaps (pure Python).

Functions take respondent ids, never names, and (apart from participant_progress) return nothing
keyed by or naming a respondent: what one person answered must not be readable from the output.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import median

from app.core.labels import LABELS
from app.core.questionnaire import BLOCKS, NOT_APPLICABLE, UNKNOWN, Question, Questionnaire
from app.core.scoring import AnswerError

Answer = int | str
ROLE_LABELS = dict(LABELS.roles)  # labels.yaml
MERGED_ROLE = "other_roles"
MERGED_LABEL = "Other roles"
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
    if isinstance(value, int) and not isinstance(value, bool) and value in question.values:
        return value
    raise AnswerError(f"answer {value!r} for question '{question.id}' is off the scale")


def _stats(question: Question, values: list, flag_levels: int) -> QuestionStats:
    counts = {str(v): 0 for v in question.values} | {UNKNOWN: 0, NOT_APPLICABLE: 0}
    for value in values:
        counts[str(value)] += 1
    levels = sorted(v for v in values if isinstance(v, int))
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


def _answered(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> int:
    return sum(1 for qid in questionnaire.questions if answers.get(qid) is not None)


def participant_progress(questionnaire: Questionnaire,
                         answers_by_respondent: Mapping[int, Mapping[str, Answer]]) -> dict[int, tuple[int, int]]:
    """(questions answered with anything, questions in total) per respondent, for the facilitator's list."""
    total = len(questionnaire.questions)
    return {rid: (_answered(questionnaire, answers), total) for rid, answers in answers_by_respondent.items()}


def _groups(questionnaire, answers_by_respondent, roles, floor) -> tuple[dict[str, list[int]], int]:
    """Respondent ids by shown role group, small groups merged, and how many participants are hidden.

    Only respondents with at least one answer count: someone who answered nothing would make a
    group look big enough while the others' answers stay readable.
    """
    by_role: dict[str, list[int]] = {}
    for rid, answers in answers_by_respondent.items():
        if _answered(questionnaire, answers):
            role = roles.get(rid, "other")
            by_role.setdefault(role if role in ROLE_LABELS else "other", []).append(rid)
    shown = {role: by_role[role] for role in ROLE_LABELS if len(by_role.get(role, ())) >= floor}
    merged = [rid for role, ids in by_role.items() if role not in shown for rid in ids]
    if len(merged) >= floor:
        shown[MERGED_ROLE] = merged
        return shown, 0
    return shown, len(merged)


def _block_score(questions: list[Question], answer_sets: list[Mapping[str, Answer]], floor: int) -> float | None:
    """Like a section score in scoring.py, over every scored answer a group gave to the block's questions.

    Blank when fewer than `floor` people in the group answered the block: one person's answers
    must never show through a cell.
    """
    contributors = [a for a in answer_sets if any(isinstance(a.get(q.id), int) for q in questions)]
    if len(contributors) < floor:
        return None
    pairs = [(100 * answers[q.id] / q.max_value, q.weight)
             for answers in contributors for q in questions if isinstance(answers.get(q.id), int)]
    total = sum(weight for _, weight in pairs)
    return round(sum(value * weight for value, weight in pairs) / total, 1) if total else None


def _gap(scores: list[float | None]) -> float | None:
    scored = [s for s in scores if s is not None]
    return round(max(scored) - min(scored), 1) if len(scored) >= 2 else None


def perception_gaps(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping[str, Answer]],
                    roles: Mapping[int, str], floor: int = 3) -> dict:
    """Block scores by role group; groups under `floor` participants are merged, then hidden if still small."""
    groups, hidden = _groups(questionnaire, answers_by_respondent, roles, floor)
    blocks: dict[str, list[Question]] = {}
    for section in questionnaire.sections:
        blocks.setdefault(section.block, []).extend(section.questions)
    cells = {
        block: {role: _block_score(questions, [answers_by_respondent[rid] for rid in ids], floor)
                for role, ids in groups.items()}
        for block, questions in blocks.items()
    }
    return {
        "roles": [{"id": role, "label": ROLE_LABELS.get(role, MERGED_LABEL), "size": len(ids)}
                  for role, ids in groups.items()],
        "blocks": [{"id": block, "title": BLOCKS[block], "gap": _gap(list(cells[block].values()))}
                   for block in blocks],
        "cells": cells,
        "hidden": hidden,
    }


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
