"""Results + the team's choices -> a customer-success charter (pure Python: no Flask, no database).

The charter has the eleven sections of DOMAIN.md section 5. Every section starts as a draft written
from the assessment; whatever the team saves replaces the draft, section by section.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.core.charter.drafts import DRAFTERS, collect
from app.core.charter.tables import (
    business_model,
    default_kpis,
    default_responsibilities,
    default_tiers,
    profile_of,
)
from app.core.evaluation import Evaluation
from app.core.labels import LABELS
from app.core.reference import Model


@dataclass(frozen=True)
class CharterSection:
    """One of the eleven charter sections of DOMAIN.md section 5."""

    id: str
    title: str
    prompt: str  # one line telling the team what to write


SECTIONS = (
    CharterSection("meaning", "What customer success means here",
                   "Say what customer success means for the whole company, and what the CS team itself is for."),
    CharterSection("statement", "Charter statement",
                   "Explain why you need this charter now: the problems, the opportunity and what doing nothing would cost."),
    CharterSection("vision", "Vision and mission",
                   "Describe where you are heading and how your customers' growth and your own feed each other."),
    CharterSection("principles", "Guiding principles",
                   "List the few rules everyone follows when a decision about a customer is hard."),
    CharterSection("scope", "Scope",
                   "Name the journey stages CS leads, the ones it supports, and where work is handed over."),
    CharterSection("objectives", "Objectives and KPIs",
                   "Set the objectives ladder from adoption to advocacy, with a KPI, today's baseline and a target for each rung."),
    CharterSection("segmentation", "Segmentation and engagement models",
                   "Say how you tier customers and how each tier is served."),
    CharterSection("responsibilities", "Responsibilities across the company",
                   "Say which department leads, supports or is kept informed at each stage of the customer journey."),
    CharterSection("governance", "Sponsor, governance and incentives",
                   "Name the executive sponsor, say how and how often progress is reviewed, and how incentives back the charter."),
    CharterSection("roadmap", "Roadmap",
                   "List what you will do now, next and later, each with an owner and a measure."),
    CharterSection("review", "Review cycle",
                   "Say when and how the charter is revisited as your customers and your offer change."),
)
SECTION_IDS = tuple(s.id for s in SECTIONS)
# Which structured table each section edits besides its text.
TABLE_OF = {"objectives": "kpis", "segmentation": "tiers", "responsibilities": "responsibilities"}

RUNGS = dict(LABELS.objective_rungs)  # labels.yaml, like the other label dicts below
DEPARTMENTS = dict(LABELS.owners)
JOURNEY_STAGES = dict(LABELS.journey_stages)
LEVELS = dict(LABELS.responsibility_levels)


def defaults(evaluation: Evaluation, model: Model) -> dict:
    """The structured parts of a fresh charter: KPIs, responsibilities and tiers."""
    profile = profile_of(evaluation)
    kind = business_model(profile, model.labels)
    return {"kpis": default_kpis(evaluation, model), "responsibilities": default_responsibilities(kind, model.labels),
            "tiers": default_tiers(kind, profile.customers, model.labels)}


def draft(evaluation: Evaluation, model: Model, organisation_name: str) -> dict[str, str]:
    """A first Markdown draft of every section, written from the answers, the profile and the results."""
    facts = collect(evaluation, organisation_name, getattr(model, "labels", LABELS))
    return {section.id: DRAFTERS[section.id](facts).strip() for section in SECTIONS}


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
        # A restored or older matrix may lack a cell: fill it from the default relay.
        parts["responsibilities"] = {dept: {**fresh["responsibilities"][dept], **saved["responsibilities"].get(dept, {})}
                                     for dept in DEPARTMENTS}
    sections = [
        {"id": s.id, "title": s.title, "prompt": s.prompt, "body": texts.get(s.id, drafts[s.id]),
         "draft": drafts[s.id], "edited": s.id in texts or bool(s.id in TABLE_OF and saved.get(TABLE_OF[s.id]))}
        for s in SECTIONS
    ]
    return {"organisation": organisation_name, "sections": sections, "defaults": fresh, **parts}


def section_of(charter: dict, section_id: str) -> dict | None:
    """One section of a built charter, or None for an unknown id."""
    return next((s for s in charter["sections"] if s["id"] == section_id), None)
