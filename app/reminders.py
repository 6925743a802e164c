"""The weekly reminder: each action owner with an email gets one mail a week listing their due and overdue actions.

`send_reminders` is a plain function: the `reminders send` command runs it (from cron, or later a periodic
task), and running it again in the same ISO week sends nothing twice. Each mail carries a fresh link to
the owner's own actions and a link to stop the reminders. Without a mail server nothing is sent: the
facilitator's dashboard and the owner's results page list what is due instead.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask import render_template
from sqlite_utils import Database

from app import mail
from app.store import plan as plan_store
from app.store import plan_links

LINK_DAYS = 14  # a reminder's link to the owner's actions outlives the next week's reminder
OPT_OUT_DAYS = 366


def iso_week(day: date) -> str:
    """The ISO week a day falls in, such as "2026-W05": one reminder per owner per week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _mail_one(db: Database, config: Mapping, base_url: str, assessment_id: int, organisation: str, owner, due, overdue) -> bool:
    token, expires = plan_links.create_link(db, assessment_id, owner.id, "actions", LINK_DAYS)
    optout, _ = plan_links.create_link(db, assessment_id, owner.id, "reminders", OPT_OUT_DAYS)
    text = render_template("plan/reminder_email.txt", owner=owner, organisation=organisation, due=due, overdue=overdue,
                           expires=expires, link=f"{base_url}/o/{token}/", optout=f"{base_url}/o/{optout}/reminders")
    count = len(due) + len(overdue)
    subject = f"Your actions in the {organisation} plan: {count} due or overdue"
    return mail.send(config, owner.email, subject, text)


def send_reminders(db: Database, config: Mapping, today: date, base_url: str) -> dict:
    """Mail every live owner who has actions due within a week or overdue, at most once per ISO week; returns counts."""
    week, base_url = iso_week(today), base_url.rstrip("/")
    counts = {"week": week, "mail_configured": mail.configured(config), "sent": 0, "failed": 0, "already_sent": 0,
              "opted_out": 0, "nothing_due": 0, "without_mail": 0}
    for assessment_id, organisation, owner in plan_links.live_owners(db):
        actions = plan_store.load_plan(db, assessment_id, owner.id)
        overdue = [a for a in actions if a.overdue(today)]
        due = [a for a in actions if a.due_soon(today)]
        last_week, off = plan_links.reminder_state(db, owner.id)
        outcome = ("nothing_due" if not (due or overdue) else "opted_out" if off else
                   "already_sent" if last_week == week else None)
        if outcome:
            counts[outcome] += 1
        elif not counts["mail_configured"]:
            counts["without_mail"] += 1  # listed on the dashboard and the results page instead
        elif _mail_one(db, config, base_url, assessment_id, organisation, owner, due, overdue):
            plan_links.mark_reminded(db, owner.id, week)
            counts["sent"] += 1
        else:
            counts["failed"] += 1  # not marked: the next run this week tries again
    return counts
