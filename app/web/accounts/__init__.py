"""Facilitator accounts: sign up, sign in, sign out, forgotten passwords."""
from . import reset as _reset  # noqa: F401  (registers the password-reset views on the blueprint)
from . import unlock as _unlock  # noqa: F401  (registers the unlock-link views on the blueprint)
from .forms import SignOutForm
from .views import bp

__all__ = ["SignOutForm", "bp"]
