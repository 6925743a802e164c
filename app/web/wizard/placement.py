"""No confident nonsense: routes that show a result stop with a clear page until the answers can place the organisation."""
from __future__ import annotations

from flask import abort, current_app, make_response, render_template, url_for

from app import access, assessments
from app.core.placement import Placement, placement
from app.db import get_db


def placement_of(grant: access.Grant) -> Placement:
    """How many informed answers the assessment has, and how many placing it needs."""
    catalogue = access.catalogue()
    answers = assessments.resolve_answers(get_db(), catalogue, grant.assessment)
    return placement(catalogue.questionnaire(grant.assessment), answers.values)


def _back_url(grant: access.Grant) -> str:
    args = grant.link_args
    if "token" in args:
        return url_for("wizard.overview", token=args["token"])
    return url_for("workshops.dashboard", assessment_id=args["assessment_id"])


def shows_stage(report: dict) -> bool:
    """Whether the results page shows the verdict, or how many more answers it needs."""
    return report["verdict"]["placement"]["ready"] or not current_app.config.get("REQUIRE_PLACEMENT", True)


def require_placement(grant: access.Grant) -> None:
    """Answer 409 with "answer N more" when the report, charter or a share link would rest on too few answers."""
    if not current_app.config.get("REQUIRE_PLACEMENT", True):  # tests of other features may opt out
        return
    found = placement_of(grant)
    if not found.ready:
        page = render_template("results/not_yet.html", placement=found.to_dict(), back_url=_back_url(grant),
                               organisation=grant.assessment.organisation)
        abort(make_response(page, 409))
