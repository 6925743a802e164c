"""The read-only demo: which assessment is the demo, and a visitor's private copy of it."""
from __future__ import annotations

from sqlite_utils import Database

from app.store.assessments import Assessment
from app.store.core import create_self_assessment, load_answers, save_answers, writing
from app.store.plan import load_plan, load_targets, plan_from_list, save_targets
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
    # The demo's plan and targets come along, so the visitor can try the tracker on their copy.
    plan_from_list(db, respondent.assessment_id, [a.to_dict() for a in load_plan(db, demo.id)])
    save_targets(db, respondent.assessment_id, load_targets(db, demo.id))
    return token


def age_round(db: Database, assessment_id: int, days: int) -> None:
    """Move a demo round back in time: it took place `days` ago, its actions were adopted then, and their later
    changes a month before today, so the next round reviews a plan that had a quarter to run."""
    shift, later = f"-{int(days)} days", f"-{int(days) // 3} days"
    stamp = "strftime('%Y-%m-%dT%H:%M:%S+00:00', {column}, ?)"
    with writing(db):
        db.execute(f"update assessments set created_at = {stamp.format(column='created_at')} where id = ?", [shift, assessment_id])
        db.execute(f"update respondents set created_at = {stamp.format(column='created_at')}, "
                   f"updated_at = {stamp.format(column='updated_at')} where assessment_id = ?", [shift, shift, assessment_id])
        db.execute(f"update plan_actions set created_at = {stamp.format(column='created_at')}, "
                   f"updated_at = {stamp.format(column='updated_at')} where assessment_id = ?", [shift, later, assessment_id])
        db.execute(f"update plan_events set at = {stamp.format(column='at')} where assessment_id = ? and field = 'adopted'",
                   [shift, assessment_id])
        db.execute(f"update plan_events set at = {stamp.format(column='at')} where assessment_id = ? and field != 'adopted'",
                   [later, assessment_id])
