"""Facilitator accounts."""
from . import reset as _reset  # noqa: F401  (registers the password-reset views on the blueprint)
from .forms import SignOutForm
from .views import bp, current_facilitator, facilitator_required

__all__ = ["SignOutForm", "bp", "current_facilitator", "facilitator_required"]
