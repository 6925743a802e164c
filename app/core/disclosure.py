"""Which group figures may be shown, given every figure shown before (pure Python).

The anonymity rules of a workshop (the policy is in grouping.py; this is its bookkeeping):
- a figure (a question's counts, a block's score) comes from at least `floor` people;
- two figures of the same question or block, shown now or earlier, either come from the same people or
  from groups that differ by at least `floor` people: subtracting one from the other never isolates
  fewer than `floor` people (two groupings of one team; the room before and after someone joins or
  is removed);
- no combination of everything shown for a question describes fewer than `floor` people (one person's
  answer, the difference between two people's, ...): checked exactly, by linear algebra over the groups'
  memberships.

A figure that would break a rule is held at the last group shown that is still wholly present when it
lacks fewer than `floor` of today's people (their answers wait until enough have arrived), or withheld;
the view says why.

People are named by stable member keys, never by database ids: a removed participant's id may be
given to a newcomer, and the ledger must not mistake one for the other.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

Keys = frozenset[str]


@dataclass(frozen=True)
class Choice:
    """What a figure is computed over: the people (respondent ids) and how many newer answers wait."""

    members: frozenset[int] | None  # None: withheld
    held_back: int = 0  # answers left out because adding them now would single someone out


@dataclass
class Ledger:
    """The memberships whose figures were shown, per cell ("q:<question>" or "b:<block>")."""

    released: dict[str, set[Keys]] = field(default_factory=dict)
    keys: Mapping[int, str] = field(default_factory=dict)  # respondent id -> member key
    new: list[tuple[str, Keys]] = field(default_factory=list)  # released by this view: the store keeps them

    def key_of(self, rid: int) -> str:
        return self.keys.get(rid) or f"id:{rid}"

    def keyed(self, members: Iterable[int]) -> Keys:
        return frozenset(self.key_of(rid) for rid in members)

    def choose(self, cell: str, wanted: list[frozenset[int]], floor: int) -> list[Choice]:
        """Figures over `wanted` (shown together, all or none fresh) if the rules allow; else held or withheld."""
        if any(len(members) < floor for members in wanted):
            return [Choice(None) for _ in wanted]
        keyed = [self.keyed(members) for members in wanted]
        before = self.released.setdefault(cell, set())
        if all(_apart(k, before | set(keyed) - {k}, floor) for k in keyed) \
                and not exposes(frozenset(before | set(keyed)), floor):
            for k in keyed:
                if k not in before:
                    before.add(k)
                    self.new.append((cell, k))
            return [Choice(members) for members in wanted]
        return [self._held(before, members, floor) for members in wanted]

    def _held(self, before: set[Keys], members: frozenset[int], floor: int) -> Choice:
        """The largest group shown before whose people all still count here, short of fewer than `floor` of them
        (newer answers waiting for company): nothing new is revealed. Else None: the figure is withheld."""
        by_key = {self.key_of(rid): rid for rid in members}
        inside = [k for k in before if len(k) >= floor and k <= by_key.keys() and len(members) - len(k) < floor]
        if not inside:
            return Choice(None)
        best = max(inside, key=lambda k: (len(k), sorted(k)))
        return Choice(frozenset(by_key[k] for k in best), len(members) - len(best))


def _apart(members: Keys, others: Iterable[Keys], floor: int) -> bool:
    """Equal to, or at least `floor` people different from, each of the others."""
    return all(members == other or len(members ^ other) >= floor for other in others)


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
    """
    rows = sorted(family, key=sorted)
    people = set().union(*rows) if rows else set()
    sizes: dict[tuple[bool, ...], int] = {}
    for person in people:
        pattern = tuple(person in group for group in rows)
        sizes[pattern] = sizes.get(pattern, 0) + 1
    atoms = list(sizes)
    small = [j for j, atom in enumerate(atoms) if sizes[atom] < floor]
    if not small:
        return False
    reduced, pivots = _rref([[Fraction(int(atom[i])) for atom in atoms] for i in range(len(rows))])
    free = [j for j in range(len(atoms)) if j not in pivots]

    def coordinates(j: int) -> tuple[Fraction, ...]:
        if j in pivots:
            return tuple(-reduced[pivots.index(j)][f] for f in free)
        return tuple(Fraction(int(f == j)) for f in free)

    vectors = {j: coordinates(j) for j in small}
    weights = {j: sizes[atoms[j]] for j in small}
    return _dependent_within(small, vectors, weights, floor)


def _dependent_within(candidates: list[int], vectors: dict, weights: dict, floor: int) -> bool:
    """Whether some atoms holding fewer than `floor` people together have linearly dependent vectors."""
    tries = 0

    def grow(start: int, basis: list[tuple[int, list[Fraction]]], weight: int) -> bool:
        nonlocal tries
        for position in range(start, len(candidates)):
            j = candidates[position]
            if weight + weights[j] >= floor:
                continue
            tries += 1
            if tries > SEARCH_BUDGET:
                return True
            reduced = _reduce(list(vectors[j]), basis)
            lead = next((i for i, x in enumerate(reduced) if x), None)
            if lead is None or grow(position + 1, basis + [(lead, reduced)], weight + weights[j]):
                return True
        return False

    return grow(0, [], 0)


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
