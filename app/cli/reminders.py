"""`reminders send`: the weekly reminder of due and overdue actions, for cron; and the daily run of every reminder
that the background worker does by itself (`register_daily`)."""
from __future__ import annotations

from datetime import UTC, date, datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app import approvals, mail
from app.cli.common import database, emit, fail, served_at
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
    with database() as db:
        counts = send_reminders(db, current_app.config, today, served_at(base_url))
    emit(counts)
    if not counts["mail_configured"]:
        click.echo("No mail server is set (FLASK_MAIL_SERVER): nothing was sent. The facilitator's dashboard and the "
                   "owner's results page list the due actions instead.", err=True)


def send_all_due(app: Flask, today: date) -> dict | None:
    """Every reminder due today: action owners (once per ISO week each) and charter reviews (once each). None when
    mail or the base URL is not set up (links in a mail must not point at 127.0.0.1)."""
    if not (mail.configured(app.config) and app.config.get("BASE_URL_CONFIGURED")):
        return None
    with app.app_context(), database() as db:
        base_url = served_at(None)
        return {"actions": send_reminders(db, app.config, today, base_url),
                "charter_reviews": approvals.remind(db, app.config, today.isoformat(), base_url)}


def register_daily(app: Flask, queue) -> bool:
    """Have the background worker send the due reminders every day at REMINDERS_HOUR (UTC), so nobody has to set
    up cron; both kinds are sent at most once, so a cron job running the commands as well sends nothing twice.
    False when REMINDERS_HOUR is empty or "off"."""
    from huey import crontab

    hour = str(app.config.get("REMINDERS_HOUR", "7")).strip().lower()
    if hour in ("", "off", "none"):
        return False
    if not hour.isdigit() or int(hour) > 23:
        raise ValueError(f"FLASK_REMINDERS_HOUR: '{hour}' is not an hour from 0 to 23 (or off)")

    def daily_reminders():
        send_all_due(app, datetime.now(UTC).date())

    queue.periodic_task(crontab(minute="0", hour=hour), name="daily_reminders")(daily_reminders)
    return True
