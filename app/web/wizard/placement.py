"""No confident nonsense: routes that show a result stop with a clear page until the answers can place the organisation."""
from __future__ import annotations

from collections.abc import Mapping

from flask import abort, current_app, make_response, render_template

from app import access, assessments
from app.core.placement import Placement, placement
from app.db import get_db
from app.web import home_url


def placement_of(grant: access.Grant, answers: Mapping | None = None) -> Placement:
    """How many informed answers the assessment has, and how many placing it needs (answers: its resolved
    values when the caller has them already, so they are not resolved twice)."""
    catalogue = access.catalogue()
    if answers is None:
        answers = assessments.resolve_answers(get_db(), catalogue, grant.assessment).values
    return placement(catalogue.questionnaire(grant.assessment), answers)


def shows_stage(report: dict) -> bool:
    """Whether the results page shows the verdict, or how many more answers it needs."""
    return report["verdict"]["placement"]["ready"] or not current_app.config.get("REQUIRE_PLACEMENT", True)


def require_placement(grant: access.Grant, answers: Mapping | None = None) -> None:
    """Answer 409 with "answer N more" when the report, charter or a share link would rest on too few answers."""
    if not current_app.config.get("REQUIRE_PLACEMENT", True):  # tests of other features may opt out
        return
    found = placement_of(grant, answers)
    if not found.ready:
        page = render_template("results/not_yet.html", placement=found.to_dict(), back_url=home_url(grant.link_args),
                               organisation=grant.assessment.organisation)
        abort(make_response(page, 409))
