"""The facilitator's private controls, off the projected screens: lifecycle, grouping, participants, rounds."""
from __future__ import annotations

from flask import abort, current_app, flash, get_flashed_messages, redirect, render_template, request, url_for

from app import access, store
from app.access import facilitator_required
from app.core import people
from app.db import get_db
from app.report.renders import remove_renders
from app.store import carry, lifecycle
from app.web.workshops.forms import (
    DeleteForm,
    DuplicateForm,
    EmailInvitesForm,
    GroupingForm,
    InviteForm,
    PlainForm,
)
from app.web.workshops.views import bp, mine


def _grouping_form(grant: access.Grant) -> GroupingForm:
    """The grouping form filled with the workshop's current settings (never with another form's post)."""
    current = grant.context.grouping
    return GroupingForm(formdata=None, data={"mode": current.mode, "floor": current.floor,
                                             "leadership_levels": sorted(current.leadership_levels)})


def _page(grant: access.Grant, status: int = 200, **forms):
    """The manage page, with any form that failed validation in place of a fresh one."""
    db, workshop = get_db(), grant.workshop
    context = {"grouping": _grouping_form(grant), "emails": EmailInvitesForm(formdata=None),
               "invite": InviteForm(formdata=None), "duplicate": DuplicateForm(formdata=None), **forms}
    return render_template(
        "workshops/manage.html", workshop=workshop, plain=PlainForm(), people=grant.context.participants,
        invitations=lifecycle.invitation_states(db, workshop.assessment_id), describe=people.describe,
        unsent=carry.unsent_invitations(db, workshop.assessment_id), next_round_id=grant.context.next_round_id,
        links=get_flashed_messages(category_filter=["invite"]), **context), status


@bp.get("/workshops/<int:assessment_id>/manage")
@facilitator_required
def manage(assessment_id: int):
    """Private controls: close or reopen, archive, grouping and floor, invitations, participants, rounds."""
    return _page(mine(assessment_id))


def _checked_post(assessment_id: int, action: str = "run_workshop") -> access.Grant:
    grant = mine(assessment_id, action)
    if not PlainForm().validate_on_submit():
        abort(400)
    return grant


@bp.post("/workshops/<int:assessment_id>/close")
@facilitator_required
def close(assessment_id: int):
    """End the session (code, links and saving stop) or reopen it."""
    workshop = _checked_post(assessment_id).workshop
    closing = request.form.get("closed") == "1"
    lifecycle.set_closed(get_db(), workshop.assessment_id, closing)
    flash("The session is closed: the code and personal links no longer work and answers are frozen." if closing
          else "The session is open again: participants can join and change their answers.")
    return redirect(url_for(".manage", assessment_id=assessment_id))


@bp.post("/workshops/<int:assessment_id>/fix")
@facilitator_required
def fix(assessment_id: int):
    """Fix the groups: the team's figures show from now on, for everyone who answered so far."""
    grant = _checked_post(assessment_id)
    lifecycle.fix_groups(get_db(), grant.workshop.assessment_id)
    flash(f"The team's answers are shown for the {grant.context.team['participants']} people who answered. Anyone "
          f"who answers later is added once at least {grant.context.grouping.floor} more have.")
    return redirect(url_for(".dashboard", assessment_id=assessment_id))


@bp.post("/workshops/<int:assessment_id>/archive")
@facilitator_required
def archive(assessment_id: int):
    """Move a workshop to the archive (closing it) or back to the list."""
    workshop = _checked_post(assessment_id).workshop
    archiving = request.form.get("archived") == "1"
    lifecycle.set_archived(get_db(), workshop.assessment_id, archiving)
    flash("The workshop is archived and closed." if archiving else "The workshop is back in your list, still closed.")
    return redirect(url_for(".home") if archiving else url_for(".manage", assessment_id=assessment_id))


@bp.post("/workshops/<int:assessment_id>/grouping")
@facilitator_required
def grouping(assessment_id: int):
    """Save how the room is split and the anonymity floor."""
    grant = mine(assessment_id)
    form = GroupingForm()
    if not form.validate_on_submit():
        return _page(grant, 422, grouping=form)
    levels = form.leadership_levels.data or list(grant.context.model.workshops.leadership_levels)
    lifecycle.save_grouping(get_db(), assessment_id, form.mode.data, levels, form.floor.data)
    flash(f"Saved: no chart or score comes from fewer than {form.floor.data} people.")
    return redirect(url_for(".manage", assessment_id=assessment_id))


@bp.post("/workshops/<int:assessment_id>/participants/<int:respondent_id>/remove")
@facilitator_required
def remove_participant(assessment_id: int, respondent_id: int):
    """Remove one participant: their answers leave every aggregate, the results and the PDF."""
    grant = _checked_post(assessment_id)
    if not lifecycle.remove_participant(get_db(), grant.workshop.assessment_id, respondent_id):
        abort(404)
    remove_renders(current_app.instance_path, grant.workshop.assessment_id)  # no cached file keeps their answers
    access.audit(grant, "deleted", "participant", respondent_id)
    flash("The participant and their answers are removed. Figures that would now differ from earlier ones by fewer "
          f"than {grant.context.grouping.floor} people are not shown, so their answers cannot be worked out.")
    return redirect(url_for(".manage", assessment_id=assessment_id))


@bp.route("/workshops/<int:assessment_id>/delete", methods=["GET", "POST"])
@facilitator_required
def delete(assessment_id: int):
    """Delete a workshop and all its data, after the facilitator confirms."""
    grant = mine(assessment_id, "delete")
    workshop, form = grant.workshop, DeleteForm()
    if form.validate_on_submit():
        access.audit(grant, "deleted", "workshop")
        remove_renders(current_app.instance_path, *lifecycle.delete_workshop(get_db(), workshop.assessment_id))
        flash(f"The {workshop.organisation} workshop and its data are deleted.")
        return redirect(url_for(".home"))
    return render_template("workshops/delete.html", workshop=workshop, form=form), 422 if form.errors else 200


@bp.post("/workshops/<int:assessment_id>/duplicate")
@facilitator_required
def duplicate(assessment_id: int):
    """A fresh workshop for another client with the same questionnaire, keeping what the facilitator ticked."""
    grant = mine(assessment_id)
    form = DuplicateForm()
    if not form.validate_on_submit():
        return _page(grant, 422, duplicate=form)
    created = lifecycle.duplicate_workshop(get_db(), grant.workshop, grant.facilitator.id, form.organisation.data,
                                           form.keep.data or [])
    flash(f"A new workshop for {created.organisation} is ready, with its own code.")
    return redirect(url_for(".dashboard", assessment_id=created.assessment_id))


@bp.post("/workshops/<int:assessment_id>/next-round")
@facilitator_required
def next_round(assessment_id: int):
    """Start the organisation's next round, keeping its branding, profile, groups, charter and invitation list."""
    grant = _checked_post(assessment_id, "new_round")
    try:
        created = lifecycle.next_round(get_db(), grant.workshop, grant.facilitator.id)
    except store.RoundAlreadyStarted as started:
        flash(f"Round {grant.workshop.round + 1} has already started: this is it.")
        return redirect(url_for(".dashboard", assessment_id=started.next_id))
    waiting = len(carry.unsent_invitations(get_db(), created.assessment_id))
    flash(f"Round {created.round} is open. Participants join with the new code." + (
        f" {waiting} invitation(s) from the last round are ready to send from the settings." if waiting else ""))
    return redirect(url_for("plan_team.review", assessment_id=created.assessment_id))  # it opens with the review
