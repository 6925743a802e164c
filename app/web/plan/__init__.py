"""Targets, the action plan and its review (mounted twice, like the charter), and action owners' own links."""
from app.web.plan import owners  # noqa: F401  (adds the owner-link and CSV-import routes to bp)
from app.web.plan.own import bp as own_bp
from app.web.plan.views import bp

__all__ = ["bp", "own_bp"]
