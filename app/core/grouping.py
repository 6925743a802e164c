"""The team view of a workshop: groups, an anonymity floor, distributions and gaps (pure Python).

Nothing here names or is keyed by a respondent. The rules that keep one person's answers unreadable:
- the floor is at least MIN_FLOOR (3): no count, score, median or chart comes from fewer people;
- groups are fixed sets of people (everyone in the group who answered anything); a breakdown by group
  is shown only when *every* group meets the floor for that question or block, so no hidden group can
  be recovered by subtracting the shown groups from the total;
- figures shown before count too (disclosure.py): two figures of the same question never come from
  groups that differ by fewer than the floor (two groupings, or the room before and after someone
  joined, was removed or changed an answer), and no combination of them isolates a person; a figure
  that would is held as it was last shown or withheld, and the view says why;
- a department with fewer people than the floor is never silently merged: it joins "Other
  departments (n)", whose note names the departments in it.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial

from app.core.answers import is_level
from app.core.disclosure import Choice, Ledger
from app.core.people import DEPARTMENTS, LEVELS, NOT_GIVEN, Member, short
from app.core.questionnaire import BLOCKS, NOT_APPLICABLE, UNKNOWN, Question, Questionnaire

MIN_FLOOR = 3  # a floor of two lets either person read the other's answers by taking their own away
MAX_FLOOR = 12
SENIORITY, BY_DEPARTMENT = "seniority", "departments"
MODES = (SENIORITY, BY_DEPARTMENT)
LEADERSHIP, REST, OTHER_DEPARTMENTS = "leadership", "rest", "other_departments"
WIDEST = 6  # questions listed under "widest spread"

SCHEMA = {  # model/workshops.yaml
    "type": "object", "additionalProperties": False, "required": ["anonymity_floor", "leadership_levels"],
    "properties": {
        "anonymity_floor": {"type": "integer", "minimum": MIN_FLOOR, "maximum": MAX_FLOOR},
        "leadership_levels": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    },
}


@dataclass(frozen=True)
class WorkshopSettings:
    """Defaults for new workshops (model/workshops.yaml)."""

    anonymity_floor: int = 3
    leadership_levels: tuple[str, ...] = ("executive",)


def middle_spread(levels: list[int]) -> int:
    """How far apart the middle half of the room's levels are (sorted): the upper quartile less the lower, by rank.

    One rosy and one harsh voice in a room of seven widen the range but not the middle half; a split room widens
    both. With three or four people the quartiles are the second-lowest and second-highest answers at most."""
    if not levels:
        return 0
    n = len(levels)
    return levels[math.ceil(0.75 * n) - 1] - levels[math.ceil(0.25 * n) - 1]


def levels_of(counts: Mapping[str, int]) -> list[int]:
    """The levels of a distribution's counts, sorted ("don't know" and N/A left out)."""
    return sorted(int(k) for k, c in counts.items() if k not in (UNKNOWN, NOT_APPLICABLE) for _ in range(c))


def settings(raw: Mapping) -> WorkshopSettings:
    """The settings from the validated YAML."""
    return WorkshopSettings(int(raw["anonymity_floor"]), tuple(raw["leadership_levels"]))


def check_settings(raw: Mapping) -> list[str]:
    """Problems in model/workshops.yaml that the schema cannot see (unknown levels)."""
    return [f"model/workshops.yaml: leadership_levels: unknown level '{level}'"
            for level in raw.get("leadership_levels", ()) if level not in LEVELS]


def floor_of(value: int | None, default: int = 3) -> int:
    """A stored or chosen floor, never below MIN_FLOOR (workshops saved with a floor of 2 get 3)."""
    return max(int(value or default), MIN_FLOOR)


@dataclass(frozen=True)
class Grouping:
    """How a workshop splits the room: leadership levels vs the rest, or by department; and its anonymity floor."""

    mode: str = SENIORITY
    leadership_levels: frozenset[str] = field(default_factory=lambda: frozenset({"executive"}))
    floor: int = 3

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"unknown grouping {self.mode!r}")
        if not is_level(self.floor) or self.floor < MIN_FLOOR:
            raise ValueError(f"the anonymity floor is at least {MIN_FLOOR}")

    @property
    def leadership_label(self) -> str:
        if self.leadership_levels == {"executive"}:
            return "Executives"
        return "Leadership (" + ", ".join(short(LEVELS[v]).lower() for v in LEVELS if v in self.leadership_levels) + ")"


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    members: frozenset[int]
    note: str | None = None  # why this group is what it is (which departments "other" holds)

    @property
    def heading(self) -> str:
        """The group's name with its size, once: "Executives (3)"; "Other departments (4)" is counted in its label."""
        return self.label if self.id == OTHER_DEPARTMENTS else f"{self.label} ({len(self.members)})"

    def shown(self) -> dict:
        """The group as a view shows it (who is in it never leaves this module)."""
        return {"id": self.id, "label": self.label, "heading": self.heading, "size": len(self.members), "note": self.note}


