"""The business case for customer success, from the profile's own figures (pure Python).

Why CS pays here, in three parts (seed 002): what retention keeps, what expansion adds, what it
costs to serve the base. A figure the profile lacks is named as the next thing to record, never
guessed.
"""
from __future__ import annotations

import math

from app.core.charter import figures
from app.core.charter.prose import Writer, paragraphs, percent


def _read(w: Writer, key: str):
    """A profile figure, and what it covers in words (its own period, a month's rate with its yearly equivalent)."""
    reading = figures.read(key, w.f.profile)
    return reading, figures.period_words(reading, w.f.profile, w.wording.texts["objectives"]) if reading else ""


def _yearly(reading) -> str:
    """A rate as a year's figure: as given, or "about" its annualised value."""
    return ("about " if reading.converted else "") + percent(reading.yearly)


def _arr(w: Writer) -> tuple[float, float] | None:
    """The recurring revenue of the whole base (low, high), when the profile tells both a value and a count."""
    c = w.company
    if not (c.value and c.customers) or None in c.value:
        return None
    return c.value[0] * c.customers, c.value[1] * c.customers


def _amount(w: Writer, low: float, high: float) -> str:
    if math.isclose(low, high, rel_tol=0.05):
        return w.t("business_case.value_stated", amount=w.company.money(low))
    return w.t("business_case.value_range", low=w.company.money(low), high=w.company.money(high))


def account_value(w: Writer) -> str:
    """What one account is worth, as stated or as the revenue band and count bound it."""
    low, high = w.company.value
    if low is None:
        return w.t("business_case.value_at_most", high=w.company.money(high))
    if high is None:
        return w.t("business_case.value_at_least", low=w.company.money(low))
    return _amount(w, low, high)


def retention(w: Writer) -> str:
    """What the base loses each year, in percent and, when the profile allows, in its currency; a month's figure is
    annualised first."""
    c = w.company
    grr, period = _read(w, "grr")
    if grr is not None:
        arr = _arr(w)
        lost = round(100 - grr.yearly, 1)
        money_lost = w.t("business_case.lost_money", amount=_amount(w, arr[0] * lost / 100, arr[1] * lost / 100)) if arr else ""
        nrr, _ = _read(w, "nrr")
        # With net retention known, expansion() says what new sales must make up (or that the base grows): said once.
        key = "retention_grr" if nrr is None else "retention_grr_covered" if nrr.yearly >= 100 else "retention_grr_plain"
        return w.t(f"business_case.{key}", grr=percent(grr.value), lost=percent(lost), lost_money=money_lost,
                   period=period)
    churn, period = _read(w, "logo_churn")
    if churn is not None and c.customers:
        return w.t("business_case.retention_churn", churn=percent(churn.value), period=period,
                   accounts_lost=f"{round(c.customers * churn.yearly / 100):,}")
    if churn is not None:
        return w.t("business_case.retention_churn_only", churn=percent(churn.value), period=period)
    return w.t("business_case.retention_none")


def expansion(w: Writer) -> str:
    """What the customers we keep add, from net against gross revenue retention, both as a year's figures."""
    nrr, period = _read(w, "nrr")
    if nrr is None:
        return w.t("business_case.expansion_none")
    verdict = (w.t("business_case.grows") if nrr.yearly >= 100
               else w.t("business_case.shrinks", shrink=percent(round(100 - nrr.yearly, 1))))
    grr, _ = _read(w, "grr")
    if grr is not None:
        return w.t("business_case.expansion_gap", nrr=_yearly(nrr), grr=_yearly(grr),
                   expansion=f"{round(nrr.yearly - grr.yearly, 1):g}", verdict=verdict)
    return w.t("business_case.expansion_nrr", nrr=percent(nrr.value), period=period, verdict=verdict)


def _people(w: Writer, people: tuple[int, int]) -> str:
    low, high = people
    if low == high:
        return w.t("business_case.people_one" if low == 1 else "business_case.people_same", low=f"{low:,}")
    return w.t("business_case.people_range", low=f"{low:,}", high=f"{high:,}")


def cost_to_serve(w: Writer) -> str:
    """How the base is served at what its accounts are worth: named books, programmes or tech touch."""
    c, book = w.company, w.company.book
    if book is None:
        return w.t("business_case.cost_none")
    rules = c.rules["book"]
    low, high = book.accounts or (0, 0)
    values = {"value": account_value(w), "arr_per_person": w.company.money(rules["arr_per_person"]),
              "named_at_most": rules["named_at_most"], "programme_at_most": rules["programme_at_most"],
              "named_floor": w.company.money(w.company.named_floor),
              "book": f"{low}" if low == high else f"{low} to {high}"}
    if book.kind == "named":
        if not book.people:
            return w.t("business_case.cost_named_no_count", **values)
        return w.t("business_case.cost_named", people=_people(w, book.people), **values)
    if book.kind == "programme":
        if not book.people:
            return w.t("business_case.cost_programme_no_count", **values)
        return w.t("business_case.cost_programme", people=_people(w, book.people), **values)
    if book.kind == "tech_touch":
        return w.t("business_case.cost_tech_touch", **values)
    programme_floor = w.company.money(w.company.programme_floor)
    return w.t(f"business_case.cost_mixed{book.mixed}", programme_floor=programme_floor,
               **values)


def business_case(w: Writer) -> str:
    """Why customer success pays here: retention, expansion and cost to serve, from the profile's figures."""
    p = w.f.profile
    if p.grr is None and p.nrr is None and p.logo_churn is None and w.company.book is None:
        return paragraphs(w.t("business_case.intro"), w.t("business_case.no_figures"))
    return paragraphs(w.t("business_case.intro"), retention(w), expansion(w), cost_to_serve(w))
