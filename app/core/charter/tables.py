"""The charter's default tables, fitted to the company: tiers, responsibilities and KPIs (pure Python).

Tiers and the matrix come from model/labels.yaml per business model; KPIs come from the metric
catalogue, preferring the stage's focus metrics, with the outcome figures of the profile as baselines.
"""
from __future__ import annotations

from app.core.labels import LABELS, Labels
from app.core.profile import Profile

TIER_FIELDS = ("name", "criteria", "engagement_model", "description")
# Metrics that fit each rung, best first; the stage's focus metrics are preferred among them.
RUNG_METRICS = {
    "adoption": ("adoption-rate", "time-to-value", "customer-effort-score", "health-score"),
    "performance": ("gross-revenue-retention", "logo-churn", "dollar-churn", "logo-retention", "arr-at-risk",
                    "health-score-distribution", "relationship-nps", "csat", "csat-escalations"),
    "transformation": ("net-revenue-retention", "expansion-arr", "cltv", "renewal-forecast-accuracy", "ltv-cac"),
    "advocacy": ("referral-pipeline", "advocates", "nps", "relationship-nps", "ltv-cac"),
}
# Which profile figure measures a metric today, and how to write it.
_BASELINES = {
    "gross-revenue-retention": ("grr", lambda v: f"{v:g}%"),
    "net-revenue-retention": ("nrr", lambda v: f"{v:g}%"),
    "logo-churn": ("logo_churn", lambda v: f"{v:g}%"),
    "logo-retention": ("logo_churn", lambda v: f"{100 - v:g}%"),
    "nps": ("nps", lambda v: f"{v:+g}"),
}


def profile_of(evaluation) -> Profile:
    """The evaluation's company profile, or an empty one (older evaluations carry none)."""
    profile = getattr(evaluation, "profile", None)
    return profile if isinstance(profile, Profile) else Profile()


def business_model(profile: Profile, labels: Labels = LABELS) -> str:
    """The business model the charter is drafted for: the profile's, or one the customer count suggests."""
    return labels.business_model_for(profile.business_model, profile.customers)


def default_responsibilities(model_id: str | None = None, labels: Labels = LABELS) -> dict[str, dict[str, str]]:
    """Who leads, supports or is informed per department and journey stage: the relay agreed for a business model."""
    return labels.matrix(model_id)


def tier_specs(model_id: str | None = None, customers: int | None = None, labels: Labels = LABELS) -> list[dict]:
    """The business model's tiers as data (with sizes); tiers meant for a larger base are left out."""
    specs = labels.business_models.get(model_id or "mixed") or next(iter(labels.business_models.values()))
    tiers = specs["tiers"]
    fitting = [t for t in tiers if not customers or customers >= t.get("min_customers", 0)]
    return fitting or tiers[:1]


def default_tiers(model_id: str | None = None, customers: int | None = None, labels: Labels = LABELS) -> list[dict]:
    """The engagement tiers a company of this business model and size starts from."""
    return [{key: tier[key] for key in TIER_FIELDS} for tier in tier_specs(model_id, customers, labels)]


def baseline(metric_id: str, profile: Profile) -> str:
    """Today's figure for a metric from the profile, e.g. "92% (FY2025)", or "" when none was captured."""
    if metric_id not in _BASELINES:
        return ""
    field, write = _BASELINES[metric_id]
    value = getattr(profile, field, None)
    if value is None:
        return ""
    return write(value) + (f" ({profile.period})" if profile.period else "")


def default_kpis(evaluation, model) -> list[dict]:
    """One KPI per objective rung: a focus metric first, else one we have a figure for, with that figure as baseline."""
    focus = [m.id for m in evaluation.focus_metrics]
    profile = profile_of(evaluation)
    used: set[str] = set()
    kpis = []
    for rung, candidates in RUNG_METRICS.items():
        available = [m for m in candidates if m in model.metrics and m not in used]
        preferred = [m for m in available if m in focus] + [m for m in available if baseline(m, profile)]
        chosen = (preferred or available or [None])[0]
        if chosen is None:
            continue
        used.add(chosen)
        kpis.append({"metric_id": chosen, "rung": rung, "baseline": baseline(chosen, profile), "target": ""})
    return kpis
