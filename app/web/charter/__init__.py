"""The charter builder: /r/<token>/charter/..."""
from app.web.charter.views import bp

__all__ = ["bp"]
