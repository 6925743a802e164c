"""The stable command-line contract: `flask --app wsgi ...`, one module per command group. Extend it; never break it."""
from __future__ import annotations

from flask import Flask

from app.cli.charter import charter_cli
from app.cli.clients import audit_command, client_cli
from app.cli.data import (
    assessments_command,
    backup_command,
    export_command,
    import_command,
    init_db_command,
    report_command,
)
from app.cli.demo import demo_command
from app.cli.people import facilitator_cli, workshop_cli
from app.cli.questionnaires import questionnaire_cli, score_command
from app.cli.reminders import reminders_cli
from app.cli.worker import worker_command


def init_app(app: Flask) -> None:
    """Register every command on the app."""
    for command in (questionnaire_cli, score_command, init_db_command, demo_command, assessments_command,
                    export_command, import_command, report_command, facilitator_cli, workshop_cli, backup_command,
                    worker_command, reminders_cli, client_cli, audit_command, charter_cli):
        app.cli.add_command(command)
