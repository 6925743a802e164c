"""The web layer: one package per blueprint, each with its views and forms.

Some blueprints are mounted twice (see app.factory): under an owner's private link (`token`) and
under a facilitator's workshop (`assessment_id`). `home_url` and `results_url` lead back to the
right page for either mount; they live with the access gate, which knows both mounts.
"""
from __future__ import annotations

from app.access import home_url, results_url

__all__ = ["home_url", "results_url"]
