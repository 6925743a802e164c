"""The action plan: what an adopted action is, its statuses, the checks on every change, what is due (pure Python).

Any roadmap action, or one the team writes, can be adopted into the plan with an owner (a name and an
optional email), a due date, a status and a note or evidence link. Every change is kept as an event
(who, when, which field, from, to). A review at the next round reads the plan as it stood then.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

STATUSES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "wont_do": "Won't do",
    "risk_accepted": "Risk accepted",
}
OPEN = ("not_started", "in_progress")  # still to do: may be due, overdue, and carry into the next round
DROPPED = ("wont_do", "risk_accepted")  # decided against: a review counts them as dropped
DUE_SOON_DAYS = 7  # "due" in a reminder: within the coming week
LIMITS = {"title": 300, "name": 80, "email": 254, "reason": 500, "note": 2000, "evidence": 500}
# The fields a change may touch, as events name them (and the plan CSV's columns, apart from the ids).
FIELDS = ("title", "owner", "due", "status", "reason", "note", "evidence")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Owner:
    id: int | None
    name: str
    email: str | None = None

    @property
    def label(self) -> str:
        """The owner as events and pages say it: "Ada Lovelace <ada@example.com>" or just the name."""
        return f"{self.name} <{self.email}>" if self.email else self.name


@dataclass(frozen=True)
class Event:
    at: str
    who: str
    field: str  # "adopted", "carried", or one of FIELDS
    before: str | None
    after: str | None

    def to_dict(self) -> dict:
        return {"at": self.at, "who": self.who, "field": self.field, "from": self.before, "to": self.after}


@dataclass(frozen=True)
class PlanAction:
    id: int | None
    title: str
    status: str = "not_started"
    owner: Owner | None = None
    due: str | None = None  # ISO date
    reason: str | None = None  # why the risk is accepted (or the action dropped)
    note: str | None = None
    evidence: str | None = None  # an http(s) link to proof
    question_id: str | None = None  # the roadmap question it came from; None for a custom action
    block: str | None = None
    leg: str | None = None
    level: int | str | None = None  # the answer when it was adopted
    target_level: int | None = None  # the level the roadmap aimed the answer at
    position: int = 0
    carried_from: int | None = None
    created_at: str = ""
    updated_at: str = ""
    events: tuple[Event, ...] = field(default=(), compare=False)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return self.is_open and self.due is not None and self.due < today.isoformat()

    def due_soon(self, today: date, days: int = DUE_SOON_DAYS) -> bool:
        """Open and due today or within `days`."""
        return self.is_open and self.due is not None and today.isoformat() <= self.due <= (today + timedelta(days)).isoformat()

    def to_dict(self) -> dict:
        """The action as the export's `plan` lists it (no database ids)."""
        return {"title": self.title, "question": self.question_id, "block": self.block, "leg": self.leg,
                "level": self.level, "target_level": self.target_level,
                "owner": {"name": self.owner.name, "email": self.owner.email} if self.owner else None,
                "due": self.due, "status": self.status, "reason": self.reason, "note": self.note,
                "evidence": self.evidence, "created_at": self.created_at, "updated_at": self.updated_at,
                "events": [e.to_dict() for e in self.events]}


# --- checks ------------------------------------------------------------------------------------


def _text_problem(name: str, value: str | None, label: str) -> str | None:
    if value and _CONTROL.search(value):
        return f"{label} contains a control character"
    if value and len(value) > LIMITS[name]:
        return f"{label} is longer than {LIMITS[name]} characters"
    return None


def parse_due(value: str | None) -> str | None:
    """A due date as YYYY-MM-DD (empty: none); ValueError saying what is wrong otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    if not _ISO_DATE.match(value):
        raise ValueError(f"'{value[:40]}' is not a date written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a day of the calendar") from None
    if not 2000 <= day.year <= 2100:
        raise ValueError(f"'{value}' is outside the years 2000 to 2100")
    return day.isoformat()


def evidence_problem(url: str | None) -> str | None:
    """Evidence links are http or https addresses with a host, nothing else (no javascript:, no files)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        return "the evidence link must be a web address starting with http:// or https://"
    return None


