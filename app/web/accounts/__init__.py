"""Facilitator accounts: sign up, sign in, sign out, forgotten passwords."""
from app.web.accounts import reset as _reset  # noqa: F401  (registers the password-reset views on the blueprint)
from app.web.accounts import unlock as _unlock  # noqa: F401  (registers the unlock-link views on the blueprint)
from app.web.accounts.forms import SignOutForm
from app.web.accounts.views import bp

__all__ = ["SignOutForm", "bp"]
