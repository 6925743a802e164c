"""Which group figures may be shown, given every figure shown before (pure Python).

The anonymity rules of a workshop (the policy is in grouping.py; this is its bookkeeping):
- a figure (a question's counts, a block's score) comes from at least `floor` people;
- two figures of the same question or block, shown now or earlier, either come from the same people or
  from groups that differ by at least `floor` people: subtracting one from the other never isolates
  fewer than `floor` people (two groupings of one team; the room before and after someone joins, is
  removed or changes an answer);
- no combination of everything shown for a question describes fewer than `floor` people (one person's
  answer, the difference between two people's, ...): checked exactly, by linear algebra over the groups'
  memberships.

A figure that would break a rule is held at a figure shown before, for a group that is still wholly present
and lacks fewer than `floor` of today's people's new or changed answers (they wait until enough have
arrived), or withheld; the view says why. The ledger keeps each figure as it was shown, so holding it needs
nobody's earlier answers.

People are named by stable member keys, never by database ids: a removed participant's id may be
given to a newcomer, and the ledger must not mistake one for the other.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

Keys = frozenset[str]
NOT_KEPT = object()  # the figure of a group kept before the ledger kept figures (i21_released_figures)


@dataclass(frozen=True)
class Choice:
    """What a view shows for a group: its figure (None: withheld), and how many people's newer answers it leaves out."""

    figure: object = None
    held_back: int = 0  # people whose new or changed answers wait: adding them now would single someone out


@dataclass
class Ledger:
    """The groups whose figures were shown, per cell ("q:<question>" or "b:<block>"), each with the figure shown.

    A group is a set of member keys, each marked with the version of that person's answers in the cell
    ("<key>#<version>"): a person who changes an answer after a figure was shown is, for that figure, someone
    else, and the change waits like a newcomer's answer (the figure as shown stays on screen) until at least
    `floor` people's new or changed answers can join it together.
    """

    released: dict[str, dict[Keys, object]] = field(default_factory=dict)  # cell -> {group: its figure, or NOT_KEPT}
    keys: Mapping[int, str] = field(default_factory=dict)  # respondent id -> member key
    versions: Mapping[int, Mapping[str, int]] = field(default_factory=dict)  # respondent id -> question -> version
    new: list[tuple[str, Keys, object]] = field(default_factory=list)  # shown by this view: the store keeps them

    def key_of(self, rid: int) -> str:
        return self.keys.get(rid) or f"id:{rid}"

    def _version(self, rid: int, questions: Iterable[str]) -> int:
        """How often this person's answers in the cell changed level (their value versions; a note alone moves none)."""
        mine = self.versions.get(rid, {})
        return sum(mine.get(qid, 0) for qid in questions)

    def keyed(self, members: Iterable[int], questions: Iterable[str] = ()) -> Keys:
        questions = tuple(questions)
        return frozenset(f"{self.key_of(rid)}#{self._version(rid, questions)}" for rid in members)

    def _shown(self, cell: str, questions: tuple[str, ...]) -> dict[Keys, object]:
        """The cell's groups shown before; a key kept without a version (before the ledger
        kept versions) reads as today's version."""
        shown = self.released.get(cell, {})
        if all("#" in key for members in shown for key in members):
            return dict(shown)
        today = {self.key_of(rid): self._version(rid, questions) for rid in self.keys}
        return {frozenset(key if "#" in key or key not in today else f"{key}#{today[key]}" for key in members): figure
                for members, figure in shown.items()}

    def choose(self, cell: str, wanted: list[frozenset[int]], floor: int, figure: Callable[[frozenset[int]], object],
               questions: Iterable[str] = ()) -> list[Choice]:
        """The figures (`figure` of each group of respondent ids in `wanted`, shown together, all or none fresh) if the
        rules allow; else each held at a figure shown before, or withheld. `questions`: the cell's questions."""
        if any(len(members) < floor for members in wanted):
            return [Choice(None) for _ in wanted]
        questions = tuple(questions)
        keyed = [self.keyed(members, questions) for members in wanted]
        shown = self._shown(cell, questions)
        family = set(shown) | set(keyed)
        if all(_apart(k, family - {k}, floor) for k in keyed) and not exposes(frozenset(family), floor):
            figures = [figure(members) for members in wanted]
            for k, value in zip(keyed, figures):
                if k not in shown:
                    self.released.setdefault(cell, {})[k] = value
                    self.new.append((cell, k, value))
            return [Choice(value) for value in figures]
        return [self._held(shown, members, k, floor, figure) for members, k in zip(wanted, keyed)]

    def _held(self, shown: dict[Keys, object], members: frozenset[int], keyed: Keys, floor: int,
              figure: Callable[[frozenset[int]], object]) -> Choice:
        """The figure shown before for a group whose people are all still here and which differs from today's by fewer
        than `floor` people (new or changed answers waiting for company): nothing new is revealed. Else withheld."""
        today = _people(keyed)
        inside = [(k, value) for k, value in shown.items()
                  if len(k) >= floor and _people(k).keys() <= today.keys() and _differ(k, keyed) < floor]
        if not inside:
            return Choice(None)
        best, value = min(inside, key=lambda kv: (_differ(kv[0], keyed), -len(kv[0]), sorted(kv[0])))
        if value is NOT_KEPT:  # shown when no figures were kept: its people's answers now, as they were shown then
            by_person = {self.key_of(rid): rid for rid in members}
            value = figure(frozenset(by_person[_person(key)] for key in best))
        waiting = _differ(best, keyed)
        if waiting and _people(best).keys() == today.keys() and figure(members) == value:
            waiting = 0  # the changes left the figure as it was (two answers swapped): nothing waits
        return Choice(value, waiting)


