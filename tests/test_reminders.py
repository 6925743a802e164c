"""The weekly reminder through a real local SMTP sink: one mail per owner per week listing their due and overdue
actions, with a link to them and an opt-out that is honoured; without mail, the dashboard lists them."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from factories import (
    adopt_actions,
    agree_everything,
    answer_enough,
    assessment_id_of,
    create_workshop,
    facilitator_client,
    fields_of,
    plan_of,
    soup,
    start_assessment,
    update_action,
)

TODAY = date.today()


@pytest.fixture
def mailing(app, smtp_sink):
    box, port = smtp_sink
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TLS=False, MAIL_FROM="cs@consult.example")
    return box


@pytest.fixture
def owned(app, client, questionnaire):
    """Ann has an action due in three days and one overdue (and one done); Bob's is due in a month; Cy has no email."""
    token = start_assessment(client, path="quick")
    answer_enough(client, token, questionnaire)
    base = f"/r/{token}"
    adopt_actions(client, base, [("Ann Lee", "ann@client.example"), ("Ann Lee", "ann@client.example"),
                                 ("Ann Lee", "ann@client.example"), ("Bob Park", "bob@client.example"), ("Cy Diaz", "")])
    actions = plan_of(app, assessment_id_of(app, token))
    for action, due in zip(actions, (3, -2, 1, 30, 1)):
        update_action(client, base, action.id, due=(TODAY + timedelta(days=due)).isoformat())
    update_action(client, base, actions[2].id, status="done")
    return token, plan_of(app, assessment_id_of(app, token))


def _send(runner, day: date) -> dict:
    result = runner.invoke(args=["reminders", "send", "--today", day.isoformat(), "--base-url", "https://cs.example.com"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])


def test_one_mail_per_owner_per_week_listing_due_and_overdue_actions(mailing, owned, runner):
    _, actions = owned
    counts = _send(runner, TODAY)
    assert (counts["sent"], counts["nothing_due"], counts["failed"]) == (1, 1, 0)  # Ann; Bob has nothing due; Cy no email
    assert [to for to, _ in mailing.messages] == [["ann@client.example"]]
    text = mailing.text_for("ann@client.example")[0]
    assert "1 of your actions in the Acme Cloud plan is overdue, and 1 is due within a week." in text
    assert f"OVERDUE since {actions[1].due}: {actions[1].title}" in text
    assert f"Due {actions[0].due}: {actions[0].title}" in text
    assert actions[2].title not in text  # done: nothing to remind
    assert re.search(r"https://cs\.example\.com/o/[^/\s]+/\n", text) and "/reminders" in text
    again = _send(runner, TODAY)
    assert (again["sent"], again["already_sent"]) == (0, 1) and len(mailing.messages) == 1
    next_week = _send(runner, TODAY + timedelta(days=7))
    assert next_week["sent"] == 1 and len(mailing.messages) == 2  # the overdue one is still open


def test_the_mails_link_opens_the_owners_own_actions(mailing, owned, runner, app):
    _, actions = owned
    _send(runner, TODAY)
    path = re.search(r"https://cs\.example\.com(/o/[^/\s]+/)\n", mailing.text_for("ann@client.example")[0]).group(1)
    page = soup(app.test_client().get(path))
    assert [a["id"] for a in page.select("article.plan-action")] == [f"action-{a.id}" for a in actions[:3]]


def test_the_opt_out_link_is_honoured(mailing, owned, runner, app):
    _send(runner, TODAY)
    path = re.search(r"https://cs\.example\.com(/o/[^/\s]+/reminders)", mailing.text_for("ann@client.example")[0]).group(1)
    visitor = app.test_client()
    page = soup(visitor.get(path))  # opening the link changes nothing: mail scanners open links too
    assert _send(runner, TODAY + timedelta(days=7))["sent"] == 1
    form = page.find("form", method="post")
    assert visitor.post(path, data=fields_of(form)).status_code == 302
    counts = _send(runner, TODAY + timedelta(days=14))
    assert (counts["sent"], counts["opted_out"]) == (0, 1) and len(mailing.messages) == 2


