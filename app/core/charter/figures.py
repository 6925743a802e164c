"""The profile's outcome figures as the charter states them: each with the span it covers, and a month's or a
quarter's rate with its yearly equivalent (DOMAIN.md section 6, "Periods"), read the way the verdict reads them.

A figure is only ever compared with the yearly bands of model/verdict.yaml through its yearly value, so the
business case, the objectives, the governance reviews and the KPI table say the same numbers as the results.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.core import verdict
from app.core.profile import Profile

# Which figure of the profile a KPI's baseline comes from, and whether it is the complement (logo retention).
METRIC_FIGURES = {"gross-revenue-retention": ("grr", False), "net-revenue-retention": ("nrr", False),
                  "logo-churn": ("logo_churn", False), "logo-retention": ("logo_churn", True), "nps": ("nps", False)}


@dataclass(frozen=True)
class Reading:
    """One outcome figure: as given, as a year, and the span it covers."""

    key: str
    value: float
    yearly: float | None  # the yearly value when the figure is a rate; None for a score such as NPS
    span: str | None  # "month", "quarter", "year", or None when the profile does not say
    own: bool  # the figure carries its own period (rather than the profile's shared one)
    unit: str

    @property
    def converted(self) -> bool:
        """Whether the figure covers a month or a quarter and was annualised."""
        return self.yearly is not None and self.span in ("month", "quarter")

    def complement(self) -> Reading:
        """The figure's complement (logo retention from logo churn), with its yearly value."""
        return Reading(self.key, 100 - self.value, None if self.yearly is None else round(100 - self.yearly, 1),
                       self.span, self.own, self.unit)


def read(key: str, profile: Profile) -> Reading | None:
    """The profile's figure `key` (grr, nrr, logo_churn, nps), or None when it was not captured."""
    value = getattr(profile, key, None)
    rule = verdict.load_rules().outcomes.get(key)
    if value is None or rule is None:
        return None
    span = profile.period_of(key)
    rate = "annualise" in rule
    yearly = (verdict.annualise(rule, value, span) if span in ("month", "quarter") else value) if rate else None
    return Reading(key, value, yearly, span, bool(getattr(profile, f"{key}_period", None)), rule["unit"])


def number(value: float, unit: str) -> str:
    """A figure as printed: "97.6%", NPS with its sign ("+24")."""
    return f"{value:+g}" if unit == "" else f"{value:g}{unit}"


def said(reading: Reading, profile: Profile, texts, shared: bool = True) -> str:
    """The figure with its period: "97.6% a month (about 74.7% a year)", "112% a year", "96% (FY2025)", "+45
    (quarterly survey)"; `shared=False` leaves out the profile's shared period (said once beside a list)."""
    figure = number(reading.value, reading.unit)
    if reading.converted:
        return texts["figure_yearly"].format(figure=figure, span=verdict.SPAN_WORDS[reading.span],
                                             yearly=number(reading.yearly, reading.unit))
    if reading.own and reading.span:
        if reading.yearly is None:  # a score from a survey: "+45 (quarterly survey)"
            return texts["figure_survey"].format(figure=figure, span=verdict.SURVEY_WORDS[reading.span])
        return texts["figure_span"].format(figure=figure, span=verdict.SPAN_WORDS[reading.span])
    if shared and profile.period:
        return texts["figure_period"].format(figure=figure, period=profile.period)
    return figure


def period_words(reading: Reading, profile: Profile, texts) -> str:
    """What follows the figure in `said`: " a month (about 74.7% a year)", " a year", " (FY2025)" or ""."""
    return said(reading, profile, texts)[len(number(reading.value, reading.unit)):]


def baseline(metric_id: str, profile: Profile, texts) -> str:
    """Today's figure for a KPI from the profile, with its period, or "" when none was captured."""
    figure, complement = METRIC_FIGURES.get(metric_id, (None, False))
    reading = read(figure, profile) if figure else None
    if reading is None:
        return ""
    return said(reading.complement() if complement else reading, profile, texts)


def yearly(metric_id: str, profile: Profile) -> tuple[float | None, bool]:
    """The yearly value a KPI's target is set from (bands are yearly), and whether it was annualised."""
    figure, complement = METRIC_FIGURES.get(metric_id, (None, False))
    reading = read(figure, profile) if figure else None
    if reading is None:
        return None, False
    reading = reading.complement() if complement else reading
    return (reading.yearly if reading.yearly is not None else reading.value), reading.converted
