"""Charter commands: the review reminders a cron job runs once a day."""
from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from app import approvals, mail
from app.cli.common import database, emit, fail, served_at

charter_cli = AppGroup("charter", help="Approved charters and their reviews.")


@charter_cli.command("remind")
@click.option("--today", "day", default=None, help="Take this ISO date as today (default: today, UTC).")
@click.option("--base-url", default=None, help="Where the app is served, for links in the mails.")
def remind_command(day: str | None, base_url: str | None) -> None:
    """Remind the reviews of approved charters that are due; prints {"mail", "reminders": [...]}.

    With mail set up (FLASK_MAIL_SERVER) each due review is mailed once to the sponsor (when the approval
    request had an email) and to a workshop's facilitator; without it, or without an address, the review is
    listed here and on the results page until the charter is approved again.
    """
    try:
        today = approvals.parse_day(day) if day else datetime.now(UTC).date().isoformat()
    except ValueError:
        fail(f"--today: expected a date such as 2027-01-31, got {day!r}")
    with database() as db:
        reminders = approvals.remind(db, current_app.config, today, served_at(base_url))
    emit({"mail": mail.configured(current_app.config), "today": today, "reminders": reminders})
