"""Workshop mode: the facilitator's pages and the participants' join pages."""
from . import clients, exports, invitations, manage, present  # noqa: F401  (they add their routes to bp)
from .join import bp as join_bp
from .views import bp

__all__ = ["bp", "join_bp"]