def email_problem(email: str | None) -> str | None:
    """None for an empty or well-formed address (its domain is not looked up)."""
    if not email:
        return None
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        return f"the owner's email '{email[:80]}' is not valid: {exc}"
    return None


def check(values: dict) -> dict[str, str]:
    """Every problem with an action's fields ({field: problem}), as a form or a CSV row gives them.

    `values` holds strings (or None): title, owner_name, owner_email, due, status, reason, note, evidence.
    """
    problems: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if "title" in values and not title:
        problems["title"] = "the action needs a description"
    for name, key, label in (("title", "title", "the description"), ("name", "owner_name", "the owner's name"),
                             ("email", "owner_email", "the owner's email"), ("reason", "reason", "the reason"),
                             ("note", "note", "the note"), ("evidence", "evidence", "the evidence link")):
        problem = _text_problem(name, values.get(key), label)
        if problem:
            problems[key] = problem
    status = values.get("status") or "not_started"
    if status not in STATUSES:
        problems["status"] = f"unknown status '{status[:40]}' (expected one of: {', '.join(STATUSES.values())})"
    elif status == "risk_accepted" and not (values.get("reason") or "").strip():
        problems["reason"] = "say why the risk is accepted"
    try:
        parse_due(values.get("due"))
    except ValueError as exc:
        problems["due"] = f"the due date {exc}"
    if "owner_email" not in problems and (problem := email_problem((values.get("owner_email") or "").strip())):
        problems["owner_email"] = problem
    if (values.get("owner_email") or "").strip() and not (values.get("owner_name") or "").strip():
        problems["owner_name"] = "give the owner's name with their email"
    if "evidence" not in problems and (problem := evidence_problem((values.get("evidence") or "").strip())):
        problems["evidence"] = problem
    return problems


def status_of(text: str | None) -> str | None:
    """A status id from its id or its label, any case ("Won't do", "wont_do"); None when it is neither."""
    wanted = (text or "").strip().lower().replace("’", "'")
    if not wanted:
        return "not_started"
    for key, label in STATUSES.items():
        if wanted in (key, label.lower(), key.replace("_", " ")):
            return key
    return None


# --- what is due --------------------------------------------------------------------------------


def due_list(actions, today: date, days: int = DUE_SOON_DAYS) -> list[PlanAction]:
    """Open actions overdue or due within `days`, most overdue first."""
    return sorted((a for a in actions if a.overdue(today) or a.due_soon(today, days)), key=lambda a: (a.due, a.position))


def by_owner(actions) -> dict[int, list[PlanAction]]:
    """Actions grouped by their owner's id (actions without an owner are left out)."""
    grouped: dict[int, list[PlanAction]] = {}
    for action in actions:
        if action.owner is not None and action.owner.id is not None:
            grouped.setdefault(action.owner.id, []).append(action)
    return grouped


def filtered(actions, owner: str | None = None, status: str | None = None, leg: str | None = None,
             today: date | None = None) -> list[PlanAction]:
    """The plan page's filters: an owner id ("none": unassigned), a status ("open", "overdue" or an id), a leg ("none": off the stool)."""
    out = []
    for a in actions:
        if owner and (str(a.owner.id) if a.owner else "none") != owner:
            continue
        if status == "open" and not a.is_open:
            continue
        if status == "overdue" and not (today and a.overdue(today)):
            continue
        if status in STATUSES and a.status != status:
            continue
        if leg and (a.leg or "none") != leg:
            continue
        out.append(a)
    return out


def human_date(day: date) -> str:
    """A date as a reader writes it, on pages, reports and documents alike: 23 November 2026."""
    return f"{day.day} {day:%B %Y}"
