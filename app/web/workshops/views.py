"""Workshop mode for facilitators: create, dashboard (live), presenter view with consensus, rounds."""
from __future__ import annotations

import segno
from flask import Blueprint, abort, current_app, flash, get_flashed_messages, redirect, render_template, request, url_for
from markupsafe import Markup

from app import access, assessments, store
from app.core.aggregate import default_consensus, perception_gaps, question_stats
from app.core.questionnaire import Questionnaire
from app.db import get_db
from app.web.accounts.views import SignOutForm, current_facilitator, facilitator_required
from app.web.wizard.views import pdf_response
from app.web.workshops.forms import InviteForm, PlainForm, WorkshopForm, agreement_form

bp = Blueprint("workshops", __name__, url_prefix="/facilitator")


def _mine(assessment_id: int, action: str = "run_workshop") -> tuple[store.Workshop, Questionnaire]:
    """One of the signed-in facilitator's workshops, through the access gate; any other id is a 404."""
    grant = access.by_workshop(assessment_id, action)
    found = store.workshop(get_db(), assessment_id, current_facilitator().id)
    return found, access.catalogue().questionnaire(grant.assessment)


@bp.route("/", methods=["GET", "POST"])
@facilitator_required
def home():
    """The facilitator's workshops and a form to create one."""
    form = WorkshopForm()
    if form.validate_on_submit():
        questionnaire = current_app.extensions["questionnaires"]["cs-maturity"]
        created, _ = store.create_workshop(get_db(), current_facilitator().id, form.organisation.data,
                                           questionnaire.id, questionnaire.version, form.path.data)
        return redirect(url_for(".dashboard", assessment_id=created.assessment_id))
    return render_template("workshops/home.html", form=form, workshops=store.workshops_of(get_db(), current_facilitator().id),
                           facilitator=current_facilitator(), sign_out=SignOutForm()), 422 if form.errors else 200


def _live(workshop: store.Workshop, questionnaire: Questionnaire) -> dict:
    """Everything the dashboard shows that changes while participants answer."""
    db = get_db()
    people = store.participants(db, workshop.assessment_id)
    answers = store.answers_by_respondent(db, workshop.assessment_id)
    stats = question_stats(questionnaire, answers)
    roles = {p["id"]: p["role"] for p in people}
    flagged = [q for q in questionnaire.questions.values() if stats[q.id].flagged]
    progress = {p["id"]: sum(1 for qid in questionnaire.questions if qid in answers.get(p["id"], {})) for p in people}
    return {"people": people, "progress": progress, "total": len(questionnaire.questions), "stats": stats,
            "gaps": perception_gaps(questionnaire, answers, roles), "flagged": flagged,
            "agreed": store.agreed_answers(db, workshop.assessment_id)}


def _join_link(workshop: store.Workshop) -> str:
    return url_for("join.by_code", code=workshop.join_code, _external=True)


@bp.get("/workshops/<int:assessment_id>/")
@facilitator_required
def dashboard(assessment_id: int):
    """The big-screen dashboard: code, QR, who is in, medians and spreads, the perception gap, flags."""
    workshop, questionnaire = _mine(assessment_id)
    link = _join_link(workshop)
    qr = Markup(segno.make(link, error="m").svg_inline(scale=5, dark="#111827", title="QR code of the join link"))
    new_invite = next(iter(get_flashed_messages(category_filter=["invite"])), None)
    return render_template("workshops/dashboard.html", workshop=workshop, questionnaire=questionnaire, link=link, qr=qr,
                           live=_live(workshop, questionnaire), invite=InviteForm(), new_invite=new_invite,
                           invites=store.invites_of(get_db(), assessment_id), plain=PlainForm())


@bp.get("/workshops/<int:assessment_id>/live")
@facilitator_required
def live(assessment_id: int):
    """The changing part of the dashboard, fetched every few seconds by static/live.js."""
    workshop, questionnaire = _mine(assessment_id)
    return render_template("workshops/_live.html", workshop=workshop, questionnaire=questionnaire,
                           live=_live(workshop, questionnaire))


@bp.post("/workshops/<int:assessment_id>/invites")
@facilitator_required
def invite(assessment_id: int):
    """A single-use personal link for one participant, shown once."""
    workshop, _ = _mine(assessment_id)
    form = InviteForm()
    if not form.validate_on_submit():
        abort(400)
    token = store.create_invite(get_db(), workshop.assessment_id, form.label.data or "")
    flash(url_for("join.by_invite", token=token, _external=True), "invite")
    return redirect(url_for(".dashboard", assessment_id=assessment_id))


