"""Participants join a workshop with its short code, its link or a single-use personal link; no account."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for

from app import access, store
from app.db import get_db
from app.web.workshops.forms import CodeForm, JoinForm

bp = Blueprint("join", __name__)


@bp.route("/join", methods=["GET", "POST"])
def enter_code():
    """Type the code shown on the facilitator's screen."""
    form = CodeForm()
    if form.validate_on_submit():
        code = form.code.data.strip().upper()
        if access.workshop_by_code(code, open_only=False):
            return redirect(url_for(".by_code", code=code))
        form.code.errors.append("No workshop has this code. Check it against the screen.")
    return render_template("workshops/code.html", form=form), 422 if form.errors else 200


def _join(workshop: store.Workshop, invite: dict | None = None, invite_token: str | None = None):
    """The name, department and level form; on success the participant lands on their own private wizard."""
    form = JoinForm()
    if form.validate_on_submit():
        token = store.invite_resume_token(invite_token) if invite_token else None
        try:
            _, token = store.join_workshop(get_db(), workshop.assessment_id, form.name.data, invite_id=invite["id"] if invite
                                           else None, department=form.department.data, level=form.level.data, token=token)
        except ValueError:  # the invitation was used in between
            return access.invitation_used(invite_token)
        return redirect(url_for("wizard.overview", token=token))
    return render_template("workshops/join.html", form=form, workshop=workshop, invite=invite), 422 if form.errors else 200


@bp.route("/w/<code>", methods=["GET", "POST"])
def by_code(code: str):
    """Join with the workshop's short code (also the link behind the QR code)."""
    workshop = access.workshop_by_code(code)
    if workshop is None:
        abort(404)
    return _join(workshop)


@bp.route("/w/i/<token>", methods=["GET", "POST"])
def by_invite(token: str):
    """Join with a personal link; opened again, it leads the same person back to their answers until the session closes."""
    workshop, invite = access.invitation(token)
    return _join(workshop, invite, token)