def _answered(questionnaire: Questionnaire, answers: Mapping) -> bool:
    return any(answers.get(qid) is not None for qid in questionnaire.questions)


def _names(ids: list[str]) -> str:
    names = [(DEPARTMENTS.get(i) or "department not given").lower() for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _by_department(members: Mapping[int, Member], grouping: Grouping, ids: list[int]) -> list[Group]:
    """One group per department that reaches the floor; the others together as "Other departments (n)".

    When the others are still too few, the smallest department joins them (coarser, and said so):
    a group under the floor would hide every breakdown anyway.
    """
    by_department: dict[str, list[int]] = {}
    for rid in ids:
        by_department.setdefault(members.get(rid, Member()).department_id, []).append(rid)
    order = [d for d in (*DEPARTMENTS, NOT_GIVEN) if d in by_department]
    standing = [d for d in order if len(by_department[d]) >= grouping.floor and d != NOT_GIVEN]
    others = [d for d in order if d not in standing]
    while others and standing and sum(len(by_department[d]) for d in others) < grouping.floor:
        smallest = min(standing, key=lambda d: (len(by_department[d]), order.index(d)))
        standing.remove(smallest)
        others = [d for d in order if d not in standing]
    shown = [Group(d, DEPARTMENTS[d], frozenset(by_department[d])) for d in standing]
    if others:
        people = frozenset(rid for d in others for rid in by_department[d])
        note = (f"Other departments ({len(people)}): {_names(others)}, each with fewer than {grouping.floor} people "
                "or joined to make a group of at least that many, so nobody's answers can be read.")
        shown.append(Group(OTHER_DEPARTMENTS, f"Other departments ({len(people)})", people, note))
    return shown


def groups(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping], members: Mapping[int, Member],
           grouping: Grouping) -> list[Group]:
    """Everyone who answered anything, split into the grouping's groups (empty groups left out).

    Someone who answered nothing is left out: they would make a group look big enough while
    the others' answers stay readable.
    """
    return split_room([rid for rid, answers in answers_by_respondent.items() if _answered(questionnaire, answers)],
                      members, grouping)


def split_room(ids: list[int], members: Mapping[int, Member], grouping: Grouping) -> list[Group]:
    """These people (everyone who answered anything) split into the grouping's groups (empty groups left out)."""
    if grouping.mode == BY_DEPARTMENT:
        return _by_department(members, grouping, ids)
    lead = frozenset(rid for rid in ids if members.get(rid, Member()).level in grouping.leadership_levels)
    rest = frozenset(ids) - lead
    labels = {LEADERSHIP: grouping.leadership_label, REST: "Everyone else"}
    return [Group(gid, labels[gid], people) for gid, people in ((LEADERSHIP, lead), (REST, rest)) if people]


def _counts(question: Question, values: list) -> dict[str, int]:
    counts = {str(v): 0 for v in question.values} | {UNKNOWN: 0, NOT_APPLICABLE: 0}
    for value in values:
        if value is not None and str(value) in counts:
            counts[str(value)] += 1
    return counts


def _distribution(question: Question, answers: Mapping[int, Mapping], members: frozenset[int]) -> dict:
    """Counts per level, don't know and N/A over these people, and the range of their levels."""
    values = [answers[rid].get(question.id) for rid in sorted(members)]
    levels = sorted(v for v in values if is_level(v))
    return {"n": len(values), "counts": _counts(question, values), "low": levels[0] if levels else None,
            "high": levels[-1] if levels else None, "spread": levels[-1] - levels[0] if levels else None}


def _shown(choice: Choice) -> dict | None:
    """A question's figure as a view shows it, with how many people's answers it leaves out; None when withheld."""
    return None if choice.figure is None else {**choice.figure, "held_back": choice.held_back}


def _block_score(questions: list[Question], answers: Mapping[int, Mapping], members: frozenset[int]) -> float | None:
    """Like a section score in scoring.py, over every scored answer these people gave."""
    pairs = [(100 * answers[rid][q.id] / q.max_value, q.weight)
             for rid in members for q in questions if is_level(answers[rid].get(q.id))]
    total = sum(weight for _, weight in pairs)
    return round(sum(value * weight for value, weight in pairs) / total, 1) if total else None


