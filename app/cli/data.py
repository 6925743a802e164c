"""Data commands: init-db, backup, list, export, import and render assessments."""
from __future__ import annotations

import stat
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app import assessments, store
from app.background import background
from app.cli.common import database, emit, fail, questionnaires, served_at, write_json
from app.core import exchange
from app.db import init_db
from app.report import context as reports
from app.report import pdf, renders
from app.report.deck import build_deck


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database or apply pending migrations."""
    init_db(current_app)
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


@click.command("assessments")
@with_appcontext
def assessments_command() -> None:
    """List every assessment with its id, organisation, questionnaire and respondents, as JSON."""
    with database() as db:
        emit({"assessments": store.list_assessments(db)})


@click.command("export")
@click.argument("assessment_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write here instead of stdout.")
@with_appcontext
def export_command(assessment_id: int, out: Path | None) -> None:
    """Write an assessment (answers, notes and charter) as JSON that `import` restores elsewhere."""
    with database() as db:
        document = store.export_assessment(db, assessment_id)
        if document is not None and (review := _review(db, assessment_id)) is not None:
            document["review"] = review  # what this round's start reviewed; import ignores it
    if document is None:
        fail(f"no assessment with id {assessment_id} (see `flask --app wsgi assessments`)")
    write_json(document, out)


def _review(db, assessment_id: int) -> dict | None:
    """The review of the previous round's plan, for an assessment that is a later round."""
    found = store.load_assessment(db, assessment_id)
    if found is None or not found.previous_id:
        return None
    catalogue = assessments.Catalogue(current_app.extensions["questionnaires"], current_app.extensions["model"])
    context = assessments.AssessmentContext(db, catalogue, found)
    return context.review if context.questionnaire is not None else None


def _read_import(path: str) -> tuple[str, object]:
    """The import file's name and parsed JSON; exit 2 naming the problem (not a regular file, too large, not JSON)."""
    limit = exchange.MAX_FILE_BYTES
    if path == "-":
        name, raw = "(stdin)", sys.stdin.buffer.read(limit + 1)
    else:
        name = path
        try:
            info = Path(path).stat()  # follows a symbolic link to what it names
            if not stat.S_ISREG(info.st_mode):  # /dev/zero, a pipe or a folder would be read forever or not at all
                fail(f"{name}: not a regular file; import reads an exported .json file")
            if info.st_size > limit:  # checked before reading a byte of it
                fail(f"{name}: the file is larger than {limit // (1024 * 1024)} MB; an export is far smaller")
            with open(path, "rb") as handle:
                raw = handle.read(limit + 1)
        except OSError as exc:
            fail(f"{name}: cannot read it: {exc.strerror or exc}")
    if len(raw) > limit:
        fail(f"{name}: the input is larger than {limit // (1024 * 1024)} MB; an export is far smaller")
    try:
        return name, exchange.parse(raw)
    except exchange.DocumentError as exc:
        fail(f"{name}: {exc}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--base-url", default=None, help="Where the app is served (default: FLASK_BASE_URL, else http://127.0.0.1:5000).")
@click.option("--facilitator", "facilitator_email", default=None,
              help="Email of the facilitator who runs an imported workshop (needed for a workshop's export).")
@with_appcontext
def import_command(file: str, base_url: str | None, facilitator_email: str | None) -> None:
    """Restore an exported assessment as a new one; prints its id and fresh private links. Junk exits 2, writing nothing."""
    name, document = _read_import(file)
    with database() as db:
        try:
            facilitator = store.facilitator_by_email(db, facilitator_email) if facilitator_email else None
            if facilitator_email and facilitator is None:
                fail(f"no facilitator with the email {facilitator_email} (see `flask --app wsgi facilitator create`)")
            problems = exchange.validate_document(document, questionnaires(), facilitator=facilitator is not None)
            if problems:
                fail(f"{name}: cannot import:\n  " + "\n  ".join(problems))
            assessment_id, tokens = store.import_assessment(db, document, facilitator.id if facilitator else None)
        except ValueError as exc:  # one transaction: all or nothing
            fail(f"{name}: cannot import: {exc}")
    emit({"assessment_id": assessment_id, "respondents": [
        {"name": person, "resume_link": f"{served_at(base_url)}/r/{token}/"} for person, token in tokens]})


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Copy the database to FILE with VACUUM INTO while the app runs, verify it; prints {"backup", "bytes", "integrity"}."""
    from app.store.core import backup_to

    if file.exists():
        fail(f"{file} exists already; choose a new file name (a backup never overwrites anything)")
    with database() as db:
        try:
            result = backup_to(db, file)
        except Exception as exc:  # disk full, unwritable folder: name it and leave no half-written copy  # noqa: BLE001
            file.unlink(missing_ok=True)
            fail(f"the backup could not be written to {file}: {exc}")
    emit(result)
    if result["integrity"] != "ok":
        fail(f"the copy in {file} failed its integrity check: {result['integrity']}")


@click.command("report")
@click.argument("assessment_id", type=int)
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="The file to write (a PDF, or a .pptx deck with --format pptx).")
@click.option("--paper", type=click.Choice(sorted(pdf.PAPER_SIZES)), default="a4", show_default=True,
              help="The PDF's paper size (slides are always 16:9).")
@click.option("--format", "kind", type=click.Choice(["pdf", "pptx"]), default="pdf", show_default=True,
              help="pdf: the full report; pptx: an editable slide deck of it.")
@with_appcontext
def report_command(assessment_id: int, out: Path, paper: str, kind: str) -> None:
    """Render an assessment's full report (results, charter, roadmap) to a PDF file, or as a slide deck."""
    with database() as db:
        found = store.load_assessment(db, assessment_id)
        if found is None:
            fail(f"no assessment with id {assessment_id} (see `flask --app wsgi assessments`)")
        catalogue = assessments.Catalogue(current_app.extensions["questionnaires"], current_app.extensions["model"])
        context = assessments.AssessmentContext(db, catalogue, found)
        if context.questionnaire is None:
            fail(f"assessment {assessment_id} uses questionnaire '{found.questionnaire_id}', which is not installed")
        # The same cache as the web downloads: an unchanged report is copied, not rendered again.
        if kind == "pptx":
            item = renders.entry(assessment_id, context.content_version, "deck", ".pptx", "",
                                 day=date.today().isoformat())
            document = background(current_app).cache.fetch(item, lambda: build_deck(context.full_report))
        else:
            item = renders.entry(assessment_id, context.content_version, "report", ".pdf", paper,
                                 day=date.today().isoformat())
            document = background(current_app).cache.fetch(item, lambda: pdf.render(
                reports.render_html(context.full_report), paper, timeout=current_app.config["PDF_TIMEOUT"],
                cpu_seconds=current_app.config["RENDER_CPU_SECONDS"]))
    out.write_bytes(document)
    click.echo(f"Wrote {out}")
