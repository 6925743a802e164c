"""Facilitator accounts."""
from .views import SignOutForm, bp, current_facilitator, facilitator_required

__all__ = ["SignOutForm", "bp", "current_facilitator", "facilitator_required"]
