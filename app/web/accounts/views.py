"""Facilitator accounts: sign up, sign in (slowed after failures: app/web/accounts/lockout.py), sign out.

Sessions are revocable on the server: the session holds the facilitator's session generation, and
signing out or changing the password moves it on, so a copied cookie stops working at once. Who is
signed in is decided by the access gate (`app.access.signed_in`), like every other access question.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, session, url_for
from werkzeug.security import generate_password_hash

from app import store
from app.access import signed_in
from app.db import get_db
from app.passwords import PASSWORD_MIN
from app.store import accounts as account_store
from app.web.accounts import lockout
from app.web.accounts.forms import SignInForm, SignOutForm, SignUpForm, UnlockRequestForm
from app.web.accounts.links import reset_link
from app.web.accounts.passwords import password_matches, safe_next

bp = Blueprint("accounts", __name__, url_prefix="/facilitator")
WINDOW = timedelta(minutes=15)  # the join-code limit's window (app/web/workshops/join.py keeps its own)

__all__ = ["PASSWORD_MIN", "SignOutForm", "bp"]


def sign_in_as(facilitator: store.Facilitator) -> None:
    """A fresh session (no fixation) bound to the facilitator's current session generation."""
    session.clear()
    session["facilitator_id"] = facilitator.id
    session["generation"] = account_store.session_generation(get_db(), facilitator.id)


def _existing_owner_text(facilitator) -> str:
    return ("Someone (perhaps you) tried to create a CS Maturity facilitator account with this address, which already "
            "has one. Nothing changed. If you forgot your password, set a new one within an hour here:\n\n"
            f"{reset_link(get_db(), facilitator.email)}\n")


@bp.route("/sign-up", methods=["GET", "POST"])
def sign_up():
    """Create a facilitator account; the answer is the same whether or not the email had one (no enumeration)."""
    form = SignUpForm()
    if form.validate_on_submit():
        created = store.create_facilitator(get_db(), form.email.data, form.name.data,
                                           generate_password_hash(form.password.data))
        if created is None:  # its owner hears of it: in the background, within the hourly limits, base URL only
            lockout.send_link_mail(get_db(), form.email.data, "sign-up notice",
                                   "Someone tried to create an account with your email", _existing_owner_text)
        flash("If this email address was new, its account is ready: sign in with it. If it already had an account, "
              "sign in with that account's password, or choose “Forgot your password?”.")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/sign_up.html", form=form), 422 if form.errors else 200


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in; failures slow further attempts on the email and the address (not on a browser that signed in before)."""
    form = SignInForm()
    if form.validate_on_submit():
        db = get_db()
        email = form.email.data.strip().lower()
        facilitator = store.facilitator_by_email(db, email)
        attempt, wait = account_store.reserve_slowed(db, lockout.attempt_keys(email, facilitator and facilitator.id))
        if attempt is None:
            return render_template("accounts/sign_in.html", form=form, wait=wait, wait_words=lockout.wait_words(wait),
                                   unlock_form=UnlockRequestForm()), 429
        if password_matches(facilitator.password_hash if facilitator else None, form.password.data):
            account_store.release_attempt(db, attempt)
            store.clear_sign_in_failures(db, "email:" + email)
            sign_in_as(facilitator)
            response = make_response(redirect(safe_next(request.args.get("next")) or url_for("workshops.home")))
            return lockout.remember_device(response, facilitator.id)
        form.password.errors.append("That email and password do not match an account.")
    return render_template("accounts/sign_in.html", form=form, wait=0), 422 if form.errors else 200


@bp.post("/sign-out")
def sign_out():
    """End this facilitator's sessions on the server, then forget the cookie."""
    if not SignOutForm().validate_on_submit():
        abort(400)
    facilitator = signed_in(session)
    if facilitator is not None:
        account_store.end_sessions(get_db(), facilitator.id)
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("accounts.sign_in"))
