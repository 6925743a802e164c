"""Who someone is in the room: their department and their level, apart (pure Python).

Until 0.6 a respondent picked one "role" that mixed the two (an executive had no department, a head
of customer success was "customer success" like the team). Old data and exports still carry that
role; `from_role` reads it, and `legacy_role` keeps writing one so old readers see a sensible value.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.core.labels import LABELS

DEPARTMENTS: dict[str, str] = LABELS.departments  # labels.yaml, in display order
LEVELS: dict[str, str] = LABELS.levels
NOT_GIVEN = "not_given"  # a respondent from before 0.6 whose department or level was never asked


@dataclass(frozen=True)
class Member:
    """A respondent as the grouping sees them: never their name, never their answers."""

    department: str | None = None
    level: str | None = None

    @property
    def department_id(self) -> str:
        """The department, or NOT_GIVEN for an unknown one (grouped apart, never guessed)."""
        return self.department if self.department in DEPARTMENTS else NOT_GIVEN

    @property
    def level_id(self) -> str:
        return self.level if self.level in LEVELS else NOT_GIVEN


def from_role(role: str | None) -> Member:
    """A pre-0.6 role read as a department and level: "executive" is a level, anything else a department."""
    if role == "executive":
        return Member(None, "executive")
    return Member(role if role in DEPARTMENTS else ("other" if role else None), None)


def legacy_role(department: str | None, level: str | None) -> str:
    """The single role older readers (exports, the `role` column) expect: executive, else the department."""
    if level == "executive":
        return "executive"
    return department if department in LABELS.roles else "other"


def short(label: str) -> str:
    """A label without its explanation in brackets: "Executive (C-level or VP)" -> "Executive"."""
    return label.split(" (")[0]


def describe(department: str | None, level: str | None) -> str:
    """"Head of a department, customer success": how a respondent is named beside their name."""
    parts = [short(LEVELS.get(level or "", "")), DEPARTMENTS.get(department or "")]
    shown = [p for p in parts if p]
    if len(shown) == 2:
        return f"{shown[0]}, {shown[1][:1].lower()}{shown[1][1:]}"
    return shown[0] if shown else "Role not given"
