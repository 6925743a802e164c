"""The stable command-line contract: `flask --app wsgi ...`. Extend it; never break it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app import assessments, store
from app.core import demo, exchange
from app.core.evaluation import evaluate
from app.core.profile import ProfileError, parse_profile
from app.core.questionnaire import validate
from app.core.reference import validate_folder
from app.core.scoring import AnswerError, check_answers
from app.db import init_db
from app.report import context as reports
from app.report import pdf

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
    """Score a JSON file of answers ({"answers": {question id: 0-4 | "na" | "unknown"}, "profile": {...}}); '-' reads stdin.

    The optional "profile" (business_model, customers, arr_band, grr, nrr, logo_churn, nps, period)
    fits the focus metrics to the business model and sets the outcome figures beside the stage.
    """
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
        profile = parse_profile(data.get("profile"))
    except (AnswerError, ProfileError) as exc:
        _fail(str(exc))
    evaluation = evaluate(questionnaire, current_app.extensions["model"], answers, profile)
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
    from app.store import demo as demo_store

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
        demo_store.mark_demo(db, respondent.assessment_id)  # visitors look and copy; nobody changes it
    finally:
        db.close()
    link = f"{base_url.rstrip('/')}/r/{token}/results"
    (Path(current_app.instance_path) / "demo-link.txt").write_text(link + "\n")
    click.echo(f"Demo assessment loaded for {demo.DEMO_ORGANISATION}.")
    click.echo(f"Open its results: {link}")
    _demo_workshop(base_url.rstrip("/"))


def _demo_workshop(base: str) -> None:
    """The demo workshop: eight participants in five roles and a demo facilitator with a fresh password."""
    import secrets

    from werkzeug.security import generate_password_hash

    from app.store import accounts as account_store

    questionnaire = _questionnaires()["cs-maturity"]
    email, name = demo.DEMO_FACILITATOR
    password = secrets.token_urlsafe(12)  # new on every load: a fixed demo password would open any instance
    db = store.connect(current_app.config["DATABASE"])
    try:
        for org_id in store.organisation_ids_named(db, demo.DEMO_WORKSHOP):
            store.delete_organisation(db, org_id)
        facilitator = store.facilitator_by_email(db, email) or store.create_facilitator(
            db, email, name, generate_password_hash(password))
        account_store.set_password(db, facilitator.id, generate_password_hash(password))
        workshop, _ = store.create_workshop(db, facilitator.id, demo.DEMO_WORKSHOP, questionnaire.id,
                                            questionnaire.version, "full")
        for seat, (person, role, lean) in enumerate(demo.DEMO_PARTICIPANTS):
            respondent_id, _ = store.join_workshop(db, workshop.assessment_id, person, role)
            store.save_answers(db, respondent_id, demo.demo_workshop_answers(questionnaire, lean, seat))
            store.mark_finished(db, respondent_id)
    finally:
        db.close()
    click.echo(f"Demo workshop loaded for {demo.DEMO_WORKSHOP} with {len(demo.DEMO_PARTICIPANTS)} participants.")
    click.echo(f"Sign in as its facilitator at {base}/facilitator/sign-in")
    click.echo(f"  email: {email}")
    click.echo(f"  password: {password}")
    click.echo(f"Its dashboard: {base}/facilitator/workshops/{workshop.assessment_id}/")


@click.command("assessments")
@with_appcontext
def assessments_command() -> None:
    """List every assessment with its id, organisation, questionnaire and respondents, as JSON."""
    db = store.connect(current_app.config["DATABASE"])
    try:
        _emit({"assessments": store.list_assessments(db)})
    finally:
        db.close()


@click.command("export")
@click.argument("assessment_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write here instead of stdout.")
@with_appcontext
def export_command(assessment_id: int, out: Path | None) -> None:
    """Write an assessment (answers, notes and charter) as JSON that `import` restores elsewhere."""
    db = store.connect(current_app.config["DATABASE"])
    try:
        document = store.export_assessment(db, assessment_id)
    finally:
        db.close()
    if document is None:
        _fail(f"no assessment with id {assessment_id} (see `flask --app wsgi assessments`)")
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote {out}", err=True)
    else:
        click.echo(text)


def _read_import(path: str) -> tuple[str, object]:
    """The import file's name and parsed JSON; exit 2 naming the problem (too large, not UTF-8, not JSON)."""
    limit = exchange.MAX_FILE_BYTES
    if path == "-":
        name, raw = "(stdin)", sys.stdin.buffer.read(limit + 1)
    else:
        name = path
        try:
            if Path(path).stat().st_size > limit:  # checked before reading a byte of it
                _fail(f"{name}: the file is larger than {limit // (1024 * 1024)} MB; an export is far smaller")
            raw = Path(path).read_bytes()
        except OSError as exc:
            _fail(f"{name}: cannot read it: {exc.strerror or exc}")
    if len(raw) > limit:
        _fail(f"{name}: the input is larger than {limit // (1024 * 1024)} MB; an export is far smaller")
    try:
        return name, json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        _fail(f"{name}: not UTF-8 text")
    except json.JSONDecodeError as exc:
        _fail(f"{name}: not valid JSON: {exc}")
    except RecursionError:
        _fail(f"{name}: the JSON is nested too deeply")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--base-url", default=None, help="Where the app is served (default: FLASK_BASE_URL, else http://127.0.0.1:5000).")
@with_appcontext
def import_command(file: str, base_url: str | None) -> None:
    """Restore an exported assessment as a new one; prints its id and fresh private links. Junk exits 2, writing nothing."""
    name, document = _read_import(file)
    problems = exchange.validate_document(document, _questionnaires())
    if problems:
        _fail(f"{name}: cannot import:\n  " + "\n  ".join(problems))
    db = store.connect(current_app.config["DATABASE"])
    try:
        assessment_id, tokens = store.import_assessment(db, document)  # one transaction: all or nothing
    except ValueError as exc:
        _fail(f"{name}: cannot import: {exc}")
    finally:
        db.close()
    _emit({"assessment_id": assessment_id, "respondents": [
        {"name": person, "resume_link": f"{_base_url(base_url)}/r/{token}/"} for person, token in tokens]})


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Copy the database to FILE with VACUUM INTO while the app runs, verify it; prints {"backup", "bytes", "integrity"}."""
    from app.store.core import backup_to

    if file.exists():
        _fail(f"{file} exists already; choose a new file name (a backup never overwrites anything)")
    db = store.connect(current_app.config["DATABASE"])
    try:
        result = backup_to(db, file)
    except Exception as exc:  # disk full, unwritable folder: name it and leave no half-written copy  # noqa: BLE001
        file.unlink(missing_ok=True)
        _fail(f"the backup could not be written to {file}: {exc}")
    finally:
        db.close()
    _emit(result)
    if result["integrity"] != "ok":
        _fail(f"the copy in {file} failed its integrity check: {result['integrity']}")


@click.command("report")
@click.argument("assessment_id", type=int)
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path), help="The PDF file to write.")
@click.option("--paper", type=click.Choice(sorted(pdf.PAPER_SIZES)), default="a4", show_default=True)
@with_appcontext
def report_command(assessment_id: int, out: Path, paper: str) -> None:
    """Render an assessment's full report (results, charter, roadmap) to a PDF file."""
    db = store.connect(current_app.config["DATABASE"])
    try:
        found = store.load_assessment(db, assessment_id)
        if found is None:
            _fail(f"no assessment with id {assessment_id} (see `flask --app wsgi assessments`)")
        catalogue = assessments.Catalogue(current_app.extensions["questionnaires"], current_app.extensions["model"])
        if catalogue.questionnaire(found) is None:
            _fail(f"assessment {assessment_id} uses questionnaire '{found.questionnaire_id}', which is not installed")
        context = assessments.report(db, catalogue, found, with_charter=True)
    finally:
        db.close()
    out.write_bytes(pdf.render(reports.render_html(context), paper, timeout=current_app.config["PDF_TIMEOUT"]))
    click.echo(f"Wrote {out}")


facilitator_cli = AppGroup("facilitator", help="Facilitator accounts.")
workshop_cli = AppGroup("workshop", help="Workshops run by facilitators.")


@facilitator_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The facilitator's name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, envvar="CSM_FACILITATOR_PASSWORD",
              help="Asked for when not given (or set CSM_FACILITATOR_PASSWORD).")
