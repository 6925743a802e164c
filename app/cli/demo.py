"""`demo`: the demo assessment and the demo workshop a newcomer sees at once."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app import store
from app.cli.common import database, questionnaires
from app.core import demo
from app.report.renders import remove_renders


@click.command("demo")
@with_appcontext
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True, help="Where the app is served.")
def demo_command(base_url: str) -> None:
    """Load (or reload) the demo assessment of a fictional company (two rounds, the second reviewing the first's plan)
    and print the private link to its results."""
    questionnaire = questionnaires()["cs-maturity"]
    with database() as db:
        for org_id in store.organisation_ids_named(db, demo.DEMO_ORGANISATION):
            remove_renders(current_app.instance_path, *store.delete_organisation(db, org_id))
        name, department, level = demo.DEMO_RESPONDENT
        respondent, token = store.create_self_assessment(
            db, organisation=demo.DEMO_ORGANISATION, questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version, respondent_name=name, department=department, level=level,
        )
        store.save_answers(db, respondent.id, demo.demo_answers(questionnaire))
        token = _second_round(db, respondent)
    link = f"{base_url.rstrip('/')}/r/{token}/results"
    (Path(current_app.instance_path) / "demo-link.txt").write_text(link + "\n")
    click.echo(f"Demo assessment loaded for {demo.DEMO_ORGANISATION}: round 2, opening with the review of round 1's plan.")
    click.echo(f"Open its results: {link}")
    _demo_workshop(base_url.rstrip("/"))



def _second_round(db, respondent) -> str:
    """A first round with a plan worked through for a quarter, then the second round that reviews it; returns its token."""
    from app import assessments, plans
    from app.store import demo as demo_store

    catalogue = assessments.Catalogue(questionnaires(), current_app.extensions["model"])
    first = assessments.AssessmentContext(db, catalogue, store.load_assessment(db, respondent.assessment_id))
    start = date.today() - timedelta(days=demo.ROUND_GAP_DAYS)  # the first round is aged to a quarter ago below
    raised = plans.demo_plan(first, demo.DEMO_PLAN, demo.DEMO_OWNERS, demo.DEMO_CUSTOM, demo.DEMO_TARGETS, start,
                             demo.FOUND_OUT_LEVEL)
    demo_store.age_round(db, first.assessment.id, demo.ROUND_GAP_DAYS)
    token = store.start_self_round(db, first.assessment.id, respondent.name, respondent.role)
    second = store.respondent_by_token(db, token)
    store.save_answers(db, second.id, demo.second_round_answers(demo.demo_answers(first.questionnaire), raised))
    for assessment_id in (first.assessment.id, second.assessment_id):
        demo_store.mark_demo(db, assessment_id)  # visitors look and copy; nobody changes it
    return token


def _demo_workshop(base: str) -> None:
    """The demo workshop: nine participants (three executives; three departments of three) and a demo facilitator
    with a fresh password."""
    import secrets

    from werkzeug.security import generate_password_hash

    from app.store import accounts as account_store
    from app.store import lifecycle

    questionnaire = questionnaires()["cs-maturity"]
    email, name = demo.DEMO_FACILITATOR
    password = secrets.token_urlsafe(12)  # new on every load: a fixed demo password would open any instance
    with database() as db:
        for org_id in store.organisation_ids_named(db, demo.DEMO_WORKSHOP):
            remove_renders(current_app.instance_path, *store.delete_organisation(db, org_id))
        facilitator = store.facilitator_by_email(db, email) or store.create_facilitator(
            db, email, name, generate_password_hash(password))
        account_store.set_password(db, facilitator.id, generate_password_hash(password))
        workshop, _ = store.create_workshop(db, facilitator.id, demo.DEMO_WORKSHOP, questionnaire.id,
                                            questionnaire.version, "full")
        for seat, (person, department, level, lean) in enumerate(demo.DEMO_PARTICIPANTS):
            respondent_id, _ = store.join_workshop(db, workshop.assessment_id, person, department=department,
                                                   level=level)
            store.save_answers(db, respondent_id, demo.demo_workshop_answers(questionnaire, lean, seat))
            store.mark_finished(db, respondent_id)
        lifecycle.fix_groups(db, workshop.assessment_id)  # everyone has finished: the team's figures show at once
    click.echo(f"Demo workshop loaded for {demo.DEMO_WORKSHOP} with {len(demo.DEMO_PARTICIPANTS)} participants.")
    click.echo(f"Sign in as its facilitator at {base}/facilitator/sign-in")
    click.echo(f"  email: {email}")
    click.echo(f"  password: {password}")
    click.echo(f"Its dashboard: {base}/facilitator/workshops/{workshop.assessment_id}/")
