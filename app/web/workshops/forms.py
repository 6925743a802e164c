"""Forms of the workshop pages."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN
from app.web.wizard.forms import ROLES


class WorkshopForm(FlaskForm):
    """A workshop for a client organisation."""

    organisation = StringField("Client organisation", validators=[
        DataRequired("Enter the client organisation's name."), Length(max=120)])
    path = RadioField("Questionnaire", default="quick", choices=[
        SelectChoice("quick", "Quick: the questions that decide the stage (about 10 minutes)"),
        SelectChoice("full", "Full: every block (about 25 minutes)"),
    ])
    create = SubmitField("Create workshop")


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
