"""Results + the team's choices -> a customer-success charter (pure Python: no Flask, no database).

The charter has the eleven sections of DOMAIN.md section 5. Every section starts as a draft written
from the assessment; whatever the team saves replaces the draft, section by section.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.core.charter.drafts import DRAFTERS, Facts
from app.core.evaluation import Evaluation
from app.core.reference import OWNERS, Model


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

RUNGS = {
    "adoption": "Adoption",
    "performance": "Performance and value",
    "transformation": "Transformation and ROI",
    "advocacy": "Advocacy",
}
# Metrics that fit each rung, best first; the stage's focus metrics are preferred among them.
RUNG_METRICS = {
    "adoption": ("adoption-rate", "time-to-value", "customer-effort-score", "health-score"),
    "performance": ("gross-revenue-retention", "logo-churn", "dollar-churn", "logo-retention", "arr-at-risk",
                    "health-score-distribution", "relationship-nps", "csat", "csat-escalations"),
    "transformation": ("net-revenue-retention", "expansion-arr", "cltv", "renewal-forecast-accuracy", "ltv-cac"),
    "advocacy": ("referral-pipeline", "advocates", "nps", "relationship-nps", "ltv-cac"),
}
DEPARTMENTS = {key: OWNERS[key] for key in
               ("marketing", "sales", "customer_success", "support", "services", "product", "finance", "management")}
JOURNEY_STAGES = {
    "awareness": "Awareness", "consideration": "Consideration", "trial": "Trial", "decision": "Decision & contract",
    "adoption": "Adoption", "performance": "Performance", "transformation": "Transformation", "advocacy": "Advocacy",
}
LEVELS = {"leads": "Leads", "supports": "Supports", "informed": "Informed"}
# Who does what along the recurring-revenue journey (seed 001): marketing and sales run demand, CS
# takes over at adoption, marketing and CS share advocacy, product backs every stage, finance
# joins at the contract. L = leads, S = supports, I = informed; columns follow JOURNEY_STAGES.
_MATRIX = {
    "marketing": "LLSIISSL",
    "sales": "ISLLISSS",
    "customer_success": "IISSLLLL",
    "support": "IISISSII",
    "services": "IIISSSSI",
    "product": "SSSISSSS",
    "finance": "IIISIISI",
    "management": "IIISIISS",
}
_LETTER = {"L": "leads", "S": "supports", "I": "informed"}


def default_responsibilities() -> dict[str, dict[str, str]]:
    """Who leads, supports or is informed per department and journey stage, as the seed describes the relay."""
    return {dept: {stage: _LETTER[code] for stage, code in zip(JOURNEY_STAGES, _MATRIX[dept])} for dept in DEPARTMENTS}


def default_tiers() -> list[dict]:
    """Three engagement tiers (high-touch, low-touch, tech-touch) with typical thresholds to adjust."""
    return [
        {"name": "High touch",
         "criteria": "Accounts worth more than about $50K a year, or with clear strategic or expansion potential.",
         "engagement_model": "A named CSM with a book of 20 to 80 accounts: a written success plan, regular business "
                             "reviews with evidence of ROI, and an executive sponsor on both sides.",
         "description": "The few accounts that carry most of the revenue at stake and most of the growth."},
        {"name": "Low touch",
         "criteria": "Accounts worth roughly $10K to $50K a year.",
         "engagement_model": "A CSM looking after 150 to 400 accounts through playbooks: group onboarding, check-ins "
                             "at key milestones, and one-to-one help when health drops.",
         "description": "The broad middle of the base, served through repeatable programmes rather than one by one."},
        {"name": "Tech touch",
         "criteria": "Accounts worth less than about $10K a year.",
         "engagement_model": "A pooled, largely digital programme for 500 to 2,000 accounts: in-app guidance, emails "
                             "triggered by usage, self-help and a community, with a person stepping in on health alerts.",
         "description": "Many smaller customers, reached at scale through automation and self-service."},
    ]


def default_kpis(evaluation: Evaluation, model: Model) -> list[dict]:
    """One KPI per objective rung from the metric catalogue, preferring the stage's focus metrics."""
    focus = [m.id for m in evaluation.focus_metrics]
    used: set[str] = set()
    kpis = []
    for rung, candidates in RUNG_METRICS.items():
        available = [m for m in candidates if m in model.metrics and m not in used]
        preferred = [m for m in available if m in focus]
        chosen = (preferred or available or [None])[0]
        if chosen is None:
            continue
        used.add(chosen)
        kpis.append({"metric_id": chosen, "rung": rung, "baseline": "", "target": ""})
    return kpis


def defaults(evaluation: Evaluation, model: Model) -> dict:
    """The structured parts of a fresh charter: KPIs, responsibilities and tiers."""
    return {"kpis": default_kpis(evaluation, model), "responsibilities": default_responsibilities(),
            "tiers": default_tiers()}


def draft(evaluation: Evaluation, model: Model, organisation_name: str) -> dict[str, str]:
    """A first Markdown draft of every section, written from the assessment's results."""
    matrix = default_responsibilities()["customer_success"]
    scope = {level: [JOURNEY_STAGES[stage].lower() for stage, value in matrix.items() if value == level]
             for level in LEVELS}
    facts = Facts.of(evaluation, organisation_name, scope)
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
