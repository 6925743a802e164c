"""The stable command-line contract: `flask --app wsgi ...`. Extend it; never break it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import demo, store
from .db import init_db
from .evaluation import evaluate
from .model import validate_folder
from .questionnaire import validate
from .scoring import AnswerError, check_answers

questionnaire_cli = AppGroup("questionnaire", help="Validate and inspect questionnaire files.")


def _emit(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _questionnaires():
    return current_app.extensions["questionnaires"]


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
    _emit({"questionnaires": [q.to_dict() for q in _questionnaires().values()]})


@click.command("score")
@with_appcontext
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--questionnaire", "questionnaire_id", default="cs-maturity", show_default=True,
              help="Id of the questionnaire the answers belong to.")
def score_command(file, questionnaire_id: str) -> None:
    """Score a JSON file of answers ({"answers": {question id: 0-4 | "na" | "unknown"}}); '-' reads stdin."""
    questionnaire = _questionnaires().get(questionnaire_id)
    if questionnaire is None:
        _fail(f"unknown questionnaire '{questionnaire_id}' (known: {', '.join(_questionnaires())})")
    try:
        data = json.load(file)
    except json.JSONDecodeError as exc:
        _fail(f"{file.name}: not valid JSON: {exc}")
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        _fail(f'{file.name}: expected an object with an "answers" object, e.g. {{"answers": {{"charter-written": 2}}}}')
    try:
        answers = check_answers(questionnaire, data["answers"])
    except AnswerError as exc:
        _fail(str(exc))
    evaluation = evaluate(questionnaire, current_app.extensions["model"], answers)
    _emit({"questionnaire": {"id": questionnaire.id, "version": questionnaire.version}, **evaluation.to_dict()})


def _fail(message: str):
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database or apply pending migrations."""
    init_db(current_app)
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


@click.command("demo")
@with_appcontext
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True, help="Where the app is served.")
def demo_command(base_url: str) -> None:
    """Load (or reload) the demo assessment of a fictional company and print its private link."""
    questionnaire = _questionnaires()["cs-maturity"]
    db = store.connect(current_app.config["DATABASE"])
    try:
        for org_id in store.organisation_ids_named(db, demo.DEMO_ORGANISATION):
            store.delete_organisation(db, org_id)
        name, role = demo.DEMO_RESPONDENT
        respondent, token = store.create_self_assessment(
            db, organisation=demo.DEMO_ORGANISATION, questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version, respondent_name=name, role=role,
        )
        store.save_answers(db, respondent.id, demo.demo_answers(questionnaire))
    finally:
        db.close()
    link = f"{base_url.rstrip('/')}/r/{token}/results"
    (Path(current_app.instance_path) / "demo-link.txt").write_text(link + "\n")
    click.echo(f"Demo assessment loaded for {demo.DEMO_ORGANISATION}.")
    click.echo(f"Open its results: {link}")


def init_app(app: Flask) -> None:
    app.cli.add_command(questionnaire_cli)
    app.cli.add_command(score_command)
    app.cli.add_command(init_db_command)
    app.cli.add_command(demo_command)

