"""Participants join a workshop with its short code, its link or a single-use personal link; no account."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for

from app import store
from app.db import get_db
from app.store import accounts as account_store
from app.web.workshops.forms import CodeForm, JoinForm

bp = Blueprint("join", __name__)
GUESS_WINDOW = timedelta(minutes=15)
MAX_WRONG_CODES = 20  # wrong join codes per client address per window (codes are short: guessing must stay slow)


def _find_by_code(code: str):
    """The workshop with this code, counting a wrong code against the client's address; 429 when over the limit."""
    db = get_db()
    attempt = account_store.reserve_attempt(db, {"join:" + (request.remote_addr or "?"): MAX_WRONG_CODES}, GUESS_WINDOW)
    if attempt is None:
        abort(make_response(render_template(
            "error.html", code=429, title="Too many wrong codes",
            text="Too many wrong workshop codes came from your network. Wait 15 minutes, then check the code "
                 "against the facilitator's screen."), 429))
    found = store.workshop_by_code(db, code)
    if found is not None:
        account_store.release_attempt(db, attempt)  # right codes never count
    return found


@bp.route("/join", methods=["GET", "POST"])
def enter_code():
    """Type the code shown on the facilitator's screen."""
    form = CodeForm()
    if form.validate_on_submit():
        code = form.code.data.strip().upper()
        if _find_by_code(code):
            return redirect(url_for(".by_code", code=code))
        form.code.errors.append("No workshop has this code. Check it against the screen.")
    return render_template("workshops/code.html", form=form), 422 if form.errors else 200


def _join(workshop: store.Workshop | None, invite: dict | None = None, invite_token: str | None = None):
    """The name, department and level form; on success the participant lands on their own private wizard."""
    if workshop is None:
        abort(404)
    if workshop.closed_at:  # the code and links stop working when the facilitator closes the session
        return render_template("workshops/ended.html", workshop=workshop), 410
    form = JoinForm()
    if form.validate_on_submit():
        token = store.invite_resume_token(invite_token) if invite_token else None
        try:
            _, token = store.join_workshop(get_db(), workshop.assessment_id, form.name.data, invite_id=invite["id"] if invite
                                           else None, department=form.department.data, level=form.level.data, token=token)
        except ValueError:
            return _opened_again(invite_token) or (render_template("workshops/invite_used.html"), 410)
        return redirect(url_for("wizard.overview", token=token))
    return render_template("workshops/join.html", form=form, workshop=workshop, invite=invite), 422 if form.errors else 200


@bp.route("/w/<code>", methods=["GET", "POST"])
def by_code(code: str):
    """Join with the workshop's short code (also the link behind the QR code)."""
    return _join(_find_by_code(code))


def _opened_again(invite_token: str):
    """An invitation opened again by the person who joined with it: back to their own answers."""
    token = store.invite_resume_token(invite_token)
    return redirect(url_for("wizard.overview", token=token)) if store.respondent_by_token(get_db(), token) else None


@bp.route("/w/i/<token>", methods=["GET", "POST"])
def by_invite(token: str):
    """Join with a personal link; opened again, it leads the same person back to their answers until the session closes."""
    invite = store.invite_by_token(get_db(), token)
    if invite is None:
        abort(404)
    workshop = store.workshop(get_db(), invite["assessment_id"])
    if workshop is not None and workshop.closed_at:
        return render_template("workshops/ended.html", workshop=workshop), 410
    if invite["used_at"]:
        return _opened_again(token) or (render_template("workshops/invite_used.html"), 410)
    return _join(workshop, invite, token)
