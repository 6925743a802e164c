"""Targets, the action plan and the review of the last round: mounted under a private link and under a facilitator's workshop."""
from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from app import access, plans
from app.core.labels import LABELS
from app.core.plan import STATUSES, Owner, filtered
from app.core.plan_csv import to_csv
from app.db import get_db
from app.store import plan as plan_store
from app.web import home_url, results_url
from app.web.plan.forms import (
    ActionForm,
    AdoptForm,
    CustomForm,
    ImportForm,
    LinkForm,
    PlainForm,
    chosen_from,
    fill,
    targets_form,
)

bp = Blueprint("plan", __name__)


def today():
    return datetime.now(UTC).date()


def who(grant: access.Grant) -> str:
    """Who a change is recorded as: the facilitator, or the self-assessment's owner, by name."""
    if grant.facilitator is not None:
        return f"{grant.facilitator.name} (facilitator)"
    return f"{grant.respondent.name} (assessment owner)"


def _open(link: dict, changes: bool | None = None) -> access.Grant:
    return access.open_assessment("plan", changes=changes, **link)


def _back(link: dict, anchor: str = "") -> str:
    return url_for(".plan", **link) + anchor


@bp.route("/targets", methods=["GET", "POST"])
def targets(**link):
    """Choose a target level per leg and block (default: the next level at least half a level up); results, radar and PDF show the gap."""
    grant = _open(link)
    context = grant.context
    names = plans.level_names(context)
    rows = plans.target_rows(context.evaluation.targets, names)
    form = targets_form(rows, names, formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        plan_store.save_targets(get_db(), grant.assessment.id, chosen_from(form, rows))
        flash("The targets are saved: the results, the radar and the PDF show today, the target and the gap.")
        return redirect(url_for(".targets", **link))
    return render_template("plan/targets.html", form=form, rows=rows, organisation=grant.assessment.organisation,
                           placed=access.shows_stage(grant), mount=link, token=link.get("token"),
                           back_url=results_url(link)), 422 if form.errors else 200


def _page(grant: access.Grant, link: dict, status: int = 200, failed: dict | None = None, new_link: dict | None = None):
    """The plan page: filters, every action (with its edit form), the roadmap to adopt from, owners, CSV."""
    context, day, failed = grant.context, today(), failed or {}
    chosen = {key: request.args.get(key) or "" for key in ("owner", "status", "leg")}
    actions = filtered(context.plan, chosen["owner"] or None, chosen["status"] or None, chosen["leg"] or None, day)
    forms = {a.id: failed.get(f"a{a.id}") or fill(ActionForm(prefix=f"a{a.id}", formdata=None), a) for a in actions}
    choices = plans.roadmap_choices(context) if access.shows_stage(grant) and not context.reviewed_in else []
    adopt = {c["question_id"]: failed.get(f"adopt-{c['question_id']}") or
             AdoptForm(prefix=f"adopt-{c['question_id']}", formdata=None, data={"question_id": c["question_id"], "due": c["due"]})
             for c in choices}
    return render_template(
        "plan/plan.html", grant=grant, plan=plans.plan_context(context, day), actions=actions, forms=forms,
        today=day, choices=choices, adopt=adopt, custom=failed.get("custom") or CustomForm(prefix="custom", formdata=None),
        owners=plan_store.owners(get_db(), grant.assessment.id), link_form=LinkForm(formdata=None),
        import_form=failed.get("import") or ImportForm(formdata=None), plain=PlainForm(), chosen=chosen,
        statuses=STATUSES, new_link=new_link, mount=link, token=link.get("token"),
        organisation=grant.assessment.organisation, round=grant.assessment.round, back_url=results_url(link),
        problems=failed.get("problems", []), labels=LABELS,
        open_counts=Counter(a.owner.id for a in context.plan if a.owner and a.is_open)), status


@bp.get("/plan")
def plan(**link):
    """The plan on one page: filter by owner, status and leg; overdue shown; adopt, update, link owners, CSV."""
    return _page(_open(link), link)


def _frozen(grant: access.Grant, link: dict):
    flash(f"This plan was reviewed when round {grant.context.reviewed_in} started: it is read-only. "
          "Its open actions carried into the new round's plan.")
    return redirect(_back(link))


@bp.post("/plan/adopt/<question_id>")
def adopt(question_id: str, **link):
    """Adopt one roadmap action into the plan, with an owner and a due date."""
    grant = _open(link)
    form = AdoptForm(prefix=f"adopt-{question_id}")
    if grant.context.reviewed_in:
        return _frozen(grant, link)
    if not form.validate_on_submit() or form.question_id.data != question_id:
        return _page(grant, link, 422, {f"adopt-{question_id}": form})
    owner = Owner(None, form.owner_name.data.strip(), form.owner_email.data.strip() or None) \
        if form.owner_name.data.strip() else None
    try:
        plans.adopt_from_roadmap(grant.context, question_id, owner, form.due.data, who(grant))
    except KeyError:
        abort(404)
    flash("The action is in the plan." + ("" if owner else " Give it an owner below."))
    return redirect(_back(link, "#actions"))


@bp.post("/plan/custom")
def custom(**link):
    """Add an action the team wrote itself."""
    grant = _open(link)
    form = CustomForm(prefix="custom")
    if grant.context.reviewed_in:
        return _frozen(grant, link)
    if not form.validate_on_submit():
        return _page(grant, link, 422, {"custom": form})
    owner = Owner(None, form.owner_name.data.strip(), form.owner_email.data.strip() or None) \
        if form.owner_name.data.strip() else None
    plans.adopt_custom(grant.context, form.title.data, form.area.data, owner, form.due.data, who(grant))
    flash("Your action is in the plan.")
    return redirect(_back(link, "#actions"))


@bp.post("/plan/<int:action_id>")
def update(action_id: int, **link):
    """Change one action (owner, due date, status, reason, note, evidence); every change is kept as an event."""
    grant = _open(link)
    if grant.context.reviewed_in:
        return _frozen(grant, link)
    if all(a.id != action_id for a in grant.context.plan):
        abort(404)
    form = ActionForm(prefix=f"a{action_id}")
    if not form.validate_on_submit():
        return _page(grant, link, 422, {f"a{action_id}": form})
    changed = plan_store.update(get_db(), grant.assessment.id, action_id, plans.changes_from(form.data), who(grant))
    flash(f"Saved: {', '.join(changed)} changed." if changed else "Nothing changed.")
    return redirect(_back(link, f"#action-{action_id}"))


@bp.get("/plan.csv")
def plan_csv(**link):
    """Every action of the plan as CSV, to edit in a spreadsheet and import back."""
    grant = _open(link)
    from app.report.context import filename

    name = filename(grant.assessment.organisation, "csv").replace(".csv", "-plan.csv")
    return to_csv(grant.context.plan).encode("utf-8"), 200, {
        "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": f'attachment; filename="{name}"'}


@bp.get("/plan/review")
def review(**link):
    """What the new round opened with: the last round's plan, done, slipped, dropped, and what moved."""
    grant = _open(link)
    return render_template("plan/review.html", review=grant.context.review, organisation=grant.assessment.organisation,
                           round=grant.assessment.round, mount=link, token=link.get("token"), home_url=home_url(link),
                           plan_url=_back(link), back_url=results_url(link))
