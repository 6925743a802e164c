"""Report branding (logo, accent colour, "prepared by" line): /r/<token>/branding and the facilitator's twin."""
from app.web.branding.views import bp

__all__ = ["bp"]
