"""Charter builder forms: a section's Markdown, plus the KPI, responsibility or tier table it edits."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, ValidationError

from app.core.charter import DEPARTMENTS, JOURNEY_STAGES, LEVELS, RUNGS, TABLE_OF, CharterSection, normalise

BODY_MAX = 10_000
KPI_MAX, TIER_MAX = 12, 6
CELL_SEPARATOR = "__"  # a matrix cell's field name: <department>__<stage>


def _length(limit: int) -> Length:
    return Length(max=limit, message=f"Too long: keep it under {limit:,} characters (it has %(length)d).")


def _one_of(allowed, what: str):
    """Reject values that are not offered, naming what should be chosen instead."""

    def check(form, field):
        if field.data in (None, ""):
            return
        if field.data not in allowed:
            raise ValidationError(f"“{field.data[:40]}” is not offered here; choose {what} from the list.")

    return check


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def _kpi_row(metrics: dict):
    class KpiRow(Form):
        metric_id = SelectField("Metric", validate_choice=False, validators=[_one_of(metrics, "a metric")],
                                choices=_choices({"": "Choose a metric", **{m.id: m.name for m in metrics.values()}}))
        rung = SelectField("Objective rung", validate_choice=False, validators=[_one_of(RUNGS, "a rung")],
                           choices=_choices({"": "Choose a rung", **RUNGS}))
        baseline = StringField("Baseline today", validators=[_length(80)])
        target = StringField("Target", validators=[_length(80)])

    return KpiRow


class TierRow(Form):
    """One customer tier: its name, who belongs in it, how it is served."""

    name = StringField("Tier name", validators=[_length(60)])
    criteria = TextAreaField("Which customers belong here", validators=[_length(500)])
    engagement_model = TextAreaField("Engagement model", validators=[_length(500)])
    description = TextAreaField("Description", validators=[_length(1000)])


def cell_name(department: str, stage: str) -> str:
    """The form field name of one responsibility-matrix cell."""
    return f"{department}{CELL_SEPARATOR}{stage}"


def charter_form(section: CharterSection, metrics: dict, formdata=None, data: dict | None = None,
                 departments: dict[str, str] | None = None) -> FlaskForm:
    """The form for one charter section: its text, the buttons and, for three sections, a table (the matrix has a
    row for each of the company's departments, under the names the charter uses)."""

    class SectionForm(FlaskForm):
        # Normalised before the length check: browsers count a newline once but send it as two characters.
        body = TextAreaField(f"Text of “{section.title}”, in Markdown", validators=[_length(BODY_MAX)],
                             filters=[normalise])
        save_preview = SubmitField("Save and preview")
        save = SubmitField("Save and continue")
        back = SubmitField("Back")
        reset = SubmitField("Reset to draft")
        reset_confirmed = SubmitField("Yes, replace my text with the draft")

    table = TABLE_OF.get(section.id)
    if table == "kpis":
        SectionForm.kpis = FieldList(FormField(_kpi_row(metrics)), label="KPI", max_entries=KPI_MAX + 1)
        SectionForm.add = SubmitField("Add a KPI")
    elif table == "tiers":
        SectionForm.tiers = FieldList(FormField(TierRow), label="Tier", max_entries=TIER_MAX + 1)
        SectionForm.add = SubmitField("Add a tier")
    elif table == "responsibilities":
        for dept, dept_label in (departments or DEPARTMENTS).items():
            for stage, stage_label in JOURNEY_STAGES.items():
                setattr(SectionForm, cell_name(dept, stage), SelectField(
                    f"{dept_label} at {stage_label.lower()}", choices=_choices(LEVELS), validate_choice=False,
                    validators=[_one_of(LEVELS, "leads, supports or informed")]))
    return SectionForm(formdata=formdata, data=data)


def initial_data(charter: dict, section_id: str, body: str) -> dict:
    """What a section's form starts from: the text shown and the current table."""
    data: dict = {"body": body}
    table = TABLE_OF.get(section_id)
    if table == "responsibilities":
        data.update({cell_name(d, s): level for d, stages in charter["responsibilities"].items()
                     for s, level in stages.items()})
    elif table:
        data[table] = [dict(row) for row in charter[table]]
    return data


def _blank(row: dict) -> bool:
    return not any((value or "").strip() for value in row.values())


def table_rows(form: FlaskForm, section_id: str) -> tuple[object, list[str]]:
    """The table a valid form submits, with problems naming the row: (rows or matrix or None, problems)."""
    table = TABLE_OF.get(section_id)
    if table == "responsibilities":
        rows = [d for d in DEPARTMENTS if cell_name(d, next(iter(JOURNEY_STAGES))) in form]
        matrix = {d: {s: form[cell_name(d, s)].data for s in JOURNEY_STAGES} for d in rows}
        missing = [form[cell_name(d, s)].label.text for d, row in matrix.items() for s, v in row.items() if not v]
        return matrix, [f"{label}: choose leads, supports or informed." for label in missing]
    if table is None:
        return None, []
    rows, problems = [], []
    required = ("metric_id", "rung") if table == "kpis" else ("name",)
    for n, entry in enumerate(form[table].entries, 1):
        row = {key: normalise(value) for key, value in entry.data.items()}
        if _blank(row):
            continue  # an added row left empty is simply dropped
        rows.append(row)
        for key in required:
            if not row[key]:
                problems.append(f"{form[table].label.text} {n}, {entry.form[key].label.text.lower()}: fill this in "
                                f"or clear the whole row.")
    return rows, problems


def error_summary(form: FlaskForm) -> list[tuple[str, str]]:
    """(field id, message) for every field error, each message naming its field, in page order."""
    found = []
    for field in form:
        if isinstance(field, FieldList):
            for n, entry in enumerate(field.entries, 1):
                found += [(sub.id, f"{field.label.text} {n}, {sub.label.text.lower()}: {msg}")
                          for sub in entry.form for msg in sub.errors]
        elif field.type != "CSRFTokenField":
            found += [(field.id, f"{field.label.text}: {msg}") for msg in field.errors]
    return found
