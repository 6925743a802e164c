"""A workshop's team view, built once per change of its answers and kept for the requests that follow (no Flask).

The dashboard polls every few seconds and the presenter opens one question after another: rebuilding
the team view (every answer of every participant) on each of those requests made them grow with the
room. A `TeamSnapshot` holds what they read (the team view, each question's median, who joined and
how far they got, the flagged questions, the presenter's order) and a `TeamCache` keeps the newest one
per workshop in the process, keyed by the version of what it is built from. One question as the room
answered it (`question_room`) is computed from that question's answers alone, for the presenter's poll.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from app.core.aggregate import QuestionStats, levels_of, middle_spread, stats_of_counts
from app.core.disclosure import Ledger
from app.core.grouping import Grouping, question_view
from app.core.people import Member
from app.core.questionnaire import Questionnaire
from app.report import workshop_charts

CACHED_WORKSHOPS = 32  # one snapshot each: a few hundred kilobytes at most, whatever the room's size
FLAG_SPREAD = 2  # levels apart for a question to be discussed first


class TeamCache:
    """The newest snapshot of each workshop, for at most `size` workshops (least recently used go first)."""

    def __init__(self, size: int = CACHED_WORKSHOPS):
        self.size, self.builds, self.hits = size, 0, 0
        self._entries: OrderedDict[Hashable, tuple[Hashable, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, workshop: Hashable, version: Hashable, build: Callable[[], object]):
        """The workshop's snapshot at this version: the kept one, or a new one built (outside the lock) and kept."""
        with self._lock:
            kept = self._entries.get(workshop)
            if kept is not None and kept[0] == version:
                self._entries.move_to_end(workshop)
                self.hits += 1
                return kept[1]
        value = build()
        with self._lock:
            self.builds += 1
            self._entries[workshop] = (version, value)
            self._entries.move_to_end(workshop)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value


class QuestionCharts(Mapping):
    """Each question's distribution chart, drawn the first time a page asks for it (most pages show a few)."""

    def __init__(self, view: dict):
        self._rows, self._groups = {q["id"]: q for q in view["questions"]}, view["groups"]
        self._drawn: dict[str, Markup | None] = {}

    def __getitem__(self, question_id: str) -> Markup | None:
        if question_id not in self._drawn:
            self._drawn[question_id] = workshop_charts.distribution(self._rows[question_id], self._groups)
        return self._drawn[question_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@dataclass(frozen=True)
class TeamSnapshot:
    """What the dashboard and the presenter read, built from one version of a workshop's answers."""

    view: dict
    stats: dict[str, QuestionStats]
    participants: list[dict]
    progress: dict[int, int]
    flagged: list[dict]
    order: list[str]
    charts: dict = field(compare=False)

    @property
    def with_charts(self) -> dict:
        """The team view with its charts (the gap, the legend, each question's distribution)."""
        return {**self.view, "charts": self.charts}

    def room(self, question_id: str, reveal: bool = False) -> dict:
        """One question as the room answered it, from this snapshot (see `question_room`)."""
        view = self.view
        row = next(q for q in view["questions"] if q["id"] == question_id)
        return _room(row, view["groups"], view["floor"], len(self.participants), reveal, view["fixed"])


def flagged(view: dict) -> list[dict]:
    """Questions that split the room (shown above the floor): the middle half of its levels two or more apart, not one
    voice at either end; the widest split first."""
    rows = [q for q in view["questions"] if q["total"] and stats_of_counts(q["total"]["counts"], FLAG_SPREAD).flagged]
    return sorted(rows, key=lambda q: (-middle_spread(levels_of(q["total"]["counts"])), -(q["total"]["spread"] or 0)))


def shown_stats(view: dict) -> dict[str, QuestionStats]:
    """Each question's median, range and counts from what the team view shows, never from more."""
    return {q["id"]: stats_of_counts(q["total"]["counts"] if q["total"] else {}) for q in view["questions"]}


def build(questionnaire: Questionnaire, view: dict, by_respondent: Mapping[int, Mapping],
          participants: list[dict]) -> TeamSnapshot:
    """Everything the dashboard and presenter read with a team view (built under the anonymity rules, the costly
    part, done once per change)."""
    first = flagged(view)
    order = [q["id"] for q in first]
    order += [qid for qid in questionnaire.questions if qid not in set(order)]
    progress = {p["id"]: sum(1 for qid in by_respondent.get(p["id"], {}) if qid in questionnaire.questions)
                for p in participants}
    charts = {"gap": workshop_charts.gap(view["blocks"], view["groups"]), "legend": workshop_charts.legend(view["groups"]),
              "questions": QuestionCharts(view)}
    return TeamSnapshot(view, shown_stats(view), participants, progress, first, order, charts)


def question_room(questionnaire: Questionnaire, question_id: str, answers: Mapping[int, object],
                  members: Mapping[int, Member], joined: int, grouping: Grouping, ledger: Ledger, fixed: bool,
                  reveal: bool = False) -> tuple[dict, Ledger]:
    """One question as the room answered it, from that question's answers alone (`answers`: everyone who answered
    anything, with their answer to it or None), under the anonymity rules: the same dict `TeamSnapshot.room` gives
    for the same answers, and the ledger (whose `new` figures the caller keeps)."""
    one = question_view(questionnaire, question_id, answers, members, grouping, ledger, fixed)
    return _room(one["question"], one["groups"], one["floor"], joined, reveal, fixed), ledger


def median_text(median: float | None) -> str | None:
    """A median in words: "level 2", or "between 2 and 3" when it falls between two levels."""
    if median is None:
        return None
    if median != int(median):
        return f"between {int(median)} and {int(median) + 1}"
    return f"level {int(median)}"


def _room(row: dict, groups: list[dict], floor: int, joined: int, reveal: bool, fixed: bool) -> dict:
    """The presenter's view of one question: how many answered, and once revealed the distribution as the anonymity
    rules let it show (the median from the shown counts, never from more)."""
    shown = reveal and row["total"] is not None
    stats = stats_of_counts(row["total"]["counts"] if row["total"] else {})
    return {"id": row["id"], "answered": row["answered"], "joined": joined, "floor": floor, "withheld": row["withheld"],
            "fixed": fixed,
            "reveal": reveal, "row": row if reveal else None,
            "groups": groups if shown and row["by_group"] else [],
            "median": median_text(stats.median) if shown else None,
            "chart": workshop_charts.distribution(row, groups, **workshop_charts.PROJECTOR) if shown else None}
