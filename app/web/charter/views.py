"""The charter builder: thin views over the drafting core, the store and the exports (Post/Redirect/Get)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from app import access, approvals, store
from app.core import charter
from app.db import get_db
from app.report import context as reports
from app.report import exports as charter_export
from app.web import downloads, results_url
from app.web.charter import preview as previews
from app.web.charter.forms import KPI_MAX, TIER_MAX, charter_form, error_summary, initial_data, table_rows

bp = Blueprint("charter", __name__)
ROW_LIMITS = {"kpis": KPI_MAX, "tiers": TIER_MAX}
ROW_NAMES = {"kpis": ("KPI", "the objectives need at least one measure"),
             "tiers": ("tier", "every customer needs an engagement model")}
PAPERS = ("a4", "letter")
BLANK_ROWS = {"kpis": {"metric_id": "", "rung": "", "baseline": "", "target": ""},
              "tiers": {"name": "", "criteria": "", "engagement_model": "", "description": ""}}


def _model():
    return current_app.extensions["model"]


def _load(action: str, link: dict, changes: bool | None = None):
    """Grant, evaluation and built charter behind a private link or a facilitator's workshop (the gate refuses a
    charter drafted from too few answers)."""
    grant = access.open_assessment(action, **link, changes=changes)
    return grant, grant.context.evaluation, grant.context.charter


def _section(section_id: str) -> charter.CharterSection:
    found = next((s for s in charter.SECTIONS if s.id == section_id), None)
    if found is None:
        abort(404)
    return found


@bp.get("/charter/")
def overview(**link):
    """The charter's eleven sections with their status, and the downloads."""
    grant, evaluation, built = _load("charter", link)
    return render_template("charter/overview.html", organisation=grant.assessment.organisation, charter=built,
                           mount=link, token=link.get("token"), stage=evaluation.result.stage,
                           results_url=results_url(link), approval=grant.context.approval)


@bp.route("/charter/<section_id>", methods=["GET", "POST"])
def section(section_id: str, **link):
    """One charter section: prompt, Markdown text (saved or drafted), its table, preview; saved on every step."""
    grant, _, built = _load("charter", link)
    current = _section(section_id)
    if request.method == "POST":
        return _post(link, grant, current, built)
    shown = charter.section_of(built, current.id)
    data = initial_data(built, current.id, shown["body"])
    table = charter.TABLE_OF.get(current.id)
    if request.args.get("add") and table in ROW_LIMITS and len(data[table]) < ROW_LIMITS[table]:
        data[table].append(dict(BLANK_ROWS[table]))
    form = charter_form(current, _model().metrics, data=data, departments=built["departments"])
    table = charter.TABLE_OF.get(current.id)
    preview = previews.context(current.id, shown["body"], built[table] if table else None, _model().metrics,
                               built["departments"])
    return _page(link, grant, built, current, form, preview=preview)


@bp.post("/charter/<section_id>/preview")
def preview(section_id: str, **link):
    """The live preview of a section as typed (saved or not): sanitised HTML for static/charter.js to show."""
    _, _, built = _load("charter", link, changes=False)  # a preview stores nothing, so the read-only demo shows it too
    current = _section(section_id)
    shown = previews.from_form(current.id, request.form, _model().metrics, built["departments"])
    return {"preview": render_template("charter/_preview.html", preview=shown),
            "warnings": render_template("charter/_warnings.html", preview=shown)}


def _page(link, grant, built, current, form, problems=(), preview=None, confirm_reset=False):
    if preview is None:  # a page shown again after a refused save previews what was typed
        preview = previews.from_form(current.id, request.form, _model().metrics, built["departments"])
    return render_template(
        "charter/section.html", organisation=grant.assessment.organisation, charter=built, section=current, form=form,
        mount=link, token=link.get("token"),
        shown=charter.section_of(built, current.id), errors=error_summary(form) + [("", p) for p in problems],
        preview=preview, index=charter.SECTION_IDS.index(current.id), metrics=_model().metrics,
        row_limits=ROW_LIMITS, departments=built["departments"], stages=charter.JOURNEY_STAGES,
        confirm_reset=confirm_reset,
    )


def _remove_row(form, table: str | None) -> tuple[bool, list[str]]:
    """Drop the row whose Remove button was pressed, before validation, so its own errors do not count."""
    raw = request.form.get("remove")
    if raw is None or table not in ROW_LIMITS:
        return False, []
    entries = form[table].entries
    if not raw.isdigit() or int(raw) >= len(entries):
        return False, ["That row no longer exists; reload the page and try again."]
    del entries[int(raw)]
    return True, []


