"""Read-only share links: the owner creates, lists and revokes them; anyone with one sees the report."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, abort, flash, get_flashed_messages, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from app import access, store
from app.db import get_db
from app.web import downloads, results_url

bp = Blueprint("share", __name__)
# Mounted under a private link and under a facilitator's workshop (see app.factory).
manage_bp = Blueprint("share_manage", __name__)
MAX_DAYS = 366


def today() -> date:
    return datetime.now(UTC).date()


class ShareForm(FlaskForm):
    """A new read-only link: who it is for and until when it works."""

    label = StringField("Who is this link for? (optional)", validators=[Length(max=80, message="Keep the label under 80 characters.")])
    expires = DateField("Works until (inclusive)", validators=[DataRequired("Enter the last day the link should work.")])
    create = SubmitField("Create link")

    def validate_expires(self, field):
        if field.data < today():
            raise ValidationError("Choose a date from today on: a link that has already expired would be useless.")
        if field.data > today() + timedelta(days=MAX_DAYS):
            raise ValidationError("Choose a date within a year from today.")


class RevokeForm(FlaskForm):
    revoke = SubmitField("Revoke")


@manage_bp.route("/share", methods=["GET", "POST"])
def manage(**link):
    """The owner's (or facilitator's) list of share links, with a form to create one."""
    grant = access.open_assessment("share", **link)  # nothing to share until the answers place the organisation
    form = ShareForm()
    if not form.is_submitted():
        form.expires.data = today() + timedelta(days=30)
    if form.validate_on_submit():
        _, secret = store.create_share_link(get_db(), grant.assessment.id, form.expires.data.isoformat(),
                                            form.label.data or "")
        flash(url_for("share.view", token=secret, _external=True), "new-share-link")
        return redirect(url_for(".manage", **link))
    links = store.share_links(get_db(), grant.assessment.id)
    return render_template(
        "share/manage.html", organisation=grant.assessment.organisation, form=form, revoke=RevokeForm(), links=links,
        mount=link, token=link.get("token"), today=today().isoformat(), back_url=results_url(link),
        new_link=next(iter(get_flashed_messages(category_filter=["new-share-link"])), None),
    ), 422 if form.errors else 200



@manage_bp.post("/share/<int:link_id>/revoke")
def revoke(link_id: int, **link):
    """Revoke one of this assessment's links; another assessment's link id is a 404."""
    grant = access.open_assessment("share", **link)
    if not RevokeForm().validate_on_submit():
        abort(400)
    if not store.revoke_share_link(get_db(), grant.assessment.id, link_id):
        abort(404)
    flash("The link is revoked: it now shows nothing but a notice.")
    return redirect(url_for(".manage", **link))


def _shared_report(token: str, action: str, with_charter: bool):
    """The report behind an active share link: (grant, context), or a closed-link response."""
    grant, closed = access.by_share_token(token, action, today().isoformat())
    if closed:
        return None, closed
    return (grant, grant.context.full_report if with_charter else grant.context.report), None


@bp.get("/s/<token>/")
def view(token: str):
    """The read-only report behind a share link."""
    shared, closed = _shared_report(token, "results", with_charter=False)
    if closed:
        return closed
    grant, context = shared
    return render_template("share/view.html", report=context, link=grant.link, token=token)


@bp.get("/s/<token>/report.pdf")
def view_pdf(token: str):
    """The PDF behind a share link (cached per content; rendered in the background)."""
    grant, closed = access.by_share_token(token, "pdf", today().isoformat())
    if closed:
        return closed
    return downloads.report_pdf(grant.context, back_url=url_for(".view", token=token))