def _person(key: str) -> str:
    return key.partition("#")[0]


def _people(members: Keys) -> dict[str, str]:
    """{person: the version of their answers} of a group's keys."""
    return dict(key.partition("#")[::2] for key in members)


def _differ(a: Keys, b: Keys) -> int:
    """How many people are in one group and not the other, or in both with answers changed in between."""
    left, right = _people(a), _people(b)
    return len(left.keys() ^ right.keys()) + sum(1 for p in left.keys() & right.keys() if left[p] != right[p])


def _apart(members: Keys, others: Iterable[Keys], floor: int) -> bool:
    """Equal to, or at least `floor` people different from, each of the others."""
    return all(members == other or _differ(members, other) >= floor for other in others)


SEARCH_BUDGET = 20_000  # combinations of small groups tried before a figure is refused, to be safe


@lru_cache(maxsize=4096)
def exposes(family: frozenset[Keys], floor: int) -> bool:
    """Whether some combination of the groups' totals describes fewer than `floor` people (one person's answer,
    two people's difference, ...): then a figure would give them away.

    People who belong to exactly the same groups can never be told apart, so they are taken together as
    "atoms". A combination of the groups' totals is a vector constant on each atom, and it lies in the span
    of the groups exactly when it is orthogonal to their null space: so some combination lives on a set of
    atoms exactly when those atoms' null-space coordinates are linearly dependent. The search looks at sets
    of atoms holding fewer than `floor` people; past SEARCH_BUDGET tries it answers yes, refusing the figure.
    Someone who changed an answer has a key per version of it (different unknowns), counted as one person.
    """
    rows = sorted(family, key=sorted)
    keys = set().union(*rows) if rows else set()
    people: dict[tuple[bool, ...], set[str]] = {}  # atom -> the people in it (a key per person and answer version)
    for key in keys:
        people.setdefault(tuple(key in group for group in rows), set()).add(_person(key))
    atoms = list(people)
    small = [j for j, atom in enumerate(atoms) if len(people[atom]) < floor]
    if not small:
        return False
    reduced, pivots = _rref([[Fraction(int(atom[i])) for atom in atoms] for i in range(len(rows))])
    free = [j for j in range(len(atoms)) if j not in pivots]

    def coordinates(j: int) -> tuple[Fraction, ...]:
        if j in pivots:
            return tuple(-reduced[pivots.index(j)][f] for f in free)
        return tuple(Fraction(int(f == j)) for f in free)

    vectors = {j: coordinates(j) for j in small}
    return _dependent_within(small, vectors, {j: frozenset(people[atoms[j]]) for j in small}, floor)


def _dependent_within(candidates: list[int], vectors: dict, people: dict, floor: int) -> bool:
    """Whether some atoms holding fewer than `floor` people together have linearly dependent vectors (a person
    counts once, whichever versions of their answers the atoms hold)."""
    tries = 0

    def grow(start: int, basis: list[tuple[int, list[Fraction]]], within: frozenset[str]) -> bool:
        nonlocal tries
        for position in range(start, len(candidates)):
            j = candidates[position]
            together = within | people[j]
            if len(together) >= floor:
                continue
            tries += 1
            if tries > SEARCH_BUDGET:
                return True
            reduced = _reduce(list(vectors[j]), basis)
            lead = next((i for i, x in enumerate(reduced) if x), None)
            if lead is None or grow(position + 1, basis + [(lead, reduced)], together):
                return True
        return False

    return grow(0, [], frozenset())


def _reduce(vector: list[Fraction], basis: list[tuple[int, list[Fraction]]]) -> list[Fraction]:
    """The vector less its components along an echelon basis (each entry: its lead index and the row)."""
    for lead, row in basis:
        if vector[lead]:
            factor = vector[lead] / row[lead]
            vector = [a - factor * b for a, b in zip(vector, row)]
    return vector


def _rref(rows: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form and the pivot column of each non-zero row, in order."""
    rows = [list(r) for r in rows]
    pivots: list[int] = []
    top = 0
    for col in range(len(rows[0]) if rows else 0):
        found = next((r for r in range(top, len(rows)) if rows[r][col]), None)
        if found is None:
            continue
        rows[top], rows[found] = rows[found], rows[top]
        lead = rows[top][col]
        rows[top] = [x / lead for x in rows[top]]
        for r in range(len(rows)):
            if r != top and rows[r][col]:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[top])]
        pivots.append(col)
        top += 1
        if top == len(rows):
            break
    return rows[:top], pivots