def facilitator_create_command(email: str, name: str, password: str) -> None:
    """Create a facilitator account; prints {"id", "email"}."""
    from werkzeug.security import generate_password_hash

    from app.web.accounts.passwords import password_problem

    problem = password_problem(password, email, name)
    if problem:
        _fail(f"choose a stronger password: {problem}")
    db = store.connect(current_app.config["DATABASE"])
    try:
        facilitator = store.create_facilitator(db, email, name, generate_password_hash(password))
    finally:
        db.close()
    if facilitator is None:
        _fail(f"an account with the email {email} exists already")
    _emit({"id": facilitator.id, "email": facilitator.email})


@facilitator_cli.command("reset-link")
@click.argument("email")
@click.option("--base-url", default=None, help="Where the app is served (default: FLASK_BASE_URL, else http://127.0.0.1:5000).")
def facilitator_reset_link_command(email: str, base_url: str | None) -> None:
    """Make a single-use password reset link valid for an hour; prints {"email", "reset_link", "expires_at"}."""
    from app.store import accounts as account_store

    db = store.connect(current_app.config["DATABASE"])
    try:
        facilitator = store.facilitator_by_email(db, email)
        if facilitator is None:
            _fail(f"no facilitator with the email {email} (see `flask --app wsgi facilitator create`)")
        token, expires = account_store.create_password_reset(db, facilitator.id)
    finally:
        db.close()
    _emit({"email": facilitator.email, "reset_link": f"{_base_url(base_url)}/facilitator/reset/{token}", "expires_at": expires})


