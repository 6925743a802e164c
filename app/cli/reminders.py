"""`reminders send`: the weekly reminder of due and overdue actions, for cron or a periodic task."""
from __future__ import annotations

from datetime import UTC, date, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from app import store
from app.cli.common import emit, fail, served_at
from app.reminders import send_reminders

reminders_cli = AppGroup("reminders", help="Reminder emails to the owners of actions in a plan.")


@reminders_cli.command("send")
@click.option("--base-url", default=None, help="Where the app is served (default: FLASK_BASE_URL, else http://127.0.0.1:5000).")
@click.option("--today", "day", default=None, help="The day to count due dates from, YYYY-MM-DD (default: today, UTC).")
def send_command(base_url: str | None, day: str | None) -> None:
    """Mail each action owner their due and overdue actions, once per ISO week; prints the counts as JSON."""
    try:
        today = date.fromisoformat(day) if day else datetime.now(UTC).date()
    except ValueError:
        fail(f"--today: '{day}' is not a date written YYYY-MM-DD")
    db = store.connect(current_app.config["DATABASE"])
    try:
        counts = send_reminders(db, current_app.config, today, served_at(base_url))
    finally:
        db.close()
    emit(counts)
    if not counts["mail_configured"]:
        click.echo("No mail server is set (FLASK_MAIL_SERVER): nothing was sent. The facilitator's dashboard and the "
                   "owner's results page list the due actions instead.", err=True)
