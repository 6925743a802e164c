"""The read-only demo: which assessment is the demo, and a visitor's private copy of it."""
from __future__ import annotations

from sqlite_utils import Database

from app.store.assessments import Assessment
from app.store.core import create_self_assessment, load_answers, save_answers, writing
from app.store.profile import load_profile, save_profile

COPY_SUFFIX = " (your copy)"


def mark_demo(db: Database, assessment_id: int) -> None:
    """Make an assessment the read-only demo that visitors look at and copy."""
    with writing(db):
        db.execute("update assessments set demo = 1 where id = ?", [assessment_id])


def copy_of_demo(db: Database, demo: Assessment, respondent_id: int, name: str, role: str,
                 organisation: str | None = None) -> str:
    """A new private self-assessment holding the demo's answers and profile, named for the visitor's organisation
    when they gave one; returns its resume token."""
    organisation = (organisation or "").strip() or demo.organisation.removesuffix(" (demo)") + COPY_SUFFIX
    respondent, token = create_self_assessment(
        db, organisation=organisation, questionnaire_id=demo.questionnaire_id,
        questionnaire_version=demo.questionnaire_version, respondent_name=name, role=role, path=demo.path)
    answers = load_answers(db, respondent_id)
    save_answers(db, respondent.id, {qid: (a["value"], a["note"] or "") for qid, a in answers.items()})
    profile = load_profile(db, demo.id)
    if not profile.empty:
        save_profile(db, respondent.assessment_id, profile)
    return token
