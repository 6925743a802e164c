"""The company profile: business model, size and outcome figures that shape the verdict (pure Python).

Every field is optional: a leader may skip the profile and fill it in later. Field names are part
of the export/import JSON and of the `score` command's optional `profile` input.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

BUSINESS_MODELS = ("self_serve", "low_touch", "high_touch", "services_heavy", "mixed")
ARR_BANDS = ("under_1m", "1m_10m", "10m_50m", "50m_250m", "over_250m")
PERIODS = ("month", "quarter", "year")  # what one outcome figure covers: a month's churn, a year's retention
FIGURES = ("grr", "nrr", "logo_churn", "nps")  # the outcome figures; each may carry its own `<figure>_period`
# The currencies a profile's amounts may be given in: each within about a third of the US dollar, so the model's
# rough thresholds (a named book from about 50K an account, tech touch under about 5K) hold in every one of them.
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF")


@dataclass(frozen=True)
class Profile:
    business_model: str | None = None  # one of BUSINESS_MODELS
    customers: int | None = None  # number of paying customers (accounts)
    arr_band: str | None = None  # one of ARR_BANDS
    grr: float | None = None  # gross revenue retention, percent (0-100)
    nrr: float | None = None  # net revenue retention, percent (0-300)
    logo_churn: float | None = None  # customers lost in the period, percent (0-100)
    nps: float | None = None  # -100..100
    period: str | None = None  # when the figures were taken, e.g. "FY2025" or "last 12 months" (since 0.5.0)
    employees: int | None = None  # people in the company: at about 20 or fewer, CS is the founders and a first hire
    arr_per_account: float | None = None  # average annual recurring revenue per account, in `currency`
    # Since 0.6.0 each figure may say what span it covers (one of PERIODS): a monthly churn figure is
    # annualised before it is compared with the yearly bands. Without one, `period` decides when it
    # names a span ("monthly", "last quarter"), else the figure is read as a yearly one.
    grr_period: str | None = None
    nrr_period: str | None = None
    logo_churn_period: str | None = None
    nps_period: str | None = None
    # Since 0.6.0: the currency of the amounts (one of CURRENCIES); the charter says every amount in it. None: USD.
    currency: str | None = None

    def period_of(self, figure: str) -> str | None:
        """The span one figure covers: its own period, else the one the shared `period` text names (never for NPS)."""
        own = getattr(self, f"{figure}_period", None)
        if own or figure == "nps":
            return own
        return span_named(self.period)

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @property
    def empty(self) -> bool:
        return not self.to_dict()


FIELDS = tuple(f.name for f in fields(Profile))
# Plausible ranges per figure: a value outside is a typing mistake, not a company.
RANGES = {"grr": (0, 100), "nrr": (0, 300), "logo_churn": (0, 100), "nps": (-100, 100),
          "arr_per_account": (1, 100_000_000)}
COUNTS = {"customers": ("customers", 0), "employees": ("people", 1)}  # whole numbers: (what they count, lowest)
CHOICES = {"business_model": BUSINESS_MODELS, "arr_band": ARR_BANDS, "currency": CURRENCIES} | {
    f"{f}_period": PERIODS for f in FIGURES}
_SPANS = (  # the words of a free-text period that name its span, most specific first
    ("year", ("12 months", "twelve months", "year", "annual", "fy")),
    ("quarter", ("3 months", "three months", "quarter", "q1", "q2", "q3", "q4")),
    ("month", ("month", "mrr")),
)


def span_named(text: str | None) -> str | None:
    """The span a free-text period names ("monthly" -> month, "last 12 months" -> year), or None."""
    words = (text or "").lower()
    for span, needles in _SPANS:
        if any(re.search(rf"\b{re.escape(needle)}", words) for needle in needles):
            return span
    return None


class ProfileError(ValueError):
    """A profile value that cannot be used; `field` names it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"profile field '{field}': {message}")
        self.field = field


def _number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProfileError(name, f"expected a number, got {value!r}")
    low, high = RANGES[name]
    if not low <= value <= high:
        raise ProfileError(name, f"{value} is outside {low}..{high}")
    return float(value)


def _value(name: str, value):
    if name in CHOICES:
        if value not in CHOICES[name]:
            raise ProfileError(name, f"{value!r} is not one of {', '.join(CHOICES[name])}")
        return value
    if name in COUNTS:
        noun, lowest = COUNTS[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < lowest:
            raise ProfileError(name, f"expected a whole number of {noun}, got {value!r}")
        return value
    if name == "period":
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            raise ProfileError(name, "expected a short text such as 'FY2025' or 'last 12 months'")
        return value.strip()
    return _number(name, value)


def parse_profile(data) -> Profile:
    """A Profile from a JSON-like mapping (None or {} gives the empty profile); raise ProfileError naming the field."""
    if data is None:
        return Profile()
    if not isinstance(data, dict):
        raise ProfileError("profile", "expected an object of profile fields")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ProfileError(unknown[0], f"unknown field (expected any of {', '.join(FIELDS)})")
    return Profile(**{name: _value(name, value) for name, value in data.items() if value is not None})


def na_defaults(questionnaire, profile: Profile | None) -> dict[str, str]:
    """Questions that are not applicable by default for the profile's business model: {question id: "na"}.

    The data says which (`na_for` on a question); callers pre-fill these, and any answer the
    respondent gives wins over them.
    """
    model = profile.business_model if profile else None
    if model is None:
        return {}
    return {q.id: "na" for q in questionnaire.questions.values() if model in q.na_for}
