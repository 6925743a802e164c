"""Links mailed to a facilitator (password reset), built from the configured base URL (app.factory._use_base_url)."""
from __future__ import annotations

from flask import url_for

from app import store
from app.store import accounts as account_store


def reset_link(db, email: str) -> str | None:
    """A fresh single-use reset link for the account with this email (None when there is none)."""
    facilitator = store.facilitator_by_email(db, email)
    if facilitator is None:
        return None
    token, _expires = account_store.create_password_reset(db, facilitator.id)
    return url_for("accounts.reset_password", token=token, _external=True)
