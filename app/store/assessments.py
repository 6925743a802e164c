"""Assessments as the service sees them: the organisation, the questionnaire, the mode and the round."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app.store.core import Respondent, now, token_hash, writing

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
    demo: bool = False  # the read-only demo that visitors copy
    closed: bool = False  # a workshop whose session has ended
    published: bool = False  # a workshop whose team result participants may see
    revision: int = 0  # moved on by every change to the assessment's content (migration 0011)
    previous_revision: int | None = None  # the previous round's, whose answers the comparison shows
    agreed_revision: int = 0  # moved on by every change to its agreed levels (migration i21_agreed_revision)


# One query gives the access gate everything it decides on: the gate runs on every request.
_COLUMNS = """a.id, o.id, o.name, a.questionnaire_id, a.questionnaire_version, a.path, a.mode, a.created_at, a.round,
       a.previous_id, a.demo = 1, w.closed_at is not null, w.published_at is not null, a.revision, p.revision,
       a.agreed_revision"""
_FROM = """from assessments a join organisations o on o.id = a.organisation_id
left join workshops w on w.assessment_id = a.id left join assessments p on p.id = a.previous_id"""


def load_assessment(db: Database, assessment_id: int) -> Assessment | None:
    """One assessment, or None (also for an id too large for SQLite)."""
    if not 0 < assessment_id <= SQLITE_MAX_INT:
        return None
    row = db.execute(f"select {_COLUMNS} {_FROM} where a.id = ?", [assessment_id]).fetchone()
    return Assessment(*row) if row else None


def assessment_by_token(db: Database, token: str) -> tuple[Respondent, Assessment] | None:
    """The respondent behind a private link and their assessment, in one query; None for an unknown token."""
    if not token or len(token) > 200:
        return None
    row = db.execute(
        f"select r.id, r.name, r.role, r.created_at, r.department, r.level, {_COLUMNS} {_FROM} "
        "join respondents r on r.assessment_id = a.id where r.token_hash = ?", [token_hash(token)]).fetchone()
    if row is None:
        return None
    assessment = Assessment(*row[6:])
    respondent = Respondent(row[0], row[1], row[2], assessment.id, assessment.questionnaire_id,
                            assessment.questionnaire_version, assessment.path, assessment.organisation_id,
                            assessment.organisation, row[3], assessment.mode, row[4], row[5])
    return respondent, assessment


def respondent_ids(db: Database, assessment_id: int) -> list[int]:
    """The assessment's respondents, oldest first (a self-assessment has one)."""
    return [row[0] for row in db.execute(
        "select id from respondents where assessment_id = ? order by id", [assessment_id]).fetchall()]


def respondent_name(db: Database, respondent_id: int) -> tuple[str, str] | None:
    """(name, role) of a respondent."""
    row = db.execute("select name, role from respondents where id = ?", [respondent_id]).fetchone()
    return (row[0], row[1]) if row else None


def set_published(db: Database, assessment_id: int, published: bool) -> None:
    """Publish the team result to the participants, or take it back."""
    with writing(db):
        db.execute("update workshops set published_at = ? where assessment_id = ?",
                   [now() if published else None, assessment_id])
