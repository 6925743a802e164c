"""Which group figures may be shown, given every figure shown before (pure Python).

The anonymity rules of a workshop (the policy is in grouping.py; this is its bookkeeping):
- a figure (a question's counts, a block's score) comes from at least `floor` people;
- two figures of the same question or block, shown now or earlier, either come from the same people or
  from groups that differ by at least `floor` people: subtracting one from the other never isolates
  fewer than `floor` people (two groupings of one team; the room before and after someone joins or
  is removed);
- no combination of everything shown for a question pins down one person's answer, or the difference
  between two people's: checked exactly, by linear algebra over the groups' memberships.

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
        if all(_apart(k, before | set(keyed) - {k}, floor) for k in keyed) and not exposes(frozenset(before | set(keyed))):
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


@lru_cache(maxsize=1024)
def exposes(family: frozenset[Keys]) -> bool:
    """Whether some combination of the groups' totals gives one person's answer or two people's difference.

    A person is isolated when their indicator vector lies in the span of the groups' indicator
    vectors; a pair when a combination of just those two does. Both are read off the null space:
    person j's coordinates there are zero, or parallel to person k's.
    """
    people = sorted(set().union(*family)) if family else []
    if not people:
        return False
    rows = [[Fraction(int(p in members)) for p in people] for members in family]
    reduced, pivots = _rref(rows)
    free = [j for j in range(len(people)) if j not in pivots]
    seen: set[tuple[Fraction, ...]] = set()
    for j in range(len(people)):
        if j in pivots:
            row = reduced[pivots.index(j)]
            signature = tuple(-row[f] for f in free)
        else:
            signature = tuple(Fraction(int(f == j)) for f in free)
        lead = next((x for x in signature if x), None)
        if lead is None:
            return True
        normal = tuple(x / lead for x in signature)
        if normal in seen:
            return True
        seen.add(normal)
    return False


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
