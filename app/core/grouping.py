"""The team view of a workshop: groups, an anonymity floor, distributions and gaps (pure Python).

Nothing here names or is keyed by a respondent. Two rules keep one person's answers unreadable:
- no count, score or chart is made from fewer people than the floor;
- a breakdown by group is shown only when *every* group meets the floor for that question or block,
  so no hidden group can be recovered by subtracting the shown groups from the total.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.answers import is_level
from app.core.labels import LABELS
from app.core.questionnaire import BLOCKS, NOT_APPLICABLE, UNKNOWN, Question, Questionnaire

MIN_FLOOR = 2  # a floor of one would show a person's own answer
LEADERSHIP, REST, OTHER_ROLES = "leadership", "rest", "other_roles"
GROUP_LABELS = {LEADERSHIP: "Leadership", REST: "Everyone else", OTHER_ROLES: "Other roles"}
MODES = ("leadership", "roles")
WIDEST = 6  # questions listed under "widest spread"

SCHEMA = {  # model/workshops.yaml
    "type": "object", "additionalProperties": False, "required": ["anonymity_floor", "leadership_roles"],
    "properties": {
        "anonymity_floor": {"type": "integer", "minimum": MIN_FLOOR, "maximum": 12},
        "leadership_roles": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    },
}


@dataclass(frozen=True)
class WorkshopSettings:
    """Defaults for new workshops (model/workshops.yaml)."""

    anonymity_floor: int = 3
    leadership_roles: tuple[str, ...] = ("executive",)


def settings(raw: Mapping) -> WorkshopSettings:
    """The settings from the validated YAML."""
    return WorkshopSettings(int(raw["anonymity_floor"]), tuple(raw["leadership_roles"]))


def check_settings(raw: Mapping) -> list[str]:
    """Problems in model/workshops.yaml that the schema cannot see (unknown roles)."""
    return [f"model/workshops.yaml: leadership_roles: unknown role '{role}'"
            for role in raw.get("leadership_roles", ()) if role not in dict(LABELS.roles)]


@dataclass(frozen=True)
class Grouping:
    """How a workshop splits the room: leadership vs the rest, or by role; and its anonymity floor."""

    mode: str = "leadership"
    leadership_roles: frozenset[str] = field(default_factory=lambda: frozenset({"executive"}))
    floor: int = 3

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"unknown grouping {self.mode!r}")
        if not is_level(self.floor) or self.floor < MIN_FLOOR:
            raise ValueError(f"the anonymity floor is at least {MIN_FLOOR}")


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    members: tuple[int, ...]


def _answered(questionnaire: Questionnaire, answers: Mapping) -> bool:
    return any(answers.get(qid) is not None for qid in questionnaire.questions)


def _by_role(roles: Mapping[int, str], grouping: Grouping, ids: list[int]) -> list[Group]:
    labels = dict(LABELS.roles)
    by_role: dict[str, list[int]] = {}
    for rid in ids:
        role = roles.get(rid, "other")
        by_role.setdefault(role if role in labels else "other", []).append(rid)
    shown = [Group(r, labels[r], tuple(by_role[r])) for r in labels if len(by_role.get(r, ())) >= grouping.floor]
    rest = tuple(rid for r, members in by_role.items() if len(members) < grouping.floor for rid in members)
    if len(rest) >= grouping.floor:
        return shown + [Group(OTHER_ROLES, GROUP_LABELS[OTHER_ROLES], rest)]
    if rest and shown:  # too few to stand alone: they join the smallest group, which says so
        smallest = min(shown, key=lambda g: len(g.members))
        joined = Group(smallest.id, f"{smallest.label} and other roles", smallest.members + rest)
        return [joined if g is smallest else g for g in shown]
    return shown if not rest else [Group(OTHER_ROLES, GROUP_LABELS[OTHER_ROLES], rest)]


def groups(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping], roles: Mapping[int, str],
           grouping: Grouping) -> list[Group]:
    """Everyone who answered anything, split into the grouping's groups (empty groups left out).

    Someone who answered nothing is left out: they would make a group look big enough while
    the others' answers stay readable.
    """
    ids = [rid for rid, answers in answers_by_respondent.items() if _answered(questionnaire, answers)]
    return _groups_of(ids, roles, grouping)


def _groups_of(ids: list[int], roles: Mapping[int, str], grouping: Grouping) -> list[Group]:
    """The people who answered anything (their ids), split into the grouping's groups."""
    if grouping.mode == "roles":
        return _by_role(roles, grouping, ids)
    lead = tuple(rid for rid in ids if roles.get(rid) in grouping.leadership_roles)
    rest = tuple(rid for rid in ids if rid not in lead)
    return [Group(gid, GROUP_LABELS[gid], members) for gid, members in ((LEADERSHIP, lead), (REST, rest)) if members]


def _counts(question: Question, values: list) -> dict[str, int]:
    counts = {str(v): 0 for v in question.values} | {UNKNOWN: 0, NOT_APPLICABLE: 0}
    for value in values:
        if value is not None and str(value) in counts:
            counts[str(value)] += 1
    return counts


def _distribution(question: Question, answer_sets: list[Mapping], floor: int) -> dict | None:
    """Counts per level, don't know and N/A over the people who answered; None under the floor."""
    values = [a.get(question.id) for a in answer_sets if a.get(question.id) is not None]
    if len(values) < floor:
        return None
    levels = sorted(v for v in values if is_level(v))
    return {"n": len(values), "counts": _counts(question, values), "low": levels[0] if levels else None,
            "high": levels[-1] if levels else None, "spread": levels[-1] - levels[0] if levels else None}