def _all_or_nothing(by_group: dict) -> dict | None:
    """A breakdown only when every group passed: otherwise the total would give a hidden one away."""
    return by_group if by_group and all(v is not None for v in by_group.values()) else None


def _blocks(questionnaire: Questionnaire) -> dict[str, list[Question]]:
    blocks: dict[str, list[Question]] = {}
    for section in questionnaire.sections:
        blocks.setdefault(section.block, []).extend(section.questions)
    return blocks


def _block_rows(questionnaire, answers, found: list[Group], ledger: Ledger, floor: int, split: bool) -> list[dict]:
    rows = []
    for block, questions in _blocks(questionnaire).items():
        scores = None
        if split:
            wanted = [frozenset(r for r in g.members if any(is_level(answers[r].get(q.id)) for q in questions))
                      for g in found]
            chosen = ledger.choose("b:" + block, wanted, floor, partial(_block_score, questions, answers),
                                   [q.id for q in questions])
            scores = _all_or_nothing({g.id: c.figure for g, c in zip(found, chosen)})
            held = max(c.held_back for c in chosen) if scores else 0
        gap = round(max(scores.values()) - min(scores.values()), 1) if scores else None
        rows.append({"id": block, "title": BLOCKS[block], "scores": scores, "gap": gap, "held_back": held if split else 0})
    return rows


def _question_row(questionnaire, qid, answers, found: list[Group], ledger: Ledger, floor: int, split: bool) -> dict:
    question = questionnaire.questions[qid]
    answered = {g.id: frozenset(r for r in g.members if answers[r].get(qid) is not None) for g in found}
    everyone = frozenset().union(*answered.values()) if answered else frozenset()

    def distribution(members: frozenset[int]) -> dict:
        return _distribution(question, answers, members)

    # The room's levels come from at least `floor` people too: two levels beside five "don't know"s are two people's
    # answers, read by anyone who knows who did not know (and the default level would be theirs). A room that gave no
    # level at all shows its don't-knows and N/As: they say nothing of anyone's level.
    levels = sum(1 for r in everyone if is_level(answers[r].get(qid)))
    too_few_levels = 0 < levels < floor
    total = None if too_few_levels else _shown(ledger.choose("q:" + qid, [everyone], floor, distribution, [qid])[0])
    by_group = None
    # Each group's levels come from at least `floor` people: a group of three with one "don't know" would show two
    # people's levels, and whoever knows who said "don't know" would read them.
    leveled = all(sum(1 for r in members if is_level(answers[r].get(qid))) >= floor for members in answered.values())
    if split and total and leveled:
        chosen = ledger.choose("q:" + qid, list(answered.values()), floor, distribution, [qid])
        by_group = _all_or_nothing({g.id: _shown(c) for g, c in zip(found, chosen)})
    why = None
    if len(everyone) < floor:
        why = None  # the plain floor: said where the figure would be
    elif isinstance(ledger, _Closed):
        why = "Not shown yet: the team's answers show once the facilitator fixes the groups."
    elif too_few_levels:
        why = (f"Not shown: only {levels} {'person' if levels == 1 else 'people'} gave a level (the others said "
               f"don't know or not applicable), fewer than {floor}, so their answers could be told apart. "
               "The room settles it by agreeing a level.")
    elif total is None:
        why = (f"Not shown: these answers would differ by fewer than {floor} people from figures shown before "
               "(someone joined, left or changed an answer since), so one person's answers could be worked out.")
    return {"id": qid, "text": question.text, "block": questionnaire.section_of[qid].block,
            "levels": [(lv.value, lv.name) for lv in question.levels], "total": total, "by_group": by_group,
            "answered": len(everyone), "withheld": why}


def composition(answers_by_respondent: Mapping[int, Mapping], members: Mapping[int, Member],
                questionnaire: Questionnaire) -> dict[str, list[dict]]:
    """How many of the people who answered hold each level and work in each department (never what they said)."""
    present = [members.get(rid, Member()) for rid, a in answers_by_respondent.items() if _answered(questionnaire, a)]
    out: dict[str, list[dict]] = {}
    for key, labels, attribute in (("levels", LEVELS, "level_id"), ("departments", DEPARTMENTS, "department_id")):
        counts: dict[str, int] = {}
        for member in present:
            counts[getattr(member, attribute)] = counts.get(getattr(member, attribute), 0) + 1
        out[key] = [{"id": i, "label": short(labels.get(i, "Not given")), "count": counts[i]}
                    for i in (*labels, NOT_GIVEN) if i in counts]
    return out


