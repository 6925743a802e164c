"""Assessments as the service sees them: the organisation, the questionnaire, the mode and the round."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app.store.core import now, writing

SQLITE_MAX_INT = 2**63 - 1


@dataclass(frozen=True)
class Assessment:
    id: int
    organisation_id: int
    organisation: str
    questionnaire_id: str
    questionnaire_version: str
    path: str
    mode: str  # "self" (a workshop of one) or "workshop"
    created_at: str
    round: int
    previous_id: int | None


_SQL = """
select a.id, o.id, o.name, a.questionnaire_id, a.questionnaire_version, a.path, a.mode, a.created_at, a.round,
       a.previous_id
from assessments a join organisations o on o.id = a.organisation_id where a.id = ?
"""


def load_assessment(db: Database, assessment_id: int) -> Assessment | None:
    """One assessment, or None (also for an id too large for SQLite)."""
    if not 0 < assessment_id <= SQLITE_MAX_INT:
        return None
    row = db.execute(_SQL, [assessment_id]).fetchone()
    return Assessment(*row) if row else None


def respondent_ids(db: Database, assessment_id: int) -> list[int]:
    """The assessment's respondents, oldest first (a self-assessment has one)."""
    return [row[0] for row in db.execute(
        "select id from respondents where assessment_id = ? order by id", [assessment_id]).fetchall()]


def respondent_name(db: Database, respondent_id: int) -> tuple[str, str] | None:
    """(name, role) of a respondent."""
    row = db.execute("select name, role from respondents where id = ?", [respondent_id]).fetchone()
    return (row[0], row[1]) if row else None


def workshop_published(db: Database, assessment_id: int) -> bool:
    """Whether the facilitator has published the team result to the participants."""
    row = db.execute("select published_at from workshops where assessment_id = ?", [assessment_id]).fetchone()
    return bool(row and row[0])


def set_published(db: Database, assessment_id: int, published: bool) -> None:
    """Publish the team result to the participants, or take it back."""
    with writing(db):
        db.execute("update workshops set published_at = ? where assessment_id = ?",
                   [now() if published else None, assessment_id])
