"""Read-only share links: the owner creates, lists and revokes them; anyone with one sees the report."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, abort, flash, get_flashed_messages, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from app import store
from app.db import get_db
from app.web.wizard.views import _load, _report_context, pdf_response

bp = Blueprint("share", __name__)
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


@bp.route("/r/<token>/share", methods=["GET", "POST"])
def manage(token: str):
    """The owner's list of share links, with a form to create one."""
    respondent, _ = _load(token)
    form = ShareForm()
    if not form.is_submitted():
        form.expires.data = today() + timedelta(days=30)
    if form.validate_on_submit():
        _, secret = store.create_share_link(get_db(), respondent.assessment_id, form.expires.data.isoformat(),
                                            form.label.data or "")
        flash(url_for(".view", token=secret, _external=True), "new-share-link")
        return redirect(url_for(".manage", token=token))
    links = store.share_links(get_db(), respondent.assessment_id)
    return render_template(
        "share/manage.html", respondent=respondent, form=form, revoke=RevokeForm(), links=links, token=token,
        today=today().isoformat(), new_link=next(iter(get_flashed_messages(category_filter=["new-share-link"])), None),
    ), 422 if form.errors else 200


@bp.post("/r/<token>/share/<int:link_id>/revoke")
def revoke(token: str, link_id: int):
    """Revoke one of this assessment's links; another assessment's link id is a 404."""
    respondent, _ = _load(token)
    if not RevokeForm().validate_on_submit():
        abort(400)
    if not store.revoke_share_link(get_db(), respondent.assessment_id, link_id):
        abort(404)
    flash("The link is revoked: it now shows nothing but a notice.")
    return redirect(url_for(".manage", token=token))


def _open(token: str):
    """The share link behind a token if it is active; otherwise a page saying why it does not work."""
    link = store.share_link_by_token(get_db(), token)
    if link is None:
        abort(404)
    state = link.state(today().isoformat())
    if state != "active":
        return link, render_template("share/closed.html", link=link, state=state), 410
    return link, None, None


def _shared_report(token: str, with_charter: bool):
    """The report behind an active share link: (link, respondent, context), or a closed-link response."""
    link, closed, status = _open(token)
    if closed:
        return None, (closed, status)
    respondent = store.respondent_of_assessment(get_db(), link.assessment_id)
    _, _, context = _report_context(respondent=respondent, with_charter=with_charter)
    return (link, respondent, context), None


@bp.get("/s/<token>/")
def view(token: str):
    """The read-only report behind a share link."""
    shared, closed = _shared_report(token, with_charter=False)
    if closed:
        return closed
    link, _, context = shared
    return render_template("share/view.html", report=context, link=link, token=token)


@bp.get("/s/<token>/report.pdf")
def view_pdf(token: str):
    """The PDF behind a share link."""
    shared, closed = _shared_report(token, with_charter=True)
    if closed:
        return closed
    _, respondent, context = shared
    return pdf_response(context, respondent.organisation)
