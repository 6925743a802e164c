"""The web layer: one package per blueprint, each with its views and forms.

Some blueprints are mounted twice (see app.factory): under an owner's private link (`token`) and
under a facilitator's workshop (`assessment_id`). These helpers lead back to the right page for
either mount.
"""
from __future__ import annotations

from flask import url_for


def results_url(link: dict) -> str:
    """The results page of the assessment a mounted page belongs to."""
    if "token" in link:
        return url_for("wizard.results", token=link["token"])
    return url_for("workshops.results", assessment_id=link["assessment_id"])


def home_url(link: dict) -> str:
    """The assessment's home: the owner's overview, or the facilitator's dashboard."""
    if "token" in link:
        return url_for("wizard.overview", token=link["token"])
    return url_for("workshops.dashboard", assessment_id=link["assessment_id"])
