"""Workshop mode: the facilitator's pages and the participants' join pages."""
from app.web.workshops import clients, exports, invitations, manage, present  # noqa: F401  (they add their routes to bp)
from app.web.workshops.join import bp as join_bp
from app.web.workshops.views import bp

__all__ = ["bp", "join_bp"]
