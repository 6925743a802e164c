"""The sponsor's page behind an approval link: read the charter version, approve it or ask for changes."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for

from app import access, approvals
from app.db import get_db
from app.report import charter as report_charter
from app.report import context as reports
from app.store import charter_versions as versions_store
from app.web.charter.approval_forms import DecisionForm, today

bp = Blueprint("approval", __name__)


def _open(token: str):
    """The grant and the version behind an approval link, or the response saying the link has expired."""
    grant, closed = access.by_approval_token(token, "approve", today().isoformat())
    if closed:
        return None, None, closed
    version = versions_store.version(get_db(), grant.assessment.id, grant.approval.version_id)
    return grant, version, None


@bp.route("/a/<token>/", methods=["GET", "POST"])
def review(token: str):
    """The charter version sent for approval, and the sponsor's decision (recorded once)."""
    grant, version, closed = _open(token)
    if closed:
        return closed
    form, found = DecisionForm(), grant.approval
    if not form.is_submitted():
        form.name.data = found.sponsor_name
    if found.decision is None and form.validate_on_submit():
        if form.decision.data == versions_store.APPROVED:
            approvals.approve(grant.context, found, form.name.data, timeout=current_app.config["PDF_TIMEOUT"])
            flash("Thank you: your approval is recorded with the PDF you approved.")
        else:
            versions_store.decide(get_db(), found.id, versions_store.CHANGES, form.name.data, form.comment.data)
            flash("Thank you: your request for changes is recorded and shown to the team.")
        return redirect(url_for(".review", token=token))
    found = versions_store.approval(get_db(), grant.assessment.id, found.id)  # fresh: the decision if just made
    report = {"charter": report_charter.version_context(version.content, current_app.extensions["model"])}
    return render_template("charter/approve.html", organisation=grant.assessment.organisation, version=version,
                           approval=found, form=form, report=report, token=token,
                           sender=(grant.context.branding or {}).get("prepared_by") or grant.context.byline.name,
                           ), 422 if form.errors else 200


@bp.get("/a/<token>/charter.pdf")
def charter_pdf(token: str):
    """The version as a PDF: the one the sponsor approved once they have, else rendered for reading."""
    grant, version, closed = _open(token)
    if closed:
        return closed
    data = versions_store.approved_pdf(get_db(), grant.assessment.id, grant.approval.id)
    if data is None:
        data = approvals.document(grant.context, version, timeout=current_app.config["PDF_TIMEOUT"])
    name = reports.filename(grant.assessment.organisation).removesuffix(".pdf") + f"-charter-v{version.number}.pdf"
    return Response(data, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})
