"""Read-only share links: the public view, and the management mounted under each kind of owner."""
from .views import bp, manage_bp

__all__ = ["bp", "manage_bp"]
