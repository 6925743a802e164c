"""Targets per block and stool leg: the level today, the level aimed at, and the gap (pure Python).

A block's or leg's level today is its 0-100 score read on the answers' scale (0 to the top level,
4 here): score x top / 100, cut (never rounded up) to one decimal, so 49.9 is level 1.9 and 50 is
level 2.0. Its default target is the next whole level at least half a level above today's (1.5 aims
at 2, 1.9 and 2.0 at 3), never past the top; an owner or facilitator may choose another. The gap is how many levels separate
today from the target, 0 once it is reached. The `score` JSON speaks in levels; pages speak in whole
scores 0-100 like every score on them (a target level is worth level / top x 100: `Target.points`).
`gap_order` lists what to close first: the short leg, then the largest gaps.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.labels import LABELS

KINDS = ("blocks", "legs")  # the two groups of targets, as the `score` JSON and the export name them
TOP_LEVEL = 4  # the highest level on the answers' scale (questionnaires score level / top x 100)
HALF_A_LEVEL = 0.5  # the least a default target asks: the next whole level at least this far above today


class TargetError(ValueError):
    """A chosen target names an unknown block or leg, or a level off the scale; `field` says where."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Target:
    kind: str  # "block" or "leg"
    id: str  # the block or leg id
    title: str
    today: float | None  # the level today, one decimal; None when nothing in it is scored
    score: float | None  # the 0-100 score the level is read from
    target: int | None  # the level aimed at; None when nothing is scored and none was chosen
    gap: float | None  # levels from today to the target, 0 once reached; None without both
    chosen: bool = False  # an owner or facilitator set it (else it is the default, the next level up)

    @property
    def key(self) -> str:
        """A stable name across both kinds, for forms and lookups: "leg:charter", "block:operations"."""
        return f"{self.kind}:{self.id}"

    def to_dict(self) -> dict:
        return {"today": self.today, "target": self.target, "gap": self.gap, "chosen": self.chosen}

    def points(self, top: int = TOP_LEVEL) -> tuple[int | None, int | None, int | None]:
        """Today, target and gap as pages say them: whole scores 0-100 (today never rounded up, as everywhere)."""
        today = None if self.score is None else math.floor(self.score)
        target = None if self.target is None else round(self.target * 100 / top)
        gap = None if today is None or target is None else max(0, target - today)
        return today, target, gap


@dataclass(frozen=True)
class Targets:
    blocks: tuple[Target, ...]
    legs: tuple[Target, ...]

    def to_dict(self) -> dict:
        """The `targets` key of the `score` JSON: {"blocks": {id: {today, target, gap, chosen}}, "legs": {...}}."""
        return {"blocks": {t.id: t.to_dict() for t in self.blocks}, "legs": {t.id: t.to_dict() for t in self.legs}}

    def all(self) -> tuple[Target, ...]:
        """Legs first (the stool stands on them), then the blocks."""
        return self.legs + self.blocks

    def by_key(self) -> dict[str, Target]:
        return {t.key: t for t in self.all()}


def level_of(score: float | None, top: int = TOP_LEVEL) -> float | None:
    """A 0-100 score on the answers' scale, cut to one decimal: a level is never shown as reached before it is."""
    return None if score is None else math.floor(round(score * top / 100 * 10, 6)) / 10


def default_target(today: float | None, top: int = TOP_LEVEL) -> int | None:
    """The next whole level at least half a level above today's, never past the top; None when nothing is scored.
    A target a tenth of a level away (1.9 aiming at 2) asks nothing of anyone: 1.9 aims at 3, 1.5 at 2, 2.0 at 3."""
    return None if today is None else min(top, math.ceil(round(today + HALF_A_LEVEL, 6)))


def gap_between(today: float | None, target: int | None) -> float | None:
    """Levels still to climb from today to the target (0 once reached); None without both."""
    return None if today is None or target is None else max(0.0, round(target - today, 1))


def _target(kind: str, item_id: str, title: str, score: float | None, chosen: int | None, top: int) -> Target:
    today = level_of(score, top)
    target = chosen if chosen is not None else default_target(today, top)
    return Target(kind, item_id, title, today, score, target, gap_between(today, target), chosen is not None)


def build_targets(blocks: Mapping[str, float | None], legs: Mapping[str, float | None] | None,
                  chosen: Mapping[str, Mapping[str, int]] | None = None, top: int = TOP_LEVEL) -> Targets:
    """Today, target and gap for every scored-or-not block and leg; `chosen` ({"blocks": {id: level}, "legs": ...}) wins."""
    chosen = chosen or {}
    picked_blocks, picked_legs = chosen.get("blocks") or {}, chosen.get("legs") or {}
    return Targets(
        blocks=tuple(_target("block", b, LABELS.blocks.get(b, b), score, picked_blocks.get(b), top)
                     for b, score in blocks.items()),
        legs=tuple(_target("leg", leg, LABELS.legs.get(leg, leg), (legs or {}).get(leg), picked_legs.get(leg), top)
                   for leg in LABELS.legs),
    )


def parse_targets(raw, block_ids, top: int = TOP_LEVEL) -> dict[str, dict[str, int]]:
    """Chosen targets as given to `score` or in an export: {"blocks": {id: level}, "legs": {id: level}}.

    Raises TargetError naming the first problem: not an object, an unknown group, block or leg, a level
    that is not a whole number from 0 to the top. None means no targets were chosen.
    """
    if raw is None:
        return {"blocks": {}, "legs": {}}
    if not isinstance(raw, dict):
        raise TargetError("targets", 'expected an object such as {"blocks": {"operations": 3}, "legs": {"charter": 2}}')
    known = {"blocks": tuple(block_ids), "legs": tuple(LABELS.legs)}
    clean: dict[str, dict[str, int]] = {"blocks": {}, "legs": {}}
    for kind, levels in raw.items():
        if kind not in known:
            raise TargetError(f"targets.{kind}", f"unknown group (expected {' or '.join(KINDS)})")
        if not isinstance(levels, dict):
            raise TargetError(f"targets.{kind}", "expected an object of {id: level}")
        for item_id, level in levels.items():
            where = f"targets.{kind}.{item_id}"
            if item_id not in known[kind]:
                raise TargetError(where, f"unknown {kind[:-1]} (expected one of {', '.join(known[kind])})")
            if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= top:
                raise TargetError(where, f"the level must be a whole number from 0 to {top}, not {level!r}")
            clean[kind][item_id] = level
    return clean


def gap_order(targets: Targets) -> list[Target]:
    """What to close first: the short leg (the lowest leg today, when it has a gap), then every other leg and block
    by largest gap (the lower today first on a tie). Targets reached or not scored are left out; the stool block
    is left out too, its legs stand for it. The roadmap orders its actions by this list."""
    open_ = [t for t in targets.all() if t.gap and not (t.kind == "block" and t.id == "stool")]
    legs = [t for t in open_ if t.kind == "leg"]
    short = min(legs, key=lambda t: (t.today, LABELS_ORDER.get(t.key, 0))) if legs else None
    rest = sorted((t for t in open_ if t is not short), key=lambda t: (-t.gap, t.today, LABELS_ORDER.get(t.key, 0)))
    return ([short] if short else []) + rest


# Ties keep the order the labels are written in (legs, then blocks), so the list is the same on every run.
LABELS_ORDER = {key: index for index, key in enumerate(
    [f"leg:{leg}" for leg in LABELS.legs] + [f"block:{block}" for block in LABELS.blocks])}
