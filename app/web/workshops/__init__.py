"""Workshop mode: the facilitator's pages and the participants' join pages."""
from .join import bp as join_bp
from .views import bp

__all__ = ["bp", "join_bp"]
