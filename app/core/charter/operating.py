"""The charter sections that say how we work: scope, segmentation, responsibilities (pure Python)."""
from __future__ import annotations

from app.core.answers import is_level, is_na, is_unknown
from app.core.charter.business_case import account_value
from app.core.charter.facts import owner_name
from app.core.charter.prose import Writer, bullets, join, paragraphs


def journey_stages(w: Writer) -> list[str]:
    """The journey stages that apply to us: a stage whose own question is answered "not applicable" is left out."""
    return [s for s in w.f.labels.journey_stages if not is_na(w.f.value(f"journey-{s}"))]


def _leaders(w: Writer, stages: list[str]) -> str:
    """Who leads each stage customer success does not lead, as a sentence built from the matrix."""
    names = w.f.labels.journey_stages
    by_owner: dict[str, list[str]] = {}
    for stage in stages:
        for dept, row in w.f.matrix.items():
            if row.get(stage) == "leads" and dept != "customer_success":
                by_owner.setdefault(dept, []).append(names[stage].lower())
    parts = [w.t("scope.others", owner=owner_name(w.company, d), stages=join(s), are="is" if len(s) == 1 else "are")
             for d, s in by_owner.items()]
    sentence = "; ".join(parts)  # clauses that hold "and" themselves: never "... by marketing and trial and ..."
    return (sentence[:1].upper() + sentence[1:] + ".") if parts else ""


def _journey_line(w: Writer, title: str, pairs) -> str:
    """How one journey section stands, in one sentence that quotes its weakest practice."""
    scored = [(v, q) for q, v in pairs if is_level(v)]
    unknown = sum(1 for _, v in pairs if is_unknown(v))
    skipped = sum(1 for _, v in pairs if is_na(v))
    if not scored:
        return w.t("scope.line_unknown", title=title, unknown=f"{unknown} “don't know” answer{'s' if unknown != 1 else ''}") \
            if unknown else ""
    mean = f"{sum(v for v, _ in scored) / len(scored):.1f}"
    value, weakest = min(scored, key=lambda pair: pair[0])
    # The line's own full stop ends the sentence: the quoted level text loses its own (never “….”.).
    anchor = w.quote(w.company.tell(weakest.levels[weakest.values.index(value)].label)).rstrip(".") \
        if value < weakest.max_value else ""
    if value == weakest.max_value:
        line = w.t("scope.line_top", title=title, mean=mean)
    elif anchor:
        line = w.t("scope.line", title=title, mean=mean, level=value, anchor=anchor)
    else:
        line = w.t("scope.line_plain", title=title, mean=mean)
    extra = [f"{skipped} not applicable" if skipped else "", f"{unknown} to find out" if unknown else ""]
    return line + (w.t("scope.counts", counts=join(extra)) if any(extra) else "") + "."


def scope(w: Writer) -> str:
    """What customer success leads and supports among the stages that apply, the hand-offs, and how each journey
    section stands."""
    stages = journey_stages(w)
    names = w.f.labels.journey_stages
    cs = w.f.matrix.get("customer_success", {})
    leads = [names[s].lower() for s in stages if cs.get(s) == "leads"]
    supports = [names[s].lower() for s in stages if cs.get(s) == "supports"]
    first = (w.t("scope.leads_supports", leads=join(leads), supports=join(supports)) if leads and supports else
             w.t("scope.leads", leads=join(leads)) if leads else w.t("scope.nothing"))
    lines = [_journey_line(w, title, pairs) for title, pairs in w.f.journey]
    others = _leaders(w, stages)
    return paragraphs(
        first[:-1] + "; " + others[:1].lower() + others[1:] if others else first,
        " ".join(x for x in (w.t("scope.handoffs"), "" if w.quoted_already("journey-decision") else w.say("journey-decision"))
                 if x),
        w.t("scope.journey") if any(lines) else "",
        bullets(lines) or w.t("scope.journey_none"),
    )


def _size(w: Writer) -> str:
    c = w.company
    value = ""
    if c.value and c.value_stated:
        value = w.t("segmentation.value", value=w.company.money(c.value[0]))
    if c.model and c.customers:
        return w.t("segmentation.size", value=value)
    if c.model:
        return w.t("segmentation.size_no_count")
    if c.customers:
        return w.t("segmentation.size_count_only", value=value)
    return w.t("segmentation.size_unknown")


def _book(w: Writer) -> str:
    c, book = w.company, w.company.book
    if book is None:
        return ""
    rules = c.rules["book"]
    low, high = book.accounts or (0, 0)
    values = {"arr_per_person": w.company.money(rules["arr_per_person"]), "book": f"{low}" if low == high else f"{low} to {high}"}
    if book.kind == "tech_touch":
        return w.t("segmentation.book_tech_touch", value=account_value(w)) if c.customers else ""
    if book.kind == "mixed":
        return w.t(f"segmentation.book_mixed{book.mixed}", value=account_value(w),
                   programme_floor=w.company.money(w.company.programme_floor),
                   named_floor=w.company.money(w.company.named_floor),
                   named_at_most=rules["named_at_most"], programme_at_most=rules["programme_at_most"])
    if not book.people:
        return ""
    people = f"about {book.people[0]:,}" if book.people[0] == book.people[1] else f"{book.people[0]:,} to {book.people[1]:,}"
    return w.t(f"segmentation.book_{book.kind}", people=people + (" person" if book.people == (1, 1) else " people"), **values)


def segmentation(w: Writer) -> str:
    """How this company's base is tiered: its business model, its count and what an account is worth, and how
    tiering works today."""
    f, c = w.f, w.company
    tech = any(t["name"] == "Tech touch" for t in f.tiers)
    product_first = c.model == "self_serve" or (c.book is not None and c.book.kind == "tech_touch")
    spanned = c.book is not None and "tech_touch" in c.book.spans  # the book's sentence already names the tail
    tail = (w.t("segmentation.long_tail", programme_floor=w.company.money(w.company.programme_floor))
            if tech and not product_first and c.customers and not spanned else "")
    evidence = [w.say("sa-tiering"), w.say("ops-tech-touch") if tech or product_first else ""]
    return paragraphs(
        " ".join(x for x in (w.t("segmentation.basis_tech_touch" if product_first else "segmentation.basis"), _size(w)) if x),
        " ".join(x for x in (_book(w), tail) if x),
        " ".join(x for x in evidence if x),
    )


DIFFERENCES_SHOWN = 3


def responsibilities(w: Writer) -> str:
    """The target matrix among the departments this company has, and where today's practice differs from it."""
    f = w.f
    # The widest gaps between today and the matrix, lowest answers first; an answer at level 3 or above agrees with it.
    found = sorted((f.value(qid) if is_level(f.value(qid)) else 2, n, qid) for n, qid in enumerate(w.wording.today))
    agrees = [w.say(qid, "today") for rank, _, qid in found if rank >= 3]
    today = [text for text in (w.say(qid, "today") for rank, _, qid in found if rank < 3) if text][:DIFFERENCES_SHOWN]
    everyone = [owner_name(w.company, d) for d in w.company.departments]
    return paragraphs(
        w.t("responsibilities.intro", departments=join(everyone),
            business=f"a {w.company.employees:,}-person {w.f.kind_label} business" if w.company.employees
            else f"a {w.f.kind_label} business"),
        " ".join(text for text in agrees if text),
        w.t("responsibilities.differs") if today else "",
        bullets(today),
        w.t("responsibilities.shortest") if f.weakest_leg == "responsibility" else "",
    )
