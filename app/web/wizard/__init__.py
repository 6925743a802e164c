"""The assessment wizard: start, sections, review, results and the PDF."""
from .views import bp

__all__ = ["bp"]
