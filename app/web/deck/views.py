"""The slide deck download, mounted under a private link and under a facilitator's workshop."""
from __future__ import annotations

from flask import Blueprint, Response

from app import access
from app.report import context as reports
from app.report.deck import build_deck

bp = Blueprint("deck", __name__)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@bp.get("/deck.pptx")
def download(**link):
    """The report as an editable PowerPoint deck (results, charter summary, roadmap), with speaker notes."""
    grant = access.open_assessment("deck", **link)
    name = reports.filename(grant.assessment.organisation, "pptx")
    return Response(build_deck(grant.context.full_report), mimetype=PPTX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
