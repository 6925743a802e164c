"""Read-only share links: the public view, and the management mounted under each kind of owner."""
from app.web.share.views import bp, manage_bp

__all__ = ["bp", "manage_bp"]
