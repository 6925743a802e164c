"""The company profile: business model, size and outcome figures, skippable and editable later."""
from app.web.profile.views import bp

__all__ = ["bp"]
