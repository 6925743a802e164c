"""Forms of the targets and plan pages; the domain checks (status, reason, due date, email, evidence link) are core's."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.labels import LABELS
from app.core.plan import LIMITS, STATUSES, check

KEEP = ""  # a target select's "the default" choice


class TargetsForm(FlaskForm):
    """One select per leg and block, built for the questionnaire's blocks (see `targets_form`)."""

    save = SubmitField("Save targets")


def targets_form(rows: list[dict], level_names: dict[int, str], formdata=None) -> TargetsForm:
    """The targets form: for each leg and block, "the next level up (N)" or a chosen level."""

    class Form(TargetsForm):
        """This assessment's form: the selects below are added per leg and block."""

    for row in rows:
        default = "no score yet" if row["today"] is None else f"level {row['target_level']}"
        choices = [SelectChoice(KEEP, f"Next level up ({default})" if not row["chosen"] else "Next level up")]
        choices += [SelectChoice(str(level), f"Level {level}: {name}") for level, name in sorted(level_names.items())]
        setattr(Form, row["key"].replace(":", "__"), SelectField(row["title"], choices=choices, default=KEEP))
    form = Form(formdata=formdata)
    if formdata is None:
        for row in rows:
            getattr(form, row["key"].replace(":", "__")).data = str(row["target_level"]) if row["chosen"] else KEEP
    return form


def chosen_from(form: TargetsForm, rows: list[dict]) -> dict[str, dict[str, int]]:
    """The levels a targets form chose: {"blocks": {id: level}, "legs": {id: level}}."""
    chosen: dict[str, dict[str, int]] = {"blocks": {}, "legs": {}}
    for row in rows:
        value = getattr(form, row["key"].replace(":", "__")).data
        if value not in (None, KEEP):
            chosen[row["kind"] + "s"][row["id"]] = int(value)
    return chosen


class _Checked(FlaskForm):
    """A form whose fields the plan's domain checks (app/core/plan.py) also look at."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        values = {name: field.data for name, field in self._fields.items()
                  if name in ("title", "owner_name", "owner_email", "due", "status", "reason", "note", "evidence")}
        for name, problem in check(values).items():
            if name in self._fields and not self._fields[name].errors:
                self._fields[name].errors = [problem[:1].upper() + problem[1:] + "."]
                valid = False
        return valid


def _owner_fields(cls):
    cls.owner_name = StringField("Owner's name", validators=[Length(max=LIMITS["name"])])
    cls.owner_email = StringField("Owner's email (optional)", validators=[Length(max=LIMITS["email"])],
                                  description="For the weekly reminder of due actions.")
    cls.due = StringField("Due date (YYYY-MM-DD)", validators=[Length(max=10)])
    return cls


@_owner_fields
class AdoptForm(_Checked):
    """Adopt one roadmap action: the question it belongs to, an owner and a due date."""

    question_id = HiddenField(validators=[DataRequired()])
    adopt = SubmitField("Adopt")


AREAS = [SelectChoice("", "No particular area")] + [
    SelectChoice(f"leg:{k}", f"{v} (stool leg)") for k, v in LABELS.legs.items()] + [
    SelectChoice(f"block:{k}", v) for k, v in LABELS.blocks.items() if k != "stool"]


@_owner_fields
class CustomForm(_Checked):
    """An action the team writes itself."""

    title = StringField("What will be done", validators=[DataRequired("Describe the action."), Length(max=LIMITS["title"])])
    area = SelectField("Area", choices=AREAS, default="")
    add = SubmitField("Add to the plan")


class OwnUpdateForm(_Checked):
    """What an action's owner may change through their own link: status, reason, note and evidence."""

    status = SelectField("Status", choices=[SelectChoice(k, v) for k, v in STATUSES.items()])
    reason = StringField("Reason (needed when the risk is accepted)", validators=[Length(max=LIMITS["reason"])])
    note = TextAreaField("Note", validators=[Length(max=LIMITS["note"])])
    evidence = StringField("Evidence link (https://…)", validators=[Length(max=LIMITS["evidence"])])
    save = SubmitField("Save")


@_owner_fields
class ActionForm(OwnUpdateForm):
    """Everything the plan's owner or facilitator may change on an action."""

    title = StringField("What will be done", validators=[DataRequired("Describe the action."), Length(max=LIMITS["title"])])


def fill(form: OwnUpdateForm, action) -> OwnUpdateForm:
    """A fresh form showing an action's current values."""
    form.status.data, form.reason.data = action.status, action.reason or ""
    form.note.data, form.evidence.data = action.note or "", action.evidence or ""
    if isinstance(form, ActionForm):
        form.title.data, form.due.data = action.title, action.due or ""
        form.owner_name.data = action.owner.name if action.owner else ""
        form.owner_email.data = (action.owner.email or "") if action.owner else ""
    return form


class LinkForm(FlaskForm):
    """A private link for one owner to update their own actions."""

    owner_id = HiddenField(validators=[DataRequired()])
    days = SelectField("Works for", choices=[SelectChoice("7", "a week"), SelectChoice("30", "30 days"),
                                             SelectChoice("90", "90 days")], default="30")
    create = SubmitField("Make a link")


class ImportForm(FlaskForm):
    """An edited plan CSV to read back."""

    file = FileField("Plan CSV", description="The plan downloaded as CSV, edited in a spreadsheet. Rows with an action id "
                                             "change that action; rows without one add an action.")
    upload = SubmitField("Import the CSV")


class PlainForm(FlaskForm):
    """A button with CSRF protection and nothing else."""

    submit = SubmitField("Go")
