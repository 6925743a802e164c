"""The plan and the targets in the exchange document: their JSON Schema and the checks beyond it (pure Python).

Export writes `targets` (the chosen levels, as `score` reads them), `plan` (each action with its status,
owner, due date and events) and, for a later round, `review`; import restores the first two into the new
assessment and ignores `review`, which is computed from the rounds (an imported assessment has none).
"""
from __future__ import annotations

from app.core.labels import LABELS
from app.core.plan import LIMITS, STATUSES, check
from app.core.questionnaire import Questionnaire

MAX_ACTIONS, MAX_EVENTS = 500, 200


def _text(limit: int) -> dict:
    return {"type": ["string", "null"], "maxLength": limit}


_EVENT = {"type": "object", "additionalProperties": False, "required": ["at", "who", "field"],
          "properties": {"at": {"type": "string", "maxLength": 40}, "who": {"type": "string", "maxLength": 200},
                         "field": {"type": "string", "maxLength": 40}, "from": _text(LIMITS["note"]),
                         "to": _text(LIMITS["note"])}}
PLAN_SCHEMA = {"type": "array", "maxItems": MAX_ACTIONS, "items": {
    "type": "object", "additionalProperties": False, "required": ["title", "status"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": LIMITS["title"]},
        "status": {"enum": list(STATUSES)},
        "question": _text(80), "block": _text(40), "leg": _text(40),
        "level": {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 10}, {"enum": ["na", "unknown", None]}]},
        "target_level": {"type": ["integer", "null"], "minimum": 0, "maximum": 10},
        "owner": {"type": ["object", "null"], "additionalProperties": False, "required": ["name"],
                  "properties": {"name": {"type": "string", "minLength": 1, "maxLength": LIMITS["name"]},
                                 "email": _text(LIMITS["email"])}},
        "due": _text(10), "reason": _text(LIMITS["reason"]), "note": _text(LIMITS["note"]),
        "evidence": _text(LIMITS["evidence"]), "created_at": _text(40), "updated_at": _text(40),
        "events": {"type": "array", "maxItems": MAX_EVENTS, "items": _EVENT},
    }}}
TARGETS_SCHEMA = {"type": ["object", "null"], "maxProperties": 2}  # checked key by key by core.targets.parse_targets
REVIEW_SCHEMA = {"type": ["object", "null"]}  # written for readers; import ignores it


def plan_problems(plan: list | None, questionnaire: Questionnaire) -> list[str]:
    """What the schema cannot say: due dates, evidence links, emails, a reason for an accepted risk, known ids."""
    problems = []
    for index, action in enumerate(plan or []):
        where = f"plan[{index}]"
        owner = action.get("owner") or {}
        values = {"title": action["title"], "status": action["status"], "due": action.get("due"),
                  "reason": action.get("reason"), "note": action.get("note"), "evidence": action.get("evidence"),
                  "owner_name": owner.get("name"), "owner_email": owner.get("email")}
        problems += [f"{where}.{key.replace('owner_', 'owner.')}: {problem}" for key, problem in check(values).items()]
        if action.get("question") and action["question"] not in questionnaire.questions:
            problems.append(f"{where}.question: unknown question id '{action['question'][:80]}'")
        if action.get("leg") and action["leg"] not in LABELS.legs:
            problems.append(f"{where}.leg: unknown leg '{action['leg']}'")
        if action.get("block") and action["block"] not in LABELS.blocks:
            problems.append(f"{where}.block: unknown block '{action['block']}'")
    return problems[:50]
