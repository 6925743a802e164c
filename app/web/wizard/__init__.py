"""The assessment wizard: start, sections, review, results and the PDF."""
from app.web.wizard import deletion  # noqa: F401  (adds its route to bp)
from app.web.wizard.views import bp

__all__ = ["bp"]
