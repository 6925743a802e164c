"""Personal links: one made on screen, or emailed to a list of addresses with one reminder (app/mail.py)."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for

from app import mail, store
from app.access import facilitator_required
from app.core.estimates import minutes
from app.db import get_db
from app.report.logo import raster
from app.store import carry, lifecycle
from app.web.workshops.forms import EmailInvitesForm, InviteForm, PlainForm
from app.web.workshops.manage import _page
from app.web.workshops.views import bp, mine


def _link(token: str) -> str:
    return url_for("join.by_invite", token=token, _external=True)


LOGO_CID = "logo@cs-maturity"


def _send(grant, email: str, link: str, reminder: bool) -> bool:
    """One invitation (or its reminder) by email, signed by the facilitator with their logo when the workshop's
    branding has one; False when no mail server is set or it failed."""
    if not mail.links_ready(current_app.config, "workshop invitation"):
        return False
    workshop, facilitator = grant.workshop, grant.facilitator
    subject = (f"Reminder: the {workshop.organisation} workshop" if reminder
               else f"Your link to the {workshop.organisation} workshop")
    opening = "A reminder: you have not joined yet." if reminder else f"{facilitator.name} invites you to a workshop."
    brand = grant.context.branding or {}
    logo = raster(brand.get("logo"))
    images = {LOGO_CID: (logo.getvalue(), brand["logo"].split(";", 1)[0].removeprefix("data:"))} if logo else {}
    words = dict(workshop=workshop, link=link, opening=opening, facilitator=facilitator, signature=brand.get("prepared_by"),
                 minutes=minutes(grant.context.questionnaire.questions.values()), logo_cid=LOGO_CID if logo else None)
    text = render_template("workshops/invitation_email.txt", **words)
    html = render_template("workshops/invitation_email.html", **words)
    return mail.send(current_app.config, email, subject, text, html, images)


def _shown(unsent: list[tuple[str, str]]) -> None:
    """Links that could not be emailed are shown to copy, once."""
    for email, link in unsent:
        flash(f"{email}: {link}", "invite")


@bp.post("/workshops/<int:assessment_id>/invites")
@facilitator_required
def invite(assessment_id: int):
    """A single-use personal link for one participant, shown once to copy."""
    grant = mine(assessment_id)
    workshop, form = grant.workshop, InviteForm()
    if not form.validate_on_submit():  # a label that is too long is named at the field, never cut
        return _page(grant, 422, invite=form)
    token = store.create_invite(get_db(), workshop.assessment_id, form.label.data or "")
    flash(f"{form.label.data or 'New personal link'}: {_link(token)}", "invite")
    return _redirect(assessment_id)


def _redirect(assessment_id: int):
    return redirect(url_for(".manage", assessment_id=assessment_id) + "#invitations")


@bp.post("/workshops/<int:assessment_id>/invitations")
@facilitator_required
def email_invitations(assessment_id: int):
    """Each address gets its own single-use link by email; without a mail server the links are shown to copy."""
    grant = mine(assessment_id)
    workshop = grant.workshop
    form = EmailInvitesForm()
    if not form.validate_on_submit():
        return _page(grant, 422, emails=form)
    unsent = []
    for email in form.emails():
        _, token = lifecycle.create_email_invite(get_db(), workshop.assessment_id, email)
        if not _send(grant, email, _link(token), reminder=False):
            unsent.append((email, _link(token)))
    sent = len(form.emails()) - len(unsent)
    flash(f"{sent} invitation(s) sent by email." if not unsent else
          f"{sent} invitation(s) sent by email; the links below could not be emailed (no mail server is set up, "
          "or it refused them): copy them to each person yourself.")
    _shown(unsent)
    return _redirect(assessment_id)


@bp.post("/workshops/<int:assessment_id>/invitations/remind")
@facilitator_required
def remind(assessment_id: int):
    """One reminder to everyone invited by email who has not joined yet (each gets a fresh link)."""
    grant = mine(assessment_id)
    workshop = grant.workshop
    if not PlainForm().validate_on_submit():
        abort(400)
    due = lifecycle.invites_to_remind(get_db(), workshop.assessment_id)
    unsent = []
    for invitation in due:
        link = _link(lifecycle.renew_for_reminder(get_db(), invitation["id"]))
        if not _send(grant, invitation["email"], link, reminder=True):
            unsent.append((invitation["email"], link))
    if not due:
        flash("Nobody is waiting for a reminder: everyone invited has joined or been reminded once.")
    else:
        flash(f"{len(due) - len(unsent)} reminder(s) sent." + (" Copy the new links below to the others: their "
                                                              "first links no longer work." if unsent else ""))
    _shown(unsent)
    return _redirect(assessment_id)


@bp.post("/workshops/<int:assessment_id>/invitations/carried")
@facilitator_required
def send_carried(assessment_id: int):
    """Send the invitations carried over from the last round: each gets a new link now (by email, or to copy)."""
    grant = mine(assessment_id)
    if not PlainForm().validate_on_submit():
        abort(400)
    waiting = carry.unsent_invitations(get_db(), grant.workshop.assessment_id)
    unsent = []
    for invitation in waiting:
        link = _link(carry.issue_link(get_db(), invitation["id"]))
        if not invitation["email"] or not _send(grant, invitation["email"], link, reminder=False):
            unsent.append((invitation["email"] or invitation["label"], link))
    flash(f"{len(waiting) - len(unsent)} carried-over invitation(s) sent by email." + (
        " Copy the links below to the others yourself." if unsent else ""))
    _shown(unsent)
    return _redirect(assessment_id)