def team_view(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping], members: Mapping[int, Member],
              grouping: Grouping, ledger: Ledger | None = None, fixed: bool = True) -> dict:
    """Participants, their mix, groups, block gaps and per-question distributions, all under the anonymity rules.

    `ledger` holds what earlier views showed (a fresh one: this is the first view); the figures this view
    shows for the first time are added to `ledger.new`, for the caller to keep. Until the groups are
    `fixed` (the facilitator shows the team's answers, or closes the session) no figure is shown at all:
    a chart that changed as each person submitted would show each one's answer.
    """
    ledger = ledger if ledger is not None else Ledger()
    if not fixed:
        ledger = _Closed()
    found = groups(questionnaire, answers_by_respondent, members, grouping)
    split = _compared(found, grouping)
    answers = {rid: answers_by_respondent[rid] for g in found for rid in g.members}
    questions = [_question_row(questionnaire, qid, answers, found, ledger, grouping.floor, split)
                 for qid in questionnaire.questions]
    blocks = _block_rows(questionnaire, answers, found, ledger, grouping.floor, split)
    # Widest first: the middle half of the room furthest apart, then the full range (a tie keeps the question order).
    spread = sorted((q for q in questions if q["total"] and q["total"]["spread"]),
                    key=lambda q: (-middle_spread(levels_of(q["total"]["counts"])), -q["total"]["spread"]))
    mix = composition(answers_by_respondent, members, questionnaire)
    return {
        "participants": len(answers), "floor": grouping.floor, "mode": grouping.mode,
        "role_mix": mix["levels"], "department_mix": mix["departments"],
        "groups": [g.shown() for g in found] if split else [],
        "unsplit": None if split or len(found) < 2 else _why_unsplit(found, grouping.floor),
        "split": split,
        "alternative": None if split else _alternative(questionnaire, answers_by_respondent, members, grouping),
        "blocks": blocks,
        "questions": questions,
        "widest": [q["id"] for q in spread[:WIDEST]],
        "held_back": max([d["held_back"] for q in questions for d in [q["total"], *(q["by_group"] or {}).values()] if d]
                         + [b["held_back"] for b in blocks], default=0),
        "withheld": sum(1 for q in questions if q["withheld"]) if fixed else 0,
        "fixed": fixed,
    }


def _alternative(questionnaire: Questionnaire, answers_by_respondent: Mapping[int, Mapping], members: Mapping[int, Member],
                 grouping: Grouping) -> dict | None:
    """The other way of splitting the room, when it would compare groups that this one cannot (five executives and
    two others show no gap; customer success beside the other departments may): its mode and groups, for the
    facilitator's dashboard. Switching is safe: the ledger compares every figure with those shown before."""
    other = replace(grouping, mode=BY_DEPARTMENT if grouping.mode == SENIORITY else SENIORITY)
    found = groups(questionnaire, answers_by_respondent, members, other)
    if not _compared(found, other):
        return None
    return {"mode": other.mode, "groups": [g.heading for g in found]}


def _compared(found: list[Group], grouping: Grouping) -> bool:
    """Groups are compared only when there are two or more and each reaches the floor."""
    return len(found) >= 2 and all(len(g.members) >= grouping.floor for g in found)


def question_view(questionnaire: Questionnaire, question_id: str, answers: Mapping[int, object],
                  members: Mapping[int, Member], grouping: Grouping, ledger: Ledger | None = None,
                  fixed: bool = True) -> dict:
    """One question's row of the team view from that question's answers alone, under the same rules as `team_view`
    (the presenter's poll). `answers` holds everyone who answered anything on the questionnaire, with their answer
    to this question (None when they skipped it): they make the groups, as in `team_view`."""
    ledger = (ledger if ledger is not None else Ledger()) if fixed else _Closed()
    found = split_room(list(answers), members, grouping)
    split = _compared(found, grouping)
    one = {rid: {question_id: value} for rid, value in answers.items()}
    groups_shown = [g.shown() for g in found] if split else []
    return {"floor": grouping.floor, "split": split, "groups": groups_shown,
            "question": _question_row(questionnaire, question_id, one, found, ledger, grouping.floor, split)}


class _Closed(Ledger):
    """Before the groups are fixed: every figure withheld, nothing recorded."""

    def choose(self, cell, wanted, floor, figure, questions=()):
        return [Choice(None) for _ in wanted]


def _why_unsplit(found: list[Group], floor: int) -> str:
    small = [g for g in found if len(g.members) < floor]
    names = ", ".join(f"{g.label.split(' (')[0].lower()} ({len(g.members)})" for g in small)
    return (f"The groups are not compared: {names} {'has' if len(small) == 1 else 'have'} fewer than {floor} people, "
            "and showing the others next to the whole room would give their answers away.")
