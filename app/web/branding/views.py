"""The report branding page, mounted under a private link and under a facilitator's workshop."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from app import access
from app.db import get_db
from app.store import branding
from app.web import results_url
from app.web.branding.forms import BrandingForm

bp = Blueprint("branding", __name__)


@bp.route("/branding", methods=["GET", "POST"])
def edit(**link):
    """Show and save the logo, accent colour and "prepared by" line of this assessment's report."""
    grant = access.open_assessment("branding", **link)
    db, form = get_db(), BrandingForm()
    current = branding.load_branding(db, grant.assessment.id)
    if form.validate_on_submit():
        branding.save_branding(db, grant.assessment.id, (form.accent.data or "").strip() or None,
                               form.prepared_by.data or "", logo=form.checked_logo,
                               remove_logo=form.remove_logo.data)
        flash(" ".join(filter(None, ["The branding is saved; the PDF report and the results page use it.",
                                     form.accent_warning()])))
        return redirect(url_for(".edit", **link))
    if not form.is_submitted() and current:
        form.prepared_by.data, form.accent.data = current.prepared_by, current.accent
    return render_template("branding/edit.html", form=form, organisation=grant.assessment.organisation,
                           preview=current.for_report() if current else None,
                           stale_logo=bool(current and current.stale_logo), back_url=results_url(link),
                           token=link.get("token")), 422 if form.errors else 200
