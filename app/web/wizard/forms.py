"""Wizard forms; a section's form is composed from the questionnaire data."""
from __future__ import annotations

from functools import lru_cache

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

from app.core import answers
from app.core.labels import LABELS
from app.core.people import DEPARTMENTS, LEVELS
from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Question, Section
from app.store.answers import Posted
from app.web.validators import within

ROLES = [SelectChoice(value, label) for value, label in LABELS.roles.items()]  # labels.yaml (before 0.6)
SPECIAL_CHOICES = ((UNKNOWN, "Don't know"), (NOT_APPLICABLE, "Not applicable to us"))
NOTE_MAX = 2000
NOTE_SUFFIX, VERSION_SUFFIX, SHOWN_SUFFIX = "__note", "__version", "__shown"


def department_field() -> SelectField:
    """The department, with nothing chosen until the person picks one."""
    return SelectField("Your department", choices=[SelectChoice("", "Choose your department")] + [
        SelectChoice(value, label) for value, label in DEPARTMENTS.items()], default="", validators=[
        InputRequired("Choose your department."), AnyOf(list(DEPARTMENTS), "Choose your department from the list.")])


def level_field() -> RadioField:
    """The level, apart from the department, with nothing pre-selected."""
    return RadioField("Your level", choices=[SelectChoice(value, label) for value, label in LEVELS.items()],
                      default=None, validators=[InputRequired("Choose your level.")])


class StartForm(FlaskForm):
    """Who is answering, for which organisation."""

    organisation = StringField("Organisation", validators=[
        DataRequired("Enter the name of the organisation you are assessing."),
        within(120, "The organisation's name")])
    name = StringField("Your name", validators=[DataRequired("Enter your name."), within(80, "Your name")])
    department = department_field()
    level = level_field()
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
            validators=[within(NOTE_MAX, "The note")],
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


def _version(text: str | None) -> int:
    """The version a page loaded; a missing or garbled one counts as 0 (the page knew no answer)."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else 0


def posted_answers(form: FlaskForm, section: Section, posted, keep_saved: str | None = None) -> dict[str, Posted]:
    """The section's answers with the version and shown answer each page carried, leaving out fields that
    failed validation, questions the request did not carry at all (a page posts one question at a time
    when it autosaves) and the one whose saved answer the user chose to keep."""
    out = {}
    for question in section.questions:
        qid = question.id
        field, note = form[qid], form[qid + NOTE_SUFFIX]
        if field.errors or note.errors or qid == keep_saved:
            continue
        if qid not in posted and qid + NOTE_SUFFIX not in posted:
            continue
        out[qid] = Posted(answers.parse(field.data), note.data or "", _version(posted.get(qid + VERSION_SUFFIX)),
                          posted.get(qid + SHOWN_SUFFIX) or None)
    return out


class FinishForm(FlaskForm):
    """A workshop participant's "I have finished"."""

    finish = SubmitField("I have finished")


class DeleteAssessmentForm(FlaskForm):
    """An owner deleting their self-assessment for good, once they confirm."""

    confirm = BooleanField("I understand that the answers, notes, profile, charter, branding and share links of this "
                           "assessment are deleted for good, and that its private link stops working.",
                           validators=[DataRequired("Tick the box to confirm.")])
    delete = SubmitField("Delete this assessment and its data")


def answer_text(question: Question, value) -> str:
    """A saved answer in words: the level with its name and text, "Don't know", "Not applicable" or "Not answered"."""
    if value is None:
        return "Not answered"
    special = dict(SPECIAL_CHOICES)
    if value in special:
        return "Not applicable" if value == NOT_APPLICABLE else special[value]
    level = next((lv for lv in question.levels if lv.value == value), None)
    return f"Level {level.value}, {level.name}: {level.label}" if level else "Not answered"
