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

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @property
    def empty(self) -> bool:
        return not self.to_dict()


FIELDS = tuple(f.name for f in fields(Profile))
