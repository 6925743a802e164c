"""Wizard forms; a section's form is composed from the questionnaire data."""
from __future__ import annotations

from functools import lru_cache

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.core import answers
from app.core.labels import LABELS
from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Question, Section

ROLES = [SelectChoice(value, label) for value, label in LABELS.roles.items()]  # labels.yaml
SPECIAL_CHOICES = ((UNKNOWN, "Don't know"), (NOT_APPLICABLE, "Not applicable to us"))
NOTE_MAX = 2000
NOTE_SUFFIX = "__note"


class StartForm(FlaskForm):
    """Who is answering, for which organisation."""

    organisation = StringField(
        "Organisation", validators=[DataRequired("Enter the name of the organisation you are assessing."), Length(max=120)]
    )
    name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=80)])
    role = SelectField("Your role", choices=ROLES, default="executive")
    path = RadioField("How deep do you want to go?", default="quick", choices=[
        SelectChoice("quick", "Quick: the questions that decide your stage"),
        SelectChoice("full", "Full: every block, for a complete picture and roadmap"),
    ])
    submit = SubmitField("Start the assessment")


class DemoCopyForm(FlaskForm):
    """"Try it with your own copy": the visitor's organisation names the copy (optional)."""

    organisation = StringField("Your organisation (optional)", validators=[
        Optional(), Length(max=120, message="Keep the name under 120 characters.")])


def _on_scale(question: Question):
    allowed = {str(v) for v in question.values} | {NOT_APPLICABLE, UNKNOWN}

    def check(form, field):
        if field.data not in (None, "") and field.data not in allowed:
            raise ValidationError(f"“{field.data}” is not one of the levels offered for this question; choose one of them.")

    return check


@lru_cache(maxsize=256)
def _section_form_class(section: Section) -> type[FlaskForm]:
    """The form class of a section, built once: composing it is a fifth of a save request."""

    class SectionForm(FlaskForm):
        save = SubmitField("Save and continue")
        back = SubmitField("Back")

    for question in section.questions:
        choices = [SelectChoice(str(lv.value), lv.label) for lv in question.levels]
        choices += [SelectChoice(value, label) for value, label in SPECIAL_CHOICES]
        setattr(SectionForm, question.id, RadioField(
            question.text, choices=choices, validate_choice=False, validators=[_on_scale(question)]
        ))
        setattr(SectionForm, question.id + NOTE_SUFFIX, TextAreaField(
            "Evidence or comment (optional)",
            validators=[Length(max=NOTE_MAX, message=f"Keep the note under {NOTE_MAX} characters.")],
        ))
    return SectionForm


@lru_cache(maxsize=1024)
def radio_html(question: Question) -> tuple[tuple[str, Markup, Markup], ...]:
    """Each choice of a question as (value, HTML before "checked", HTML after), escaped once and reused.

    A section page has dozens of radios; building them in the template escaped every id and label on
    every request (two thirds of a page view).
    """
    choices = [(str(lv.value), "choice", Markup('<span class="level-name">{} · {}</span> ').format(lv.value, lv.name),
                lv.label) for lv in question.levels]
    choices += [(value, "choice choice-special", Markup(""), label) for value, label in SPECIAL_CHOICES]
    return tuple(
        (value,
         Markup('<div class="{}"><input type="radio" id="{}-{}" name="{}" value="{}"').format(
             css, question.id, value, question.id, value),
         Markup('><label for="{}-{}">{}<span class="level-text">{}</span></label></div>').format(
             question.id, value, head, label))
        for value, css, head, label in choices
    )


def section_form(section: Section, saved: dict[str, dict], formdata=None) -> FlaskForm:
    """A form with one radio group and one note per question of the section, prefilled from saved answers."""
    data = {}
    for question in section.questions:
        answer = saved.get(question.id)
        if answer is not None:
            if answer.get("value") is not None:
                data[question.id] = str(answer["value"])
            data[question.id + NOTE_SUFFIX] = answer.get("note") or ""
    return _section_form_class(section)(formdata=formdata, data=data)


def answers_from(form: FlaskForm, section: Section, posted=None) -> dict[str, tuple]:
    """The section's answers as {question id: (value, note)}, leaving out fields that failed validation.

    With `posted` (the request's form data), questions the request did not carry at all are left
    alone: a page groups several sections, and a post for one of them must not clear the others.
    """
    out = {}
    for question in section.questions:
        field, note = form[question.id], form[question.id + NOTE_SUFFIX]
        if field.errors or note.errors:
            continue
        if posted is not None and question.id not in posted and question.id + NOTE_SUFFIX not in posted:
            continue
        out[question.id] = (answers.parse(field.data), note.data or "")
    return out


class FinishForm(FlaskForm):
    """A workshop participant's "I have finished"."""

    finish = SubmitField("I have finished")


def answer_text(question: Question, value) -> str:
    """A saved answer in words: the level with its name and text, "Don't know", "Not applicable" or "Not answered"."""
    if value is None:
        return "Not answered"
    special = dict(SPECIAL_CHOICES)
    if value in special:
        return "Not applicable" if value == NOT_APPLICABLE else special[value]
    level = next((lv for lv in question.levels if lv.value == value), None)
    return f"Level {level.value}, {level.name}: {level.label}" if level else "Not answered"
