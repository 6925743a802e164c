"""The slide deck download, mounted under a private link and under a facilitator's workshop."""
from __future__ import annotations

from flask import Blueprint

from app import access
from app.report import context as reports
from app.report.deck import build_deck
from app.web import downloads

bp = Blueprint("deck", __name__)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@bp.get("/deck.pptx")
def download(**link):
    """The report as an editable PowerPoint deck (results, charter summary, roadmap), with speaker notes; built once
    per content and served from the render cache."""
    grant = access.open_assessment("deck", **link)
    context = grant.context
    return downloads.generated(context, "deck", lambda: build_deck(context.full_report), mimetype=PPTX,
                               filename=reports.filename(grant.assessment.organisation, "pptx"))