def test_a_failed_send_is_tried_again_the_same_week(app, owned, runner):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TLS=False)  # nothing listens there
    assert _send(runner, TODAY)["failed"] == 1
    assert _send(runner, TODAY)["failed"] == 1  # not marked as sent


def test_without_mail_nothing_is_sent_and_the_dashboard_lists_due_actions(app, runner):
    ann = facilitator_client(app)
    workshop = create_workshop(ann)
    agree_everything(app, workshop)
    base = f"/facilitator/workshops/{workshop}"
    adopt_actions(ann, base, [("Cy Diaz", "cy@client.example")])
    action = plan_of(app, workshop)[0]
    update_action(ann, base, action.id, due=(TODAY - timedelta(days=1)).isoformat())
    counts = _send(runner, TODAY)
    assert counts["mail_configured"] is False and counts["sent"] == 0 and counts["without_mail"] == 1
    due = soup(ann.get(base + "/")).select_one(".due-list")
    assert due is not None and "Cy Diaz" in due.get_text() and action.title.rstrip(".") in due.get_text()


def test_the_dashboard_says_nothing_of_reminders_when_mail_sends_them(app, mailing):
    ann = facilitator_client(app)
    workshop = create_workshop(ann)
    agree_everything(app, workshop)
    base = f"/facilitator/workshops/{workshop}"
    adopt_actions(ann, base, [("Cy Diaz", "cy@client.example")])
    update_action(ann, base, plan_of(app, workshop)[0].id, due=TODAY.isoformat())
    assert soup(ann.get(base + "/")).select_one(".due-list") is None


def test_a_bad_day_is_refused(runner):
    result = runner.invoke(args=["reminders", "send", "--today", "next tuesday"])
    assert result.exit_code == 2 and "--today" in result.output


def test_the_command_is_in_the_readmes_cli_table():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "| `reminders send [--base-url URL] [--today YYYY-MM-DD]` |" in readme


def test_the_worker_sends_the_due_reminders_every_day_without_cron(mailing, owned, app):
    """`flask worker` registers a daily task at REMINDERS_HOUR (UTC) that sends what `reminders send` and
    `charter remind` send, each at most once, so running both never mails anyone twice."""
    from datetime import datetime

    from app.background import background
    from app.cli.reminders import register_daily, send_all_due

    queue = background(app).queue
    app.config.update(REMINDERS_HOUR=6, BASE_URL="https://cs.example.com", BASE_URL_CONFIGURED=True)
    assert register_daily(app, queue)
    due_at = [task.name for task in queue.read_periodic(datetime(2026, 12, 7, 6, 0))]
    assert "daily_reminders" in due_at and not queue.read_periodic(datetime(2026, 12, 7, 7, 0))
    sent = send_all_due(app, TODAY)
    assert sent["actions"]["sent"] == 1 and [to for to, _ in mailing.messages] == [["ann@client.example"]]
    assert "https://cs.example.com/o/" in mailing.text_for("ann@client.example")[0]
    assert send_all_due(app, TODAY)["actions"]["already_sent"] == 1 and len(mailing.messages) == 1


def test_without_mail_or_a_base_url_the_daily_task_sends_nothing(app, owned):
    from app.cli.reminders import register_daily, send_all_due

    assert send_all_due(app, TODAY) is None  # no mail server
    app.config.update(MAIL_SERVER="127.0.0.1", BASE_URL_CONFIGURED=False)
    assert send_all_due(app, TODAY) is None  # links would point at 127.0.0.1
    app.config["REMINDERS_HOUR"] = "off"
    assert register_daily(app, object()) is False
    app.config["REMINDERS_HOUR"] = "25"
    with pytest.raises(ValueError, match="FLASK_REMINDERS_HOUR: '25'"):
        register_daily(app, object())