def _row_problems(table: str | None, rows) -> list[str]:
    if table not in ROW_LIMITS:
        return []
    name, why = ROW_NAMES[table]
    if not rows:
        return [f"Keep at least one {name}: {why}. Reset to draft brings back the suggested ones."]
    if len(rows) > ROW_LIMITS[table]:
        return [f"Keep to at most {ROW_LIMITS[table]} {name}s."]
    return []


def _post(link, grant, current, built):
    """Save the section (or reset it), then redirect; 422 with an error summary when the input is not valid."""
    db, table = get_db(), charter.TABLE_OF.get(current.id)
    form = charter_form(current, _model().metrics, formdata=request.form, departments=built["departments"])
    empty_table = {} if table == "responsibilities" else []
    # Confirmed first: static/charter.js asks in a dialog and then sends both Reset and the confirmation.
    if form.reset_confirmed.data:
        store.save_charter_step(db, grant.assessment.id, current.id, None,
                                **({table: empty_table} if table else {}))
        approvals.record(grant.context)  # every saved charter is a version
        flash("This section is back to the draft written from your results.")
        return redirect(url_for(".section", **link, section_id=current.id))
    if form.reset.data:  # a confirm step that works without JavaScript; the typed text stays in the form
        return _page(link, grant, built, current, form, confirm_reset=True)
    removed, problems = _remove_row(form, table)
    valid = form.validate()
    rows, row_problems = table_rows(form, current.id) if valid else (None, [])
    problems += row_problems + (_row_problems(table, rows) if valid else [])
    if valid and not form.body.data:
        problems.append(f"{form.body.label.text}: write something, or use Reset to draft to start again from the draft.")
    if not valid or problems:
        if request.form.get("autosave"):  # static/charter.js: say what was not saved, keep the page as it is
            return {"saved": False, "problems": [message for _, message in error_summary(form)] + problems}, 422
        return _page(link, grant, built, current, form, problems), 422
    shown = charter.section_of(built, current.id)
    # Text or tables identical to the draft are not stored, so they keep following the results.
    body = None if form.body.data == charter.normalise(shown["draft"]) else form.body.data
    tables = {table: empty_table if rows == built["defaults"][table] else rows} if table else {}
    store.save_charter_step(db, grant.assessment.id, current.id, body, **tables)
    approvals.record(grant.context)  # every saved charter is a version (an editing session amends one)
    if request.form.get("autosave"):
        return {"saved": True}
    return redirect(_next_url(link, current, form, table, rows, removed))


def _next_url(link, current, form, table, rows, removed) -> str:
    here = charter.SECTION_IDS.index(current.id)
    if removed:
        return url_for(".section", **link, section_id=current.id, _anchor=table)
    if "add" in form and form.add.data:
        return url_for(".section", **link, section_id=current.id, add=1, _anchor=f"{table}-{len(rows)}")
    if form.save_preview.data:
        return url_for(".section", **link, section_id=current.id, preview=1, _anchor="preview")
    step = -1 if form.back.data else 1
    if 0 <= here + step < len(charter.SECTIONS):
        return url_for(".section", **link, section_id=charter.SECTION_IDS[here + step])
    return url_for(".overview", **link)


def _name(organisation: str, suffix: str) -> str:
    return reports.filename(organisation).removesuffix(".pdf") + suffix


@bp.get("/charter.md")
def charter_markdown(**link):
    """The whole charter as one Markdown file (built once per content)."""
    grant = access.open_assessment("exports", **link)
    context = grant.context
    return downloads.generated(context, "charter", lambda: charter_export.to_markdown(context.charter, _model()).encode(),
                               mimetype="text/markdown; charset=utf-8",
                               filename=_name(grant.assessment.organisation, "-charter.md"))


@bp.get("/charter.docx")
def charter_docx(**link):
    """The whole charter as an editable Word document (built once per content and paper size)."""
    grant = access.open_assessment("exports", **link)
    context, paper = grant.context, request.args.get("paper", "a4")
    if paper not in PAPERS:
        abort(404)
    report = context.report  # byline, branding and approval as the PDF has them
    return downloads.generated(
        context, "charter", lambda: charter_export.to_docx(context.charter, _model(), paper=paper,
                                                           prepared_by=report["prepared_by"],
                                                           branding=report["branding"], approval=context.approval),
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename=_name(grant.assessment.organisation, "-charter.docx"), variant=paper)


@bp.get("/roadmap.csv")
def roadmap_csv(**link):
    """The roadmap, one action per row, for a spreadsheet or a project tool (built once per content)."""
    grant = access.open_assessment("exports", **link)
    context = grant.context
    return downloads.generated(context, "roadmap", lambda: charter_export.roadmap_csv(context.evaluation, company=context.company).encode(),
                               mimetype="text/csv; charset=utf-8",
                               filename=_name(grant.assessment.organisation, "-roadmap.csv"))
