"""Forms of the workshop pages."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.grouping import MAX_FLOOR, MIN_FLOOR
from app.core.people import LEVELS
from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN
from app.web.validators import within
from app.web.wizard.forms import department_field, level_field


class WorkshopForm(FlaskForm):
    """A workshop for a client organisation."""

    organisation = StringField("Client organisation", validators=[
        DataRequired("Enter the client organisation's name."), within(120, "The organisation's name")])
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

    name = StringField("Your name", validators=[DataRequired("Enter your name."), within(80, "Your name")])
    department = department_field()
    level = level_field()
    join = SubmitField("Join the workshop")


class CodeForm(FlaskForm):
    """The short code the facilitator shows on the screen."""

    code = StringField("Workshop code", validators=[DataRequired("Enter the code shown on the screen."), Length(max=12)])
    go = SubmitField("Go")


class InviteForm(FlaskForm):
    label = StringField("Who is it for? (optional)", validators=[within(80, "This label")])
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
        SelectChoice("seniority", "Leadership with everyone else (by level)"),
        SelectChoice("departments", "Departments with each other (small ones together as “other departments”)"),
    ], validators=[DataRequired("Choose how to split the room.")])
    leadership_levels = SelectMultipleField("Levels that count as leadership",
                                            choices=[SelectChoice(v, label) for v, label in LEVELS.items()],
                                            option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
    floor = IntegerField("Smallest group shown (anonymity floor)", validators=[
        InputRequired("Enter the smallest number of people a chart or score may come from."),
        NumberRange(MIN_FLOOR, MAX_FLOOR, f"Use a number from {MIN_FLOOR} to {MAX_FLOOR}: with two, either person "
                                          "could read the other's answers by taking their own away.")])
    save = SubmitField("Save the grouping")

    def validate_leadership_levels(self, field):
        if self.mode.data == "seniority" and not field.data:
            raise ValidationError("Tick at least one level that counts as leadership.")


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


CARRY_CHOICES = (  # what a new round keeps, and what a copy for another client may keep (app/store/carry.py)
    ("branding", "Branding (logo, colour, prepared-by line)"),
    ("grouping", "Groups and anonymity floor"),
    ("profile", "Company profile"),
    ("charter", "The charter, with the team's edits"),
    ("invitations", "The invitation list (new links, sent when you choose)"),
)


class DuplicateForm(FlaskForm):
    """A fresh copy of a workshop for another client, keeping what the facilitator ticks."""

    organisation = StringField("Client organisation", validators=[
        DataRequired("Enter the other client's name."), within(120, "The organisation's name")])
    keep = SelectMultipleField("Keep from this workshop", choices=[SelectChoice(*c) for c in CARRY_CHOICES],
                               default=["branding", "grouping"],
                               option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False), validate_choice=True)
    duplicate = SubmitField("Duplicate for this client")


class DeleteForm(FlaskForm):
    """Deleting a workshop for good, once the facilitator confirms."""

    confirm = BooleanField("I understand that the participants, their answers, the agreed levels, the charter and "
                           "the share links are deleted for good.",
                           validators=[DataRequired("Tick the box to confirm.")])
    delete = SubmitField("Delete the workshop and its data")


class PurgeForm(FlaskForm):
    """Deleting everything of one client, once the facilitator confirms."""

    confirm = BooleanField("I have exported what the client needs, and I understand that every round, participant, "
                           "answer, charter, link and file of this client is deleted for good.",
                           validators=[DataRequired("Tick the box to confirm.")])
    purge = SubmitField("Delete everything of this client")