def _base_url(given: str | None) -> str:
    """The --base-url given, else the configured FLASK_BASE_URL, else the development server's."""
    return (given or current_app.config.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")


@workshop_cli.command("create")
@click.option("--facilitator", "email", required=True, help="Email of the facilitator who runs it.")
@click.option("--organisation", required=True, help="The client organisation.")
@click.option("--path", type=click.Choice(["quick", "full"]), default="quick", show_default=True)
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True, help="Where the app is served.")
def workshop_create_command(email: str, organisation: str, path: str, base_url: str) -> None:
    """Create a workshop; prints {"assessment_id", "join_code", "join_url"}."""
    questionnaire = _questionnaires()["cs-maturity"]
    db = store.connect(current_app.config["DATABASE"])
    try:
        facilitator = store.facilitator_by_email(db, email)
        if facilitator is None:
            _fail(f"no facilitator with the email {email} (see `flask --app wsgi facilitator create`)")
        workshop, _ = store.create_workshop(db, facilitator.id, organisation, questionnaire.id, questionnaire.version, path)
    finally:
        db.close()
    _emit({"assessment_id": workshop.assessment_id, "join_code": workshop.join_code,
           "join_url": f"{base_url.rstrip('/')}/w/{workshop.join_code}"})


def init_app(app: Flask) -> None:
    app.cli.add_command(questionnaire_cli)
    app.cli.add_command(score_command)
    app.cli.add_command(init_db_command)
    app.cli.add_command(demo_command)
    for command in (assessments_command, export_command, import_command, report_command, facilitator_cli, workshop_cli,
                    backup_command):
        app.cli.add_command(command)

