"""The company profile: business model, size and outcome figures that shape the verdict (pure Python).

Every field is optional: a leader may skip the profile and fill it in later. Field names are part
of the export/import JSON and of the `score` command's optional `profile` input.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

BUSINESS_MODELS = ("self_serve", "low_touch", "high_touch", "services_heavy", "mixed")
ARR_BANDS = ("under_1m", "1m_10m", "10m_50m", "50m_250m", "over_250m")


@dataclass(frozen=True)
class Profile:
    business_model: str | None = None  # one of BUSINESS_MODELS
    customers: int | None = None  # number of paying customers (accounts)
    arr_band: str | None = None  # one of ARR_BANDS
    grr: float | None = None  # gross revenue retention, percent (0-100)
    nrr: float | None = None  # net revenue retention, percent (0-300)
    logo_churn: float | None = None  # customers lost in the period, percent (0-100)
    nps: float | None = None  # -100..100
    period: str | None = None  # what the figures cover, e.g. "FY2025" or "last 12 months"
    employees: int | None = None  # people in the company: at about 20 or fewer, CS is the founders and a first hire
    arr_per_account: float | None = None  # average annual recurring revenue per account, in dollars

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
CHOICES = {"business_model": BUSINESS_MODELS, "arr_band": ARR_BANDS}


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
