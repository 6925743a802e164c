"""People commands: facilitator accounts and workshops."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app import store
from app.cli.common import database, emit, fail, questionnaires, served_at
from app.report.renders import remove_renders

facilitator_cli = AppGroup("facilitator", help="Facilitator accounts.")
workshop_cli = AppGroup("workshop", help="Workshops run by facilitators.")


@facilitator_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The facilitator's name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, envvar="CSM_FACILITATOR_PASSWORD",
              help="Asked for when not given (or set CSM_FACILITATOR_PASSWORD).")
def facilitator_create_command(email: str, name: str, password: str) -> None:
    """Create a facilitator account; prints {"id", "email"}. Any problem is one line on stderr and exit 2."""
    import sqlite3

    from email_validator import EmailNotValidError, validate_email
    from werkzeug.security import generate_password_hash

    from app.passwords import PASSWORD_MAX, password_problem

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        fail(f"{email!r} is not an email address: {exc}")
    if not name.strip() or len(name) > 80:
        fail("give the facilitator's name (at most 80 characters) with --name")
    problem = password_problem(password, email, name)
    if problem:
        fail(f"choose a {'shorter' if len(password) > PASSWORD_MAX else 'stronger'} password: {problem}")
    with database() as db:
        try:
            facilitator = store.create_facilitator(db, email, name.strip(), generate_password_hash(password))
        except sqlite3.Error as exc:
            fail(f"the account could not be saved: {exc}")
    if facilitator is None:
        fail(f"an account with the email {email} exists already")
    emit({"id": facilitator.id, "email": facilitator.email})


@facilitator_cli.command("reset-link")
@click.argument("email")
@click.option("--base-url", default=None, help="Where the app is served (default: FLASK_BASE_URL, else http://127.0.0.1:5000).")
def facilitator_reset_link_command(email: str, base_url: str | None) -> None:
    """Make a single-use password reset link valid for an hour; prints {"email", "reset_link", "expires_at"}."""
    from app.store import accounts as account_store

    with database() as db:
        facilitator = store.facilitator_by_email(db, email)
        if facilitator is None:
            fail(f"no facilitator with the email {email} (see `flask --app wsgi facilitator create`)")
        token, expires = account_store.create_password_reset(db, facilitator.id)
    emit({"email": facilitator.email, "reset_link": f"{served_at(base_url)}/facilitator/reset/{token}", "expires_at": expires})


@facilitator_cli.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Confirm: delete the account with every client and workshop it runs.")
def facilitator_delete_command(email: str, yes: bool) -> None:
    """Delete a facilitator's account with every client and workshop they run; prints {"deleted", "assessments"}."""
    from app.store import audit

    if not yes:
        fail("this deletes the account and every client it runs for good: export the clients first, then add --yes")
    with database() as db:
        facilitator = store.facilitator_by_email(db, email)
        if facilitator is None:
            fail(f"no facilitator with the email {email}")
        audit.record(db, audit.Actor("cli", None, "command line"), "deleted", "facilitator", facilitator.id)
        ids = store.delete_facilitator(db, facilitator.id)
    remove_renders(current_app.instance_path, *ids)
    emit({"deleted": facilitator.email, "assessments": ids})


@workshop_cli.command("create")
@click.option("--facilitator", "email", required=True, help="Email of the facilitator who runs it.")
@click.option("--organisation", required=True, help="The client organisation.")
@click.option("--path", type=click.Choice(["quick", "full"]), default="quick", show_default=True)
@click.option("--base-url", default=None, help="Where the app is served (default: FLASK_BASE_URL, else http://127.0.0.1:5000).")
def workshop_create_command(email: str, organisation: str, path: str, base_url: str | None) -> None:
    """Create a workshop; prints {"assessment_id", "join_code", "join_url"}."""
    questionnaire = questionnaires()["cs-maturity"]
    with database() as db:
        facilitator = store.facilitator_by_email(db, email)
        if facilitator is None:
            fail(f"no facilitator with the email {email} (see `flask --app wsgi facilitator create`)")
        workshop, _ = store.create_workshop(db, facilitator.id, organisation, questionnaire.id, questionnaire.version, path)
    emit({"assessment_id": workshop.assessment_id, "join_code": workshop.join_code,
           "join_url": f"{served_at(base_url)}/w/{workshop.join_code}"})
