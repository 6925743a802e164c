"""Forms for charter versions and approvals: comparing two versions, sending one, the sponsor's decision."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

LINK_DAYS, LINK_MAX_DAYS = 14, 90
REVIEW_DAYS = 365


def today() -> date:
    return datetime.now(UTC).date()


class SendForm(FlaskForm):
    """Send the charter as it stands to the sponsor: who, until when the link works, when to review it."""

    sponsor_name = StringField("Sponsor's name", validators=[
        DataRequired("Enter the name of the executive who approves the charter."),
        Length(max=120, message="Keep the name under 120 characters.")])
    sponsor_email = EmailField("Sponsor's email (optional)", validators=[
        Optional(), Email("Enter an email address such as name@example.com, or leave it empty."),
        Length(max=254, message="That email address is too long.")],
        description="With mail set up on this server, the link is emailed; otherwise copy it from the next page.")
    expires = DateField("The link works until (inclusive)",
                        validators=[DataRequired("Enter the last day the approval link should work.")])
    review_on = DateField("Review the charter by",
                          validators=[DataRequired("Enter the date by which the approved charter is reviewed.")],
                          description="Set on approval; a reminder is sent (or shown on the results page) from that day.")
    send = SubmitField("Send for approval")

    def validate_expires(self, field):
        if field.data < today():
            raise ValidationError("Choose a date from today on: a link that has already expired would be useless.")
        if field.data > today() + timedelta(days=LINK_MAX_DAYS):
            raise ValidationError(f"Choose a date within {LINK_MAX_DAYS} days: an approval should not wait longer.")

    def validate_review_on(self, field):
        if field.data <= today():
            raise ValidationError("Choose a review date after today.")
        if field.data > today() + timedelta(days=3 * REVIEW_DAYS):
            raise ValidationError("Choose a review date within three years.")

    def fill_defaults(self) -> None:
        self.expires.data = today() + timedelta(days=LINK_DAYS)
        self.review_on.data = today() + timedelta(days=REVIEW_DAYS)


class DecisionForm(FlaskForm):
    """The sponsor's answer: approve, or ask for changes with a comment."""

    name = StringField("Your name", validators=[DataRequired("Enter your name: it is recorded with your decision."),
                                                Length(max=120, message="Keep the name under 120 characters.")])
    decision = RadioField("Your decision", choices=[SelectChoice("approved", "I approve this version of the charter"),
                                                    SelectChoice("changes", "I ask for changes")],
                          validators=[DataRequired("Choose whether you approve or ask for changes.")])
    comment = TextAreaField("Comment", validators=[Length(max=4000, message="Keep the comment under 4,000 characters.")],
                            description="Needed when you ask for changes: say what should change.")
    submit = SubmitField("Send my decision")

    def validate_comment(self, field):
        if self.decision.data == "changes" and not (field.data or "").strip():
            raise ValidationError("Say what should change, so the team knows what to do.")
