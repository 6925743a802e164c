"""Read-only share links."""
from .views import bp

__all__ = ["bp"]
