"""Results + the team's choices -> a customer-success charter (pure Python: no Flask, no database).

The charter has the eleven sections of DOMAIN.md section 5 and a business case (seed 002), listed with
their words in model/charter.yaml. Every section starts as a draft written from the assessment and
the company profile; whatever the team saves replaces the draft, section by section.
"""
from __future__ import annotations

from app.core.charter.drafts import DRAFTERS, collect, write
from app.core.charter.tables import (
    business_model,
    default_kpis,
    default_responsibilities,
    default_tiers,
    profile_of,
)
from app.core.charter.wording import WORDING, Section, Wording
from app.core.company import fit
from app.core.evaluation import Evaluation
from app.core.labels import LABELS
from app.core.reference import Model

CharterSection = Section  # one section: id, title, the prompt telling the team what to write (model/charter.yaml)
SECTIONS = WORDING.sections
SECTION_IDS = tuple(s.id for s in SECTIONS)
# Which structured table each section edits besides its text.
TABLE_OF = {"objectives": "kpis", "segmentation": "tiers", "responsibilities": "responsibilities"}

RUNGS = dict(LABELS.objective_rungs)  # labels.yaml, like the other label dicts below
DEPARTMENTS = dict(LABELS.owners)
JOURNEY_STAGES = dict(LABELS.journey_stages)
LEVELS = dict(LABELS.responsibility_levels)
assert set(DRAFTERS) == set(SECTION_IDS), "charter.yaml sections != DRAFTERS"


def _wording(model: Model) -> Wording:
    return getattr(model, "wording", None) or WORDING


def _company(evaluation: Evaluation, model: Model):
    labels = getattr(model, "labels", LABELS)
    return fit(profile_of(evaluation), evaluation.answers, getattr(model, "company", None), labels)


def defaults(evaluation: Evaluation, model: Model) -> dict:
    """The structured parts of a fresh charter: KPIs, responsibilities and tiers, fitted to the company."""
    profile, company = profile_of(evaluation), _company(evaluation, model)
    labels = getattr(model, "labels", LABELS)
    kind = business_model(profile, labels)
    return {"kpis": default_kpis(evaluation, model),
            "responsibilities": default_responsibilities(kind, labels, company),
            "tiers": default_tiers(kind, profile.customers, labels, company)}


def draft(evaluation: Evaluation, model: Model, organisation_name: str) -> dict[str, str]:
    """A first Markdown draft of every section, written from the answers, the profile and the results."""
    kpis = [(k["rung"], model.metrics[k["metric_id"]].name, k["baseline"], k["target"]) for k in default_kpis(evaluation, model)]
    facts = collect(evaluation, organisation_name, getattr(model, "labels", LABELS), _wording(model),
                    getattr(model, "company", None), kpis)
    return write(facts, SECTION_IDS)


def normalise(text: str | None) -> str:
    """Text as stored: Unix newlines, no trailing spaces, so a draft and its unchanged copy compare equal."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def build(evaluation: Evaluation, model: Model, organisation_name: str, saved: dict | None = None) -> dict:
    """The charter to show: saved text and tables where the team edited them, the draft everywhere else."""
    saved = saved or {}
    drafts = draft(evaluation, model, organisation_name)
    fresh = defaults(evaluation, model)
    texts = saved.get("sections") or {}
    parts = {key: saved.get(key) or fresh[key] for key in fresh}
    if saved.get("responsibilities"):
        # A restored or older matrix may lack a cell: fill it from the default relay. Rows are the company's
        # departments and any other department the team kept a row for.
        labels = getattr(model, "labels", LABELS)
        relay = labels.matrix(business_model(profile_of(evaluation), labels))
        rows = [d for d in DEPARTMENTS if d in fresh["responsibilities"] or d in saved["responsibilities"]]
        parts["responsibilities"] = {dept: {**relay[dept], **fresh["responsibilities"].get(dept, {}),
                                            **saved["responsibilities"].get(dept, {})} for dept in rows}
    sections = [
        {"id": s.id, "title": s.title, "prompt": s.prompt, "body": texts.get(s.id, drafts[s.id]),
         "draft": drafts[s.id], "edited": s.id in texts or bool(s.id in TABLE_OF and saved.get(TABLE_OF[s.id]))}
        for s in SECTIONS
    ]
    company = _company(evaluation, model)
    # Display names for the tables: the departments as this company calls them, the rungs as its model names them.
    names = {"departments": {dept: company.owner_label(dept) for dept in parts["responsibilities"]},
             "rungs": _wording(model).rung_names(getattr(model, "labels", LABELS), company.voice, company.model)}
    return {"organisation": organisation_name, "sections": sections, "defaults": fresh, **parts, **names}


def section_of(charter: dict, section_id: str) -> dict | None:
    """One section of a built charter, or None for an unknown id."""
    return next((s for s in charter["sections"] if s["id"] == section_id), None)
