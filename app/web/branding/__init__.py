"""Report branding (logo, accent colour, "prepared by" line): /r/<token>/branding and the facilitator's twin."""
from .views import bp

__all__ = ["bp"]