def _order(questionnaire: Questionnaire, live: dict) -> list[str]:
    """Presenter order: flagged questions first, then all the others."""
    flagged = [q.id for q in live["flagged"]]
    return flagged + [qid for qid in questionnaire.questions if qid not in flagged]


@bp.route("/workshops/<int:assessment_id>/present/<question_id>", methods=["GET", "POST"])
@facilitator_required
def present(assessment_id: int, question_id: str):
    """One question on the big screen: the spread after a reveal, then the level the team agrees."""
    workshop, questionnaire = _mine(assessment_id)
    question = questionnaire.questions.get(question_id)
    if question is None:
        abort(404)
    live = _live(workshop, questionnaire)
    agreed = live["agreed"].get(question_id)
    default = agreed["value"] if agreed else default_consensus(live["stats"][question_id])
    form = agreement_form(question, default)
    order = _order(questionnaire, live)
    position = order.index(question_id)
    following = order[position + 1] if position + 1 < len(order) else None
    if form.validate_on_submit():
        value = form.value.data if form.value.data in ("na", "unknown") else int(form.value.data)
        store.record_agreement(get_db(), workshop.assessment_id, question_id, value, form.rationale.data or "")
        flash(f"Recorded: {question.text}")
        if following:
            return redirect(url_for(".present", assessment_id=assessment_id, question_id=following))
        return redirect(url_for(".results", assessment_id=assessment_id))
    if agreed and not form.is_submitted():
        form.rationale.data = agreed["rationale"] or ""
    return render_template("workshops/present.html", workshop=workshop, question=question, form=form,
                           stats=live["stats"][question_id], agreed=agreed, reveal=request.args.get("reveal") == "1",
                           position=position, count=len(order), flagged=question_id in {q.id for q in live["flagged"]},
                           following=following, previous=order[position - 1] if position else None,
                           ), 422 if form.errors else 200


@bp.get("/workshops/<int:assessment_id>/present")
@facilitator_required
def present_start(assessment_id: int):
    """Start the walk-through at the first flagged question (or the first question)."""
    workshop, questionnaire = _mine(assessment_id)
    first = _order(questionnaire, _live(workshop, questionnaire))[0]
    return redirect(url_for(".present", assessment_id=assessment_id, question_id=first))


@bp.get("/workshops/<int:assessment_id>/results")
@facilitator_required
def results(assessment_id: int):
    """The agreed view as the report, with where the team disagreed and how it settled."""
    grant = access.by_workshop(assessment_id, "results")
    workshop, _ = _mine(assessment_id)
    return render_template("workshops/results.html", workshop=workshop, published=grant.published, plain=PlainForm(),
                           report=assessments.report(get_db(), access.catalogue(), grant.assessment))


@bp.get("/workshops/<int:assessment_id>/report.pdf")
@facilitator_required
def report_pdf(assessment_id: int):
    """The agreed view as a PDF, charter included."""
    grant = access.by_workshop(assessment_id, "pdf")
    context = assessments.report(get_db(), access.catalogue(), grant.assessment, with_charter=True)
    return pdf_response(context, grant.assessment.organisation)


@bp.post("/workshops/<int:assessment_id>/publish")
@facilitator_required
def publish(assessment_id: int):
    """Show the team result, read-only, to the participants (or take it back)."""
    grant = access.by_workshop(assessment_id, "run_workshop")
    if not PlainForm().validate_on_submit():
        abort(400)
    publish_it = request.form.get("publish") == "1"
    store.set_published(get_db(), grant.assessment.id, publish_it)
    flash("The team result is published: participants see it, read-only, from their private links." if publish_it
          else "The team result is no longer shown to participants.")
    return redirect(url_for(".results", assessment_id=assessment_id))


@bp.post("/workshops/<int:assessment_id>/next-round")
@facilitator_required
def next_round(assessment_id: int):
    """Start the organisation's next round, to compare later with this one."""
    workshop, _ = _mine(assessment_id, "new_round")
    if not PlainForm().validate_on_submit():
        abort(400)
    created, _ = store.create_workshop(get_db(), current_facilitator().id, workshop.organisation,
                                       workshop.questionnaire_id, workshop.questionnaire_version, workshop.path,
                                       previous_id=workshop.assessment_id, organisation_id=workshop.organisation_id)
    flash(f"Round {created.round} is open. Participants join with the new code.")
    return redirect(url_for(".dashboard", assessment_id=created.assessment_id))

