"""Roadmap actions as data: level-aware steps, find-out texts, dependencies and roadmap settings (pure Python).

An action in `model/actions.yaml` has a base text (`do`, `owner`, `measure`) for the lowest levels and
optional `steps` keyed by the level from which they apply, so a practice that already exists is adopted
or reviewed rather than built again. `after` names the practices that must reach a level before this
action makes sense (write the charter before reviewing it). `model/roadmap.yaml` holds the caps.
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
            "properties": {"do": _TEXT, "kind": {"enum": list(KINDS)}, "owner": owner, "measure": _TEXT}}
    action = {
        "type": "object", "additionalProperties": False, "required": ["do", "owner", "measure"],
        "properties": {
            "do": _TEXT, "owner": owner, "measure": _TEXT, "kind": {"enum": list(KINDS)}, "find_out": _TEXT,
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
        "moves": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "goals": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}


@dataclass(frozen=True)
class Step:
    kind: str
    do: str
    owner: str
    measure: str


@dataclass(frozen=True)
class Action:
    do: str
    owner: str
    measure: str
    kind: str = "build"
    find_out: str | None = None
    after: tuple[tuple[str, int], ...] = ()  # (question id, the level it must reach before this action)
    steps: tuple[tuple[int, Step], ...] = ()  # (from level, step), ascending

    def at(self, level: int) -> Step:
        """What to do from today's level: the last step whose starting level it reaches."""
        chosen = Step(self.kind, self.do, self.owner, self.measure)
        for start, step in self.steps:
            if level >= start:
                chosen = step
        return chosen


@dataclass(frozen=True)
class RoadmapSettings:
    shown_max: int = 15  # actions shown across the three phases; the rest go to the appendix and the CSV
    due_days: dict[str, int] = field(default_factory=lambda: {"now": 90, "next": 180, "later": 365})
    moves: dict[int, tuple[str, ...]] = field(default_factory=dict)  # stage -> questions behind its moves
    goals: dict[int, tuple[str, ...]] = field(default_factory=dict)  # stage -> the practice behind each move, in order


def _default_kind(level: int) -> str:
    return "build" if level < 2 else "adopt" if level == 2 else "review"


def build(raw: dict) -> dict[str, Action]:
    """Actions by question id from validated actions.yaml data."""
    actions = {}
    for qid, a in raw["actions"].items():
        steps = tuple(
            (int(level), Step(s.get("kind", _default_kind(int(level))), s["do"], s.get("owner", a["owner"]),
                              s.get("measure", a["measure"])))
            for level, s in sorted((a.get("steps") or {}).items(), key=lambda item: int(item[0]))
        )
        actions[qid] = Action(a["do"], a["owner"], a["measure"], a.get("kind", "build"), a.get("find_out"),
                              tuple((p, int(lv)) for p, lv in (a.get("after") or {}).items()), steps)
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
    return problems


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
    moves = {int(stage): tuple(qids) for stage, qids in (raw.get("moves") or {}).items()}
    goals = {int(stage): tuple(qids) for stage, qids in (raw.get("goals") or {}).items()}
    return RoadmapSettings(shown_max=raw["shown_max"], due_days=dict(raw["due_days"]), moves=moves, goals=goals)


def check_settings(raw: dict, actions: dict) -> list[str]:
    """Problems in roadmap.yaml schemas cannot see: stage moves naming questions that have no action."""
    return [f"model/roadmap.yaml: moves.{stage}: unknown action '{qid}'"
            for stage, qids in (raw.get("moves") or {}).items() for qid in qids if qid not in actions]
