"""Participants join a workshop with its short code, its link or a single-use personal link; no account."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for

from app import store
from app.db import get_db
from app.web.workshops.forms import CodeForm, JoinForm

bp = Blueprint("join", __name__)


@bp.route("/join", methods=["GET", "POST"])
def enter_code():
    """Type the code shown on the facilitator's screen."""
    form = CodeForm()
    if form.validate_on_submit():
        code = form.code.data.strip().upper()
        if store.workshop_by_code(get_db(), code):
            return redirect(url_for(".by_code", code=code))
        form.code.errors.append("No workshop has this code. Check it against the screen.")
    return render_template("workshops/code.html", form=form), 422 if form.errors else 200


def _join(workshop: store.Workshop | None, invite: dict | None = None):
    """The name-and-role form; on success the participant lands on their own private wizard."""
    if workshop is None or workshop.closed_at:
        abort(404)
    form = JoinForm()
    if form.validate_on_submit():
        try:
            _, token = store.join_workshop(get_db(), workshop.assessment_id, form.name.data, form.role.data,
                                           invite_id=invite["id"] if invite else None)
        except ValueError:
            return render_template("workshops/invite_used.html"), 410
        return redirect(url_for("wizard.overview", token=token))
    return render_template("workshops/join.html", form=form, workshop=workshop, invite=invite), 422 if form.errors else 200


@bp.route("/w/<code>", methods=["GET", "POST"])
def by_code(code: str):
    """Join with the workshop's short code (also the link behind the QR code)."""
    return _join(store.workshop_by_code(get_db(), code))


@bp.route("/w/i/<token>", methods=["GET", "POST"])
def by_invite(token: str):
    """Join with a single-use personal link."""
    invite = store.invite_by_token(get_db(), token)
    if invite is None:
        abort(404)
    if invite["used_at"]:
        return render_template("workshops/invite_used.html"), 410
    return _join(store.workshop(get_db(), invite["assessment_id"]), invite)