def _block_score(questions: list[Question], answer_sets: list[Mapping], floor: int) -> float | None:
    """Like a section score in scoring.py, over every scored answer a group gave; None under the floor."""
    contributors = [a for a in answer_sets if any(is_level(a.get(q.id)) for q in questions)]
    if len(contributors) < floor:
        return None
    pairs = [(100 * answers[q.id] / q.max_value, q.weight)
             for answers in contributors for q in questions if is_level(answers.get(q.id))]
    total = sum(weight for _, weight in pairs)
    return round(sum(value * weight for value, weight in pairs) / total, 1) if total else None


def _all_or_nothing(by_group: dict) -> dict | None:
    """A breakdown only when every group passed the floor: otherwise the total would give a hidden one away."""
    return by_group if by_group and all(v is not None for v in by_group.values()) else None


def _blocks(questionnaire: Questionnaire) -> dict[str, list[Question]]:
    blocks: dict[str, list[Question]] = {}
    for section in questionnaire.sections:
        blocks.setdefault(section.block, []).extend(section.questions)
    return blocks


def _block_rows(questionnaire, sets_by_group: dict[str, list[Mapping]], floor: int, split: bool) -> list[dict]:
    rows = []
    for block, questions in _blocks(questionnaire).items():
        scores = _all_or_nothing({gid: _block_score(questions, sets, floor) for gid, sets in sets_by_group.items()})
        scores = scores if split else None
        gap = round(max(scores.values()) - min(scores.values()), 1) if scores else None
        rows.append({"id": block, "title": BLOCKS[block], "scores": scores, "gap": gap})
    return rows


def _question_rows(questionnaire, everyone: list[Mapping], sets_by_group: dict[str, list[Mapping]], floor: int,
                   split: bool) -> list[dict]:
    return [_question_row(questionnaire, qid, everyone, sets_by_group, floor, split) for qid in questionnaire.questions]


def _question_row(questionnaire, qid: str, everyone: list[Mapping], sets_by_group: dict[str, list[Mapping]],
                  floor: int, split: bool) -> dict:
    question = questionnaire.questions[qid]
    total = _distribution(question, everyone, floor)
    by_group = _all_or_nothing({gid: _distribution(question, sets, floor) for gid, sets in sets_by_group.items()})
    return {"id": qid, "text": question.text, "block": questionnaire.section_of[qid].block,
            "levels": [(lv.value, lv.name) for lv in question.levels], "total": total,
            "by_group": by_group if (split and total) else None}


def role_mix(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping],
             roles: Mapping[int, str]) -> list[dict]:
    """How many of the people who answered hold each role (who is in the room, never what they said)."""
    labels = dict(LABELS.roles)
    counts: dict[str, int] = {}
    for rid, answers in answers_by_respondent.items():
        if _answered(questionnaire, answers):
            role = roles.get(rid, "other")
            counts[role if role in labels else "other"] = counts.get(role if role in labels else "other", 0) + 1
    return [{"role": role, "label": labels[role], "count": counts[role]} for role in labels if role in counts]


def team_view(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping], roles: Mapping[int, str],
              grouping: Grouping) -> dict:
    """Participants, role mix, groups, block gaps and per-question distributions, all above the floor."""
    found = groups(questionnaire, answers_by_respondent, roles, grouping)
    split = _splits(found, grouping)
    sets_by_group = {g.id: [answers_by_respondent[rid] for rid in g.members] for g in found}
    everyone = [answers_by_respondent[rid] for g in found for rid in g.members]
    questions = _question_rows(questionnaire, everyone, sets_by_group, grouping.floor, split)
    spread = [q for q in questions if q["total"] and q["total"]["spread"]]
    spread.sort(key=lambda q: -q["total"]["spread"])
    return {
        "participants": len(everyone), "floor": grouping.floor, "mode": grouping.mode,
        "role_mix": role_mix(questionnaire, answers_by_respondent, roles),
        "groups": _group_rows(found, split),
        "split": split,
        "blocks": _block_rows(questionnaire, sets_by_group, grouping.floor, split),
        "questions": questions,
        "widest": [q["id"] for q in spread[:WIDEST]],
    }


def _splits(found: list[Group], grouping: Grouping) -> bool:
    """Groups are compared only when there are two or more and each reaches the floor."""
    return len(found) >= 2 and all(len(g.members) >= grouping.floor for g in found)


def _group_rows(found: list[Group], split: bool) -> list[dict]:
    return [{"id": g.id, "label": g.label, "size": len(g.members)} for g in found] if split else []


def question_view(questionnaire: Questionnaire, question_id: str, answers: Mapping[int, object],
                  roles: Mapping[int, str], grouping: Grouping) -> dict:
    """One question's row of the team view from that question's answers alone, by the same rules as `team_view`.

    `answers` holds everyone who answered anything on the questionnaire, with their answer to this question
    (None when they skipped it): they make the groups, as in `team_view`.
    """
    found = _groups_of(list(answers), roles, grouping)
    split = _splits(found, grouping)
    sets_by_group = {g.id: [{question_id: answers[rid]} for rid in g.members] for g in found}
    everyone = [one for g in found for one in sets_by_group[g.id]]
    return {"floor": grouping.floor, "split": split, "groups": _group_rows(found, split),
            "question": _question_row(questionnaire, question_id, everyone, sets_by_group, grouping.floor, split)}
