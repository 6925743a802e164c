"""The charter builder (/r/<token>/charter/...), its versions, and the sponsor's approval page (/a/<token>/)."""
from . import versions  # noqa: F401  (registers the versions pages on the builder's blueprint)
from .approval import bp as approval_bp
from .views import bp

__all__ = ["approval_bp", "bp"]
