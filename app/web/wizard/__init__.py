"""The assessment wizard: start, sections, review, results and the PDF."""
from . import deletion  # noqa: F401  (adds its route to bp)
from .views import bp

__all__ = ["bp"]
