"""Charter versions: the list, two versions compared, sending the charter to its sponsor for approval."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, get_flashed_messages, redirect, render_template, request, url_for

from app import access, approvals, mail
from app.core.charter.compare import compare
from app.db import get_db
from app.report import context as reports
from app.store import charter_versions as versions_store
from app.web import results_url
from app.web.charter.approval_forms import SendForm, today
from app.web.charter.views import bp


def _metric_names() -> dict[str, str]:
    return {m.id: m.name for m in current_app.extensions["model"].metrics.values()}


@bp.get("/charter/versions")
def versions(**link):
    """Every saved version with its approval state, the comparison form and the send-for-approval form."""
    grant = access.open_assessment("charter_versions", **link)
    form = SendForm()
    form.fill_defaults()
    return _page(link, grant, form)


def _page(link, grant, form, status: int = 200):
    db, aid = get_db(), grant.assessment.id
    found = versions_store.versions(db, aid)
    return render_template(
        "charter/versions.html", organisation=grant.assessment.organisation, versions=found,
        approvals=versions_store.approvals(db, aid), approval=grant.context.approval, form=form, mount=link,
        token=link.get("token"), today=today().isoformat(), results_url=results_url(link),
        new_link=next(iter(get_flashed_messages(category_filter=["approval-link"])), None),
    ), status


@bp.post("/charter/versions/send")
def send(**link):
    """Keep the charter as it stands as a version and send it: a signed link, emailed when mail is set up."""
    grant = access.open_assessment("charter_versions", **link)
    form = SendForm()
    if not form.validate_on_submit():
        return _page(link, grant, form, 422)
    version = approvals.record(grant.context)
    _, token = versions_store.request_approval(
        get_db(), grant.assessment.id, version.id, form.sponsor_name.data, form.expires.data.isoformat(),
        form.review_on.data.isoformat(), form.sponsor_email.data)
    url = url_for("approval.review", token=token, _external=True)
    sender = (grant.context.branding or {}).get("prepared_by") or grant.context.byline.name
    mailed = form.sponsor_email.data and mail.send(
        current_app.config, form.sponsor_email.data, f"For your approval: the customer-success charter of "
        f"{grant.assessment.organisation}", render_template("charter/approval_email.txt", url=url, sender=sender,
                                                            organisation=grant.assessment.organisation,
                                                            version=version, expires=form.expires.data))
    flash(f"Version {version.number} is sent for approval" + (f"; the link was emailed to "
                                                             f"{form.sponsor_email.data}." if mailed else "."))
    flash(url, "approval-link")
    return redirect(url_for(".versions", **link))


@bp.get("/charter/versions/compare")
def compare_versions(**link):
    """Two versions side by side, section by section, with the changes marked."""
    grant = access.open_assessment("charter_versions", **link)
    db, aid = get_db(), grant.assessment.id
    ids = [request.args.get(key, type=int) for key in ("a", "b")]
    older, newer = (versions_store.version(db, aid, i) if i else None for i in ids)
    if older is None or newer is None:
        abort(404)
    if older.number > newer.number:
        older, newer = newer, older
    return render_template("charter/compare.html", organisation=grant.assessment.organisation, older=older,
                           newer=newer, rows=compare(older.content, newer.content, _metric_names()), mount=link,
                           token=link.get("token"))


@bp.get("/charter/approvals/<int:approval_id>.pdf")
def approved_pdf(approval_id: int, **link):
    """The PDF exactly as the sponsor approved it (its SHA-256 is the one recorded)."""
    grant = access.open_assessment("charter_versions", **link)
    data = versions_store.approved_pdf(get_db(), grant.assessment.id, approval_id)
    if data is None:
        abort(404)
    name = reports.filename(grant.assessment.organisation).removesuffix(".pdf") + f"-charter-approved-{approval_id}.pdf"
    return Response(data, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})
