"""Facilitator accounts: sign up, sign in (rate-limited), sign out; `facilitator_required` guards their pages."""
from __future__ import annotations

from datetime import timedelta
from functools import wraps

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app import store
from app.db import get_db

bp = Blueprint("accounts", __name__, url_prefix="/facilitator")
WINDOW = timedelta(minutes=15)
MAX_PER_EMAIL = 5  # failed sign-ins per email per window
MAX_PER_ADDRESS = 20  # failed sign-ins per client address per window
PASSWORD_MIN = 12


class SignUpForm(FlaskForm):
    """A new facilitator account."""

    name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=80)])
    email = EmailField("Email", validators=[DataRequired("Enter your email address."),
                                            Email("Enter an email address like name@example.com."), Length(max=254)])
    password = PasswordField("Password", validators=[
        DataRequired("Choose a password."),
        Length(min=PASSWORD_MIN, max=200, message=f"Use at least {PASSWORD_MIN} characters.")])
    confirm = PasswordField("Repeat the password", validators=[EqualTo("password", "The two passwords differ.")])
    submit = SubmitField("Create account")


class SignInForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired("Enter your email address."), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=200)])
    submit = SubmitField("Sign in")


class SignOutForm(FlaskForm):
    submit = SubmitField("Sign out")


def current_facilitator() -> store.Facilitator | None:
    """The signed-in facilitator, loaded once per request."""
    if "facilitator" not in g:
        fid = session.get("facilitator_id")
        g.facilitator = store.facilitator_by_id(get_db(), fid) if fid else None
    return g.facilitator


def facilitator_required(view):
    """Send anyone not signed in to the sign-in page, then back."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_facilitator() is None:
            return redirect(url_for("accounts.sign_in", next=request.path))
        return view(*args, **kwargs)
    return wrapped


def _sign_in_as(facilitator: store.Facilitator) -> None:
    session.clear()  # a fresh session on sign-in: no fixation
    session["facilitator_id"] = facilitator.id


@bp.route("/sign-up", methods=["GET", "POST"])
def sign_up():
    """Create a facilitator account and sign in."""
    form = SignUpForm()
    if form.validate_on_submit():
        facilitator = store.create_facilitator(get_db(), form.email.data, form.name.data,
                                               generate_password_hash(form.password.data))
        if facilitator is None:
            form.email.errors.append("An account with this email exists already: sign in instead.")
        else:
            _sign_in_as(facilitator)
            return redirect(url_for("workshops.home"))
    return render_template("accounts/sign_up.html", form=form), 422 if form.errors else 200


def _safe_next(target: str | None) -> str:
    """Only a path on this site, never another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("workshops.home")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in; failures are counted per email and per address, and too many lock sign-in for a while."""
    form = SignInForm()
    if form.validate_on_submit():
        db = get_db()
        email_key = "email:" + form.email.data.strip().lower()
        address_key = "addr:" + (request.remote_addr or "?")
        if (store.recent_sign_in_attempts(db, email_key, WINDOW) >= MAX_PER_EMAIL
                or store.recent_sign_in_attempts(db, address_key, WINDOW) >= MAX_PER_ADDRESS):
            return render_template("accounts/sign_in.html", form=form, locked=True), 429
        facilitator = store.facilitator_by_email(db, form.email.data)
        if facilitator and check_password_hash(facilitator.password_hash, form.password.data):
            store.clear_sign_in_failures(db, email_key)
            _sign_in_as(facilitator)
            return redirect(_safe_next(request.args.get("next")))
        store.record_sign_in_failure(db, email_key, address_key)
        form.password.errors.append("That email and password do not match an account.")
    return render_template("accounts/sign_in.html", form=form, locked=False), 422 if form.errors else 200


@bp.post("/sign-out")
def sign_out():
    """Forget the signed-in facilitator."""
    if not SignOutForm().validate_on_submit():
        abort(400)
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("accounts.sign_in"))
