"""Roadmap actions as data: level-aware steps, find-out texts, dependencies and roadmap settings (pure Python).

An action in `model/actions.yaml` is (question, today's level, the level it reaches): a base text (`do`,
`owner`, `measure`) for the lowest levels, reaching `to` (level 2 unless given), and `steps` keyed by the
level from which they apply, each reaching the next level up unless it says otherwise; so a practice that
already exists is adopted or reviewed rather than built again, and no step aims at or below today's level
(`check` refuses data that would). `after` names the practices that must reach a level before this action
makes sense (write the charter before reviewing it). `model/roadmap.yaml` holds the caps.
"""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("build", "adopt", "review")  # "find_out" is made by the roadmap for "don't know" answers
FIND_OUT = "find_out"

_TEXT = {"type": "string", "minLength": 1, "pattern": "\\S"}
_LEVEL = {"type": "integer", "minimum": 0, "maximum": 4}


def schema(owners) -> dict:
    """The JSON schema of actions.yaml, with `owner` limited to the known departments."""
    owner = {"enum": sorted(owners)}
    step = {"type": "object", "additionalProperties": False, "required": ["do"],
            "properties": {"do": _TEXT, "kind": {"enum": list(KINDS)}, "owner": owner, "measure": _TEXT, "to": _LEVEL}}
    action = {
        "type": "object", "additionalProperties": False, "required": ["do", "owner", "measure"],
        "properties": {
            "do": _TEXT, "owner": owner, "measure": _TEXT, "kind": {"enum": list(KINDS)}, "find_out": _TEXT,
            "to": _LEVEL,
            "after": {"type": "object", "additionalProperties": _LEVEL},
            "steps": {"type": "object", "additionalProperties": step},
        },
    }
    return {"type": "object", "additionalProperties": False, "required": ["actions"],
            "properties": {"actions": {"type": "object", "additionalProperties": action}}}


ROADMAP_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["shown_max", "due_days"],
    "properties": {
        "shown_max": {"type": "integer", "minimum": 1},
        "due_days": {"type": "object", "additionalProperties": False, "required": ["now", "next", "later"],
                     "properties": {p: {"type": "integer", "minimum": 1} for p in ("now", "next", "later")}},
    },
}


BASE_TO = 2  # the base step (from levels 0 and 1) writes the practice down: level 2, Defined
TOP = 4


@dataclass(frozen=True)
class Step:
    kind: str
    do: str
    owner: str
    measure: str
    to: int = BASE_TO  # the level this step reaches


@dataclass(frozen=True)
class Action:
    do: str
    owner: str
    measure: str
    kind: str = "build"
    find_out: str | None = None
    after: tuple[tuple[str, int], ...] = ()  # (question id, the level it must reach before this action)
    steps: tuple[tuple[int, Step], ...] = ()  # (from level, step), ascending
    to: int = BASE_TO  # the level the base step reaches

    def at(self, level: int) -> Step:
        """What to do from today's level: the last step whose starting level it reaches."""
        chosen = Step(self.kind, self.do, self.owner, self.measure, self.to)
        for start, step in self.steps:
            if level >= start:
                chosen = step
        return chosen


@dataclass(frozen=True)
class RoadmapSettings:
    shown_max: int = 15  # actions shown across the three phases; the rest go to the appendix and the CSV
    due_days: dict[str, int] = field(default_factory=lambda: {"now": 90, "next": 180, "later": 365})


def _default_kind(level: int) -> str:
    return "build" if level < 2 else "adopt" if level == 2 else "review"


def build(raw: dict) -> dict[str, Action]:
    """Actions by question id from validated actions.yaml data."""
    actions = {}
    for qid, a in raw["actions"].items():
        steps = tuple(
            (int(level), Step(s.get("kind", _default_kind(int(level))), s["do"], s.get("owner", a["owner"]),
                              s.get("measure", a["measure"]), int(s.get("to", min(int(level) + 1, TOP)))))
            for level, s in sorted((a.get("steps") or {}).items(), key=lambda item: int(item[0]))
        )
        actions[qid] = Action(a["do"], a["owner"], a["measure"], a.get("kind", "build"), a.get("find_out"),
                              tuple((p, int(lv)) for p, lv in (a.get("after") or {}).items()), steps,
                              int(a.get("to", BASE_TO)))
    return actions


def check(raw: dict) -> list[str]:
    """Problems schemas cannot see: step levels off the scale, unknown or circular dependencies."""
    actions = raw.get("actions") or {}
    problems = [f"model/actions.yaml: actions.{qid}.steps: level '{lv}' is not 1-4"
                for qid, a in actions.items() for lv in (a.get("steps") or {})
                if not str(lv).isdigit() or not 1 <= int(lv) <= 4]
    problems += [f"model/actions.yaml: actions.{qid}.after: unknown action '{p}'"
                 for qid, a in actions.items() for p in (a.get("after") or {}) if p not in actions]
    if not problems:
        problems += [f"model/actions.yaml: actions.{qid}.after: circular dependency" for qid in _circular(actions)]
    if not problems:
        problems += _aims(build(raw))
    return problems


def _aims(actions: dict[str, Action]) -> list[str]:
    """Every level below the top has a step that aims above it: nothing is built twice or aimed at below today."""
    return [f"model/actions.yaml: actions.{qid}: the step from level {level} reaches level {action.at(level).to}; "
            f"it must aim above level {level} (add a step from level {level})"
            for qid, action in actions.items() for level in range(TOP) if not level < action.at(level).to <= TOP]


def _circular(actions: dict) -> list[str]:
    """Actions that depend, directly or not, on themselves."""
    def reaches(start: str, target: str, seen: set) -> bool:
        for p in actions[start].get("after") or {}:
            if p == target or (p not in seen and (seen.add(p) or reaches(p, target, seen))):
                return True
        return False
    return [qid for qid in actions if reaches(qid, qid, set())]


def settings(raw: dict) -> RoadmapSettings:
    """Roadmap settings from validated roadmap.yaml data."""
    return RoadmapSettings(shown_max=raw["shown_max"], due_days=dict(raw["due_days"]))
