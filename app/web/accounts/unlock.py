"""Unlock links: a facilitator held back by slowed sign-ins gets an email that lets their browser sign in at once."""
from __future__ import annotations

from flask import flash, make_response, redirect, render_template, url_for

from app import store
from app.db import get_db
from app.store import accounts as account_store
from app.web.accounts.forms import UnlockForm, UnlockRequestForm
from app.web.accounts.lockout import remember_device, send_link_mail
from app.web.accounts.views import bp


def _unlock_text(facilitator) -> str:
    link = url_for("accounts.unlock", token=account_store.create_unlock_link(get_db(), facilitator.id), _external=True)
    return ("Someone (perhaps you) could not sign in to your CS Maturity facilitator account right away: after "
            "several wrong passwords, sign-in for it is slowed. To let your browser sign in now, open this link "
            f"within an hour (it works once):\n\n{link}\n\nIf you did not ask for it, ignore this email; attempts from "
            "elsewhere stay slowed. If you think someone knows your password, choose “Forgot your password?”.\n")


@bp.post("/unlock")
def request_unlock():
    """Email an unlock link to the account with this address; the same answer whether or not it exists."""
    form = UnlockRequestForm()
    if not form.validate_on_submit():
        return render_template("accounts/unlock_sent.html", limited=False, invalid=True), 422
    sent = send_link_mail(get_db(), form.email.data, "sign-in unlock", "A link to sign in to CS Maturity now",
                          _unlock_text)
    return render_template("accounts/unlock_sent.html", limited=not sent, invalid=False), 200 if sent else 429


@bp.route("/unlock/<token>", methods=["GET", "POST"])
def unlock(token: str):
    """Show a button; pressing it spends the link and lets this browser sign in without waiting."""
    facilitator = account_store.use_unlock_link(get_db(), token, spend=False)
    if facilitator is None:
        return render_template("accounts/reset_expired.html", unlock=True), 410
    form = UnlockForm()
    if form.validate_on_submit() and account_store.use_unlock_link(get_db(), token):
        store.clear_sign_in_failures(get_db(), "email:" + facilitator.email)
        flash("This browser can sign in now. Attempts from other browsers stay slowed.")
        return remember_device(make_response(redirect(url_for("accounts.sign_in"))), facilitator.id)
    return render_template("accounts/unlock.html", form=form, email=facilitator.email)
