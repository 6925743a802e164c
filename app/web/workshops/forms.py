"""Forms of the workshop pages."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN
from app.web.wizard.forms import ROLES


class WorkshopForm(FlaskForm):
    """A workshop for a client organisation."""

    organisation = StringField("Client organisation", validators=[
        DataRequired("Enter the client organisation's name."), Length(max=120)])
    path = RadioField("Questionnaire", default="quick", choices=[
        SelectChoice("quick", "Quick: the questions that decide the stage"),
        SelectChoice("full", "Full: every block"),
    ])
    create = SubmitField("Create workshop")

    def with_minutes(self, minutes: dict[str, int]) -> WorkshopForm:
        """Each path's label with the one time estimate (app.core.estimates.path_minutes)."""
        self.path.choices = [SelectChoice(c.value, f"{c.label} (about {minutes[c.value]} minutes)")
                             for c in WorkshopForm.path.kwargs["choices"]]
        return self


class JoinForm(FlaskForm):
    """A participant's name and role; no account."""

    name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=80)])
    role = SelectField("Your role", choices=ROLES, default="executive")
    join = SubmitField("Join the workshop")


class CodeForm(FlaskForm):
    """The short code the facilitator shows on the screen."""

    code = StringField("Workshop code", validators=[DataRequired("Enter the code shown on the screen."), Length(max=12)])
    go = SubmitField("Go")


class InviteForm(FlaskForm):
    label = StringField("Who is it for? (optional)", validators=[Length(max=80)])
    invite = SubmitField("Create a personal link")


class PlainForm(FlaskForm):
    """A button with CSRF protection and nothing else."""

    submit = SubmitField("Go")


def agreement_form(question, default):
    """The level the team agreed for one question, with the reason."""

    class AgreementForm(FlaskForm):
        value = RadioField("Agreed level", default=None if default is None else str(default), choices=[
            *(SelectChoice(str(lv.value), f"{lv.value} · {lv.name}: {lv.label}") for lv in question.levels),
            SelectChoice(UNKNOWN, "Don't know"), SelectChoice(NOT_APPLICABLE, "Not applicable"),
        ], validators=[DataRequired("Choose the level the team agreed.")])
        rationale = TextAreaField("Why (optional)", validators=[Length(max=2000, message="Keep the reason under 2000 characters.")])
        record = SubmitField("Record the agreed level")

    return AgreementForm()


class GroupingForm(FlaskForm):
    """How the dashboard, results and PDF split the room, and the anonymity floor."""

    mode = RadioField("Compare", choices=[
        SelectChoice("leadership", "Leadership with everyone else"),
        SelectChoice("roles", "Each role (roles with too few people are merged)"),
    ], validators=[DataRequired("Choose how to split the room.")])
    leadership_roles = SelectMultipleField("Roles that count as leadership", choices=ROLES,
                                           option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
    floor = IntegerField("Smallest group shown (anonymity floor)", validators=[
        InputRequired("Enter the smallest number of people a chart or score may come from."),
        NumberRange(2, 12, "Use a number from 2 to 12: a group of one would show a person's own answers.")])
    save = SubmitField("Save the grouping")

    def validate_leadership_roles(self, field):
        if self.mode.data == "leadership" and not field.data:
            raise ValidationError("Tick at least one role that counts as leadership.")


class EmailInvitesForm(FlaskForm):
    """Addresses to send a personal link to, one per line."""

    addresses = TextAreaField("Email addresses, one per line", validators=[
        DataRequired("Enter at least one email address."), Length(max=5000)])
    send = SubmitField("Send the invitations")

    def emails(self) -> list[str]:
        """The distinct addresses entered, in order."""
        return list(dict.fromkeys(line.strip().lower() for line in self.addresses.data.splitlines() if line.strip()))

    def validate_addresses(self, field):
        found = self.emails()
        if len(found) > 50:
            raise ValidationError("Send at most 50 invitations at once.")
        wrong = [a for a in found if not _looks_like_email(a)]
        if wrong:
            raise ValidationError(f"These do not look like email addresses: {', '.join(wrong[:5])}.")


def _looks_like_email(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


class DuplicateForm(FlaskForm):
    """A fresh copy of a workshop for another client."""

    organisation = StringField("Client organisation", validators=[
        DataRequired("Enter the other client's name."), Length(max=120)])
    duplicate = SubmitField("Duplicate for this client")


class DeleteForm(FlaskForm):
    """Deleting a workshop for good, once the facilitator confirms."""

    confirm = BooleanField("I understand that the participants, their answers, the agreed levels, the charter and "
                           "the share links are deleted for good.",
                           validators=[DataRequired("Tick the box to confirm.")])
    delete = SubmitField("Delete the workshop and its data")
