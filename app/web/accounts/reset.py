"""Forgotten passwords: a single-use link valid for an hour, emailed when SMTP is set up, else made by the operator."""
from __future__ import annotations

import time

from flask import current_app, flash, make_response, redirect, render_template, url_for
from werkzeug.security import generate_password_hash

from app import mail, store
from app.db import get_db
from app.store import accounts as account_store
from app.web.accounts import lockout
from app.web.accounts.forms import ForgotForm, ResetForm
from app.web.accounts.links import reset_link
from app.web.accounts.views import bp

# Every answer to a reset request takes this long, account or not: the mail goes out in the background,
# and the few milliseconds of making a token are hidden in the wait (52 ms against 5 ms told them apart).
ANSWER_SECONDS = 0.25


def _reset_text(facilitator) -> str:
    return (f"Set a new password within the next hour with this link (it works once):\n\n"
            f"{reset_link(get_db(), facilitator.email)}\n\n"
            "If you did not ask for this, ignore this email: your password stays as it is.\n")


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link; the answer never says, in words or in time, whether the email has an account."""
    form = ForgotForm()
    emailed = mail.configured(current_app.config) and bool(current_app.config.get("BASE_URL_CONFIGURED"))
    if form.validate_on_submit():
        started = time.monotonic()
        sent = lockout.send_link_mail(get_db(), form.email.data, "password reset", "Reset your CS Maturity password",
                                      _reset_text) if emailed else True
        time.sleep(max(0.0, ANSWER_SECONDS - (time.monotonic() - started)))
        if not sent:
            return render_template("accounts/unlock_sent.html", limited=True, invalid=False), 429
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
        # The reset proved the owner reads this mailbox: this browser signs in without waiting from now on.
        return lockout.remember_device(make_response(redirect(url_for("accounts.sign_in"))), facilitator.id)
    return render_template("accounts/reset.html", form=form), 422 if form.errors else 200
