"""The report as a slide deck: /r/<token>/deck.pptx and the facilitator's twin."""
from app.web.deck.views import bp

__all__ = ["bp"]
