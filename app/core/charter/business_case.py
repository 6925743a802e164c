"""The business case for customer success, from the profile's own figures (pure Python).

Why CS pays here, in three parts (seed 002): what retention keeps, what expansion adds, what it
costs to serve the base. A figure the profile lacks is named as the next thing to record, never
guessed.
"""
from __future__ import annotations

import math

from app.core.charter.prose import Writer, money, paragraphs, percent


def _period(w: Writer) -> str:
    return f" ({w.f.profile.period})" if w.f.profile.period else ""


def _arr(w: Writer) -> tuple[float, float] | None:
    """The recurring revenue of the whole base (low, high), when the profile tells both a value and a count."""
    c = w.company
    if not (c.value and c.customers) or None in c.value:
        return None
    return c.value[0] * c.customers, c.value[1] * c.customers


def _amount(w: Writer, low: float, high: float) -> str:
    if math.isclose(low, high, rel_tol=0.05):
        return w.t("business_case.value_stated", amount=money(low))
    return w.t("business_case.value_range", low=money(low), high=money(high))


def _value(w: Writer) -> str:
    """What one account is worth, as stated or as the revenue band and count bound it."""
    low, high = w.company.value
    if low is None:
        return w.t("business_case.value_at_most", high=money(high))
    if high is None:
        return w.t("business_case.value_at_least", low=money(low))
    return _amount(w, low, high)


def retention(w: Writer) -> str:
    """What the base loses each year, in percent and, when the profile allows, in dollars."""
    p, c = w.f.profile, w.company
    if p.grr is not None:
        arr = _arr(w)
        lost = 100 - p.grr
        money_lost = w.t("business_case.lost_money", amount=_amount(w, arr[0] * lost / 100, arr[1] * lost / 100)) if arr else ""
        return w.t("business_case.retention_grr", grr=percent(p.grr), lost=percent(lost), lost_money=money_lost, period=_period(w))
    if p.logo_churn is not None and c.customers:
        return w.t("business_case.retention_churn", churn=percent(p.logo_churn), period=_period(w),
                   accounts_lost=f"{round(c.customers * p.logo_churn / 100):,}")
    if p.logo_churn is not None:
        return w.t("business_case.retention_churn_only", churn=percent(p.logo_churn), period=_period(w))
    return w.t("business_case.retention_none")


def expansion(w: Writer) -> str:
    """What the customers we keep add, from net against gross revenue retention."""
    p = w.f.profile
    if p.nrr is None:
        return w.t("business_case.expansion_none")
    verdict = w.t("business_case.grows" if p.nrr >= 100 else "business_case.shrinks")
    if p.grr is not None:
        return w.t("business_case.expansion_gap", nrr=percent(p.nrr), grr=percent(p.grr), expansion=f"{p.nrr - p.grr:g}",
                   verdict=verdict)
    return w.t("business_case.expansion_nrr", nrr=percent(p.nrr), period=_period(w), verdict=verdict)


def _people(w: Writer, people: tuple[int, int]) -> str:
    low, high = people
    if low == high:
        return w.t("business_case.people_one" if low == 1 else "business_case.people_same", low=low)
    return w.t("business_case.people_range", low=low, high=high)


def cost_to_serve(w: Writer) -> str:
    """How the base is served at what its accounts are worth: named books, programmes or tech touch."""
    c, book = w.company, w.company.book
    if book is None:
        return w.t("business_case.cost_none")
    rules = c.rules["book"]
    low, high = book.accounts or (0, 0)
    values = {"value": _value(w), "arr_per_person": money(rules["arr_per_person"]),
              "named_at_most": rules["named_at_most"], "programme_at_most": rules["programme_at_most"],
              "named_floor": money(rules["arr_per_person"] / rules["named_at_most"]),
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
    return w.t("business_case.cost_mixed", **values)


def business_case(w: Writer) -> str:
    """Why customer success pays here: retention, expansion and cost to serve, from the profile's figures."""
    p = w.f.profile
    if p.grr is None and p.nrr is None and p.logo_churn is None and w.company.book is None:
        return paragraphs(w.t("business_case.intro"), w.t("business_case.no_figures"))
    return paragraphs(w.t("business_case.intro"), retention(w), expansion(w), cost_to_serve(w))
