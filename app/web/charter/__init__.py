"""The charter builder (/r/<token>/charter/...), its versions, and the sponsor's approval page (/a/<token>/)."""
from app.web.charter import versions  # noqa: F401  (registers the versions pages on the builder's blueprint)
from app.web.charter.approval import bp as approval_bp
from app.web.charter.views import bp

__all__ = ["approval_bp", "bp"]
