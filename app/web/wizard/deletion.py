"""An owner deletes their self-assessment: every row that refers to it and its cached files go (app/store/deletion.py)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for

from app import access, store
from app.db import get_db
from app.report.renders import remove_renders
from app.web.wizard.forms import DeleteAssessmentForm
from app.web.wizard.views import bp


@bp.route("/r/<token>/delete", methods=["GET", "POST"])
def delete(token: str):
    """Delete this self-assessment and all its data, after the owner confirms; the audit log keeps that it happened."""
    grant = access.by_resume_token(token, "delete")
    form = DeleteAssessmentForm()
    if form.validate_on_submit():
        access.audit(grant, "deleted", "assessment")
        remove_renders(current_app.instance_path, *store.delete_assessment(get_db(), grant.assessment.id))
        flash(f"The {grant.assessment.organisation} assessment and all its data are deleted; its private link no "
              "longer opens anything.")
        return redirect(url_for("wizard.start"))
    return render_template("delete_assessment.html", respondent=grant.respondent, form=form, token=token), \
        422 if form.errors else 200
