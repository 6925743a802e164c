"""The charter's default tables, fitted to the company: tiers, responsibilities and KPIs (pure Python).

Tiers and the matrix come from model/labels.yaml per business model, cut to the departments the
company has and with books sized from what its accounts are worth (app/core/company.py); KPIs come
from the metric catalogue, preferring the stage's focus metrics, with the outcome figures of the
profile as baselines and the next stage's typical figure as target.
"""
from __future__ import annotations

from app.core import verdict
from app.core.charter import figures
from app.core.charter.wording import WORDING
from app.core.company import Company, fit
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
def profile_of(evaluation) -> Profile:
    """The evaluation's company profile, or an empty one (older evaluations carry none)."""
    profile = getattr(evaluation, "profile", None)
    return profile if isinstance(profile, Profile) else Profile()


def business_model(profile: Profile, labels: Labels = LABELS) -> str:
    """The business model the charter is drafted for: the profile's, or one the customer count suggests."""
    return labels.business_model_for(profile.business_model, profile.customers)


_WEIGHT = {"leads": 2, "supports": 1, "informed": 0}


def company_matrix(matrix: dict[str, dict[str, str]], company: Company) -> dict[str, dict[str, str]]:
    """The matrix cut to the departments the company has: a missing department's part goes to the one that does its work."""
    kept = {dept: dict(row) for dept, row in matrix.items() if dept in company.departments}
    for dept, row in matrix.items():
        heir = company.owner(dept)
        if dept in kept or heir not in kept:
            continue
        for stage, level in row.items():
            if _WEIGHT.get(level, 0) > _WEIGHT.get(kept[heir].get(stage), 0):
                kept[heir][stage] = level
    return kept or {dept: dict(row) for dept, row in matrix.items()}


def default_responsibilities(model_id: str | None = None, labels: Labels = LABELS,
                             company: Company | None = None) -> dict[str, dict[str, str]]:
    """Who leads, supports or is informed per department and journey stage: the relay agreed for a business model,
    among the departments the company has."""
    return company_matrix(labels.matrix(model_id), company or fit(None, labels=labels))


def tier_specs(model_id: str | None = None, customers: int | None = None, labels: Labels = LABELS,
               company: Company | None = None) -> list[dict]:
    """The business model's tiers as data, books sized for the company; tiers meant for a larger base are left out."""
    specs = labels.business_models.get(model_id or "mixed") or next(iter(labels.business_models.values()))
    tiers = specs["tiers"]
    fitting = [t for t in tiers if not customers or customers >= t.get("min_customers", 0)] or tiers[:1]
    company = company or fit(Profile(customers=customers), labels=labels)
    words = company.book_words()
    return [{**t, **{key: company.rewrite(t[key].format_map(words)) for key in TIER_FIELDS if key != "name"}} for t in fitting]


def default_tiers(model_id: str | None = None, customers: int | None = None, labels: Labels = LABELS,
                  company: Company | None = None) -> list[dict]:
    """The engagement tiers a company of this business model and size starts from."""
    return [{key: tier[key] for key in TIER_FIELDS} for tier in tier_specs(model_id, customers, labels, company)]


def _texts(wording=None) -> dict[str, str]:
    return (wording or WORDING).texts["objectives"]


def baseline(metric_id: str, profile: Profile, texts: dict[str, str] | None = None) -> str:
    """Today's figure for a metric from the profile, with its period, e.g. "92% (FY2025)" or "3.5% a month (about
    34.8% a year)", or "" when none was captured."""
    return figures.baseline(metric_id, profile, texts or _texts())


# Which outcome figure of model/verdict.yaml gives a metric's typical value per stage.
_BANDS = {"gross-revenue-retention": "grr", "net-revenue-retention": "nrr", "logo-churn": "logo_churn", "nps": "nps"}


def target(metric_id: str, profile: Profile, stage: int | None, texts: dict[str, str]) -> str:
    """The figure typical of the next stage for a metric, from today's yearly figure (or the stage); "" without a
    band. A month's or a quarter's rate is annualised first, as the bands are yearly, and the target says so."""
    rules = verdict.load_rules().outcomes
    rule = rules.get(_BANDS.get(metric_id, ""))
    if not rule:
        return ""
    value, converted = figures.yearly(metric_id, profile) if metric_id in _BANDS else (None, False)
    today = verdict.band_stage(rule, value) if value is not None else stage
    if not today:
        return ""
    bands = rule.get("from") or rule["up_to"]
    step = min(today + 1, max(int(s) for s in bands))
    bound = bands.get(step, bands.get(str(step)))
    if step == today and value is not None:  # at the top band: hold today's figure, never aim below it (116% -> 110%)
        bound = max(bound, value) if "from" in rule else min(bound, value)
    key = ("kpi_at_least" if "from" in rule else "kpi_at_most") + ("_hold" if step == today else "")
    return texts[key].format(figure=f"{bound:g}{rule['unit']}", stage=step, a_year=texts["a_year"] if converted else "")


def default_kpis(evaluation, model, texts: dict[str, str] | None = None) -> list[dict]:
    """One KPI per objective rung: a focus metric first, else one we have a figure for, with that figure as baseline
    and the next stage's typical figure as target (worded by model/charter.yaml)."""
    wording = getattr(model, "wording", None) or WORDING
    texts = {**_texts(wording), **(texts or {})}  # the objectives texts: kpi_* targets, figure_* periods
    focus = [m.id for m in evaluation.focus_metrics]
    profile = profile_of(evaluation)
    stage = getattr(evaluation, "narrative_stage", None)
    used: set[str] = set()
    kpis = []
    for rung, candidates in RUNG_METRICS.items():
        available = [m for m in candidates if m in model.metrics and m not in used]
        preferred = [m for m in available if m in focus] + [m for m in available if baseline(m, profile, texts)]
        chosen = (preferred or available or [None])[0]
        if chosen is None:
            continue
        used.add(chosen)
        kpis.append({"metric_id": chosen, "rung": rung, "baseline": baseline(chosen, profile, texts),
                     "target": target(chosen, profile, stage, texts)})
    return kpis
