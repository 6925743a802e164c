"""The charter builder: /r/<token>/charter/..."""
from .views import bp

__all__ = ["bp"]
