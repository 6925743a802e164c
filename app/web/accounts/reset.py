"""Forgotten passwords: a single-use link valid for an hour, emailed when SMTP is set up, else made by the operator."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from werkzeug.security import generate_password_hash

from app import mail, store
from app.db import get_db
from app.store import accounts as account_store
from app.web.accounts.forms import ForgotForm, ResetForm
from app.web.accounts.links import reset_link
from app.web.accounts.views import bp


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link; the answer never says whether the email has an account."""
    form = ForgotForm()
    emailed = mail.configured(current_app.config)
    if form.validate_on_submit():
        if emailed:
            link = reset_link(get_db(), form.email.data)
            if link:
                mail.send(current_app.config, form.email.data, "Reset your CS Maturity password",
                          f"Set a new password within the next hour with this link (it works once):\n\n{link}\n\n"
                          "If you did not ask for this, ignore this email: your password stays as it is.\n")
        return render_template("accounts/forgot_sent.html", emailed=emailed)
    return render_template("accounts/forgot.html", form=form, emailed=emailed), 422 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through a reset link; it ends every session and the link's use."""
    facilitator = account_store.facilitator_by_reset_token(get_db(), token)
    if facilitator is None:
        return render_template("accounts/reset_expired.html"), 410
    form = ResetForm()
    form.hints = (facilitator.email, facilitator.name)
    if form.validate_on_submit():
        account_store.set_password(get_db(), facilitator.id, generate_password_hash(form.password.data))
        store.clear_sign_in_failures(get_db(), "email:" + facilitator.email)
        flash("Your password is changed and every earlier session is signed out. Sign in with the new password.")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset.html", form=form), 422 if form.errors else 200
