"""Questionnaire commands and `score`: validate, dump, and score a JSON file of answers."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app.cli.common import emit, fail, questionnaires
from app.core.evaluation import evaluate
from app.core.profile import ProfileError, parse_profile
from app.core.questionnaire import validate
from app.core.reference import validate_folder
from app.core.scoring import AnswerError, check_answers
from app.core.targets import TargetError, parse_targets

questionnaire_cli = AppGroup("questionnaire", help="Validate and inspect questionnaire files.")


@questionnaire_cli.command("validate")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
def validate_command(path: Path | None) -> None:
    """Check a questionnaire file, or every file in a folder (default: the app's questionnaires)."""
    path = path or Path(current_app.config["QUESTIONNAIRE_DIR"])
    problems = validate_folder(path) if path.is_dir() else validate(path)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo(f"{path}: valid")


@questionnaire_cli.command("dump")
def dump_command() -> None:
    """Print every questionnaire as JSON."""
    emit({"questionnaires": [q.to_dict() for q in questionnaires().values()]})


@click.command("score")
@with_appcontext
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--questionnaire", "questionnaire_id", default="cs-maturity", show_default=True,
              help="Id of the questionnaire the answers belong to.")
def score_command(file, questionnaire_id: str) -> None:
    """Score a JSON file of answers ({"answers": {question id: 0-4 | "na" | "unknown"}, "profile": {...}}); '-' reads stdin.

    The optional "profile" (business_model, customers, arr_band, grr, nrr, logo_churn, nps, period, and since
    0.6.0 employees, arr_per_account, currency ("USD", "EUR", "GBP", "CAD", "AUD", "CHF") and grr_period,
    nrr_period, logo_churn_period, nps_period: "month", "quarter" or "year")
    fits the focus metrics to the business model and sets the outcome figures beside the stage. The
    optional "targets" ({"blocks": {id: level}, "legs": {id: level}}) sets target levels; the others
    default to the next whole level at least half a level above today.
    """
    questionnaire = questionnaires().get(questionnaire_id)
    if questionnaire is None:
        fail(f"unknown questionnaire '{questionnaire_id}' (known: {', '.join(questionnaires())})")
    try:
        data = json.load(file)
    except json.JSONDecodeError as exc:
        fail(f"{file.name}: not valid JSON: {exc}")
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        fail(f'{file.name}: expected an object with an "answers" object, e.g. {{"answers": {{"charter-written": 2}}}}')
    try:
        answers = check_answers(questionnaire, data["answers"])
        profile = parse_profile(data.get("profile"))
        targets = parse_targets(data.get("targets"), {s.block for s in questionnaire.sections})
    except (AnswerError, ProfileError, TargetError) as exc:
        fail(str(exc))
    evaluation = evaluate(questionnaire, current_app.extensions["model"], answers, profile, targets)
    emit({"questionnaire": {"id": questionnaire.id, "version": questionnaire.version}, **evaluation.to_dict()})
