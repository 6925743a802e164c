"""The company profile: business model, size and outcome figures, skippable and editable later."""
from .views import bp

__all__ = ["bp"]
