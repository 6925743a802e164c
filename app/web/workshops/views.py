"""Workshop mode for facilitators: create, dashboard (live), results, PDF, publishing.

The presenter (present.py), the private controls and lifecycle (manage.py), invitations
(invitations.py) and the distributions CSV (exports.py) add their routes to the same blueprint.
"""
from __future__ import annotations

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from markupsafe import Markup

from app import access, store
from app.access import facilitator_required
from app.core.estimates import path_minutes
from app.db import get_db
from app.web.accounts.forms import SignOutForm
from app.web.wizard.views import pdf_response
from app.web.workshops.forms import PlainForm, WorkshopForm

bp = Blueprint("workshops", __name__, url_prefix="/facilitator")


def mine(assessment_id: int, action: str = "run_workshop") -> access.Grant:
    """One of the signed-in facilitator's workshops, through the access gate; any other id is a 404."""
    return access.by_workshop(assessment_id, action)


@bp.route("/", methods=["GET", "POST"])
@facilitator_required
def home():
    """The facilitator's workshops (archived ones apart) and a form to create one."""
    questionnaire = current_app.extensions["questionnaires"]["cs-maturity"]
    form, facilitator = WorkshopForm().with_minutes(path_minutes(questionnaire)), access.signed_in(session)
    if form.validate_on_submit():
        created, _ = store.create_workshop(get_db(), facilitator.id, form.organisation.data,
                                           questionnaire.id, questionnaire.version, form.path.data)
        return redirect(url_for(".dashboard", assessment_id=created.assessment_id))
    workshops = store.workshops_of(get_db(), facilitator.id)
    return render_template("workshops/home.html", form=form, workshops=[w for w in workshops if not w.archived_at],
                           archived=[w for w in workshops if w.archived_at], facilitator=facilitator,
                           sign_out=SignOutForm()), 422 if form.errors else 200


def flagged(view: dict) -> list[dict]:
    """Questions whose answers (shown above the floor) are two or more levels apart, widest spread first."""
    rows = [q for q in view["questions"] if q["total"] and (q["total"]["spread"] or 0) >= 2]
    return sorted(rows, key=lambda q: -q["total"]["spread"])


def live_context(grant: access.Grant) -> dict:
    """Everything the dashboard shows that changes while participants answer."""
    context = grant.context
    questionnaire, people, answers, agreed = context.questionnaire, context.participants, context.by_respondent, context.agreed
    view = context.team_charts
    progress = {p["id"]: sum(1 for qid in questionnaire.questions if qid in answers.get(p["id"], {})) for p in people}
    return {"people": people, "progress": progress, "total": len(questionnaire.questions), "view": view,
            "flagged": flagged(view), "agreed": agreed, "settled": sum(1 for q in questionnaire.questions if q in agreed),
            "medians": {qid: s.median for qid, s in context.question_stats.items()}}


def join_link(workshop: store.Workshop) -> str:
    return url_for("join.by_code", code=workshop.join_code, _external=True)


@bp.get("/workshops/<int:assessment_id>/")
@facilitator_required
def dashboard(assessment_id: int):
    """The big-screen dashboard: code, QR, who is in, the gap, the widest spreads (private controls are elsewhere)."""
    grant = mine(assessment_id)
    link = join_link(grant.workshop)
    qr = Markup(segno.make(link, error="m").svg_inline(scale=5, dark="#111827", title="QR code of the join link"))
    return render_template("workshops/dashboard.html", workshop=grant.workshop, questionnaire=grant.context.questionnaire,
                           link=link, qr=qr, live=live_context(grant))


@bp.get("/workshops/<int:assessment_id>/live")
@facilitator_required
def live(assessment_id: int):
    """The changing part of the dashboard, fetched every few seconds by static/live.js."""
    grant = mine(assessment_id)
    return render_template("workshops/_live.html", workshop=grant.workshop, questionnaire=grant.context.questionnaire,
                           live=live_context(grant))


@bp.get("/workshops/<int:assessment_id>/results")
@facilitator_required
def results(assessment_id: int):
    """The agreed view as the report, with the gap, the spreads and how the team settled them."""
    grant = mine(assessment_id, "results")
    return render_template("workshops/results.html", workshop=grant.workshop, published=grant.published,
                           plain=PlainForm(), report=grant.context.report, placed=access.shows_stage(grant),
                           approval=grant.context.approval)


@bp.get("/workshops/<int:assessment_id>/report.pdf")
@facilitator_required
def report_pdf(assessment_id: int):
    """The agreed view as a PDF, charter included."""
    grant = mine(assessment_id, "pdf")
    return pdf_response(grant.context.full_report, grant.assessment.organisation)


@bp.post("/workshops/<int:assessment_id>/publish")
@facilitator_required
def publish(assessment_id: int):
    """Show the team result, read-only, to the participants (or take it back)."""
    grant = mine(assessment_id)
    if not PlainForm().validate_on_submit():
        abort(400)
    publish_it = request.form.get("publish") == "1"
    store.set_published(get_db(), grant.assessment.id, publish_it)
    flash("The team result is published: participants see it, read-only, from their private links." if publish_it
          else "The team result is no longer shown to participants.")
    return redirect(url_for(".results", assessment_id=assessment_id))
