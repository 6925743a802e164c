"""Workshop mode for facilitators: create, dashboard (live), results, PDF, publishing.

The presenter (present.py), the private controls and lifecycle (manage.py), invitations
(invitations.py) and the distributions CSV (exports.py) add their routes to the same blueprint.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import segno
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from markupsafe import Markup
from werkzeug.http import quote_etag

from app import access, mail, plans, store
from app.access import facilitator_required
from app.core.estimates import path_minutes
from app.core.people import describe
from app.db import get_db
from app.web import downloads
from app.web.accounts.forms import SignOutForm
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


def live_context(grant: access.Grant) -> dict:
    """Everything the dashboard shows that changes while participants answer (the team view is built once per change)."""
    context = grant.context
    team, agreed = context.team_snapshot, context.agreed
    return {"people": team.participants, "progress": team.progress, "total": len(context.questionnaire.questions),
            "view": team.with_charts, "flagged": team.flagged, "agreed": agreed,
            "settled": sum(1 for q in context.questionnaire.questions if q in agreed),
            "who": {p["id"]: describe(p["department"], p["level"]) for p in team.participants},
            "etag": quote_etag(version_tag(grant, "live"))}


def version_tag(grant: access.Grant, part: str) -> str:
    """The ETag of a live part of a page: the workshop's content version and which part (any change moves it)."""
    return f"{grant.context.content_version}-{part}"


def unchanged(tag: str) -> Response | None:
    """A 304 when the poll already shows this version, decided before anything is built; else None."""
    if not request.if_none_match.contains_weak(tag):
        return None
    response = current_app.response_class(status=304)
    response.set_etag(tag)
    return response


def tagged(body: str, tag: str) -> Response:
    """A live part with its ETag (the facilitator pages stay `no-store`: live.js keeps the tag itself)."""
    response = current_app.response_class(body)
    response.set_etag(tag)
    return response


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
                           link=link, qr=qr, live=live_context(grant), local_only=local_only(link),
                           due_plan=plans.plan_context(grant.context), mail_on=mail.configured(current_app.config))


def local_only(link: str) -> bool:
    """Whether a link opens only on the computer that serves it (phones in the room cannot reach it)."""
    host = urlsplit(link).hostname or ""
    return host == "localhost" or host == "::1" or host.startswith("127.")


@bp.get("/workshops/<int:assessment_id>/live")
@facilitator_required
def live(assessment_id: int):
    """The changing part of the dashboard, polled every few seconds by static/live.js: 304 while nothing changed."""
    grant = mine(assessment_id)
    tag = version_tag(grant, "live")
    return unchanged(tag) or tagged(render_template(
        "workshops/_live.html", workshop=grant.workshop, questionnaire=grant.context.questionnaire,
        live=live_context(grant)), tag)


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
    """The agreed view as a PDF, charter included (cached per content; rendered in the background)."""
    grant = mine(assessment_id, "pdf")
    return downloads.report_pdf(grant.context, back_url=url_for(".results", assessment_id=assessment_id))


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
