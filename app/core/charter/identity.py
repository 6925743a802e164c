"""The charter sections that say who we are: meaning, statement, vision and mission, principles (pure Python).

Each writer takes a `Writer` (the company's words and facts) and returns Markdown without headings.
What it says follows the answers: a practice in place is kept, a gap is work to do, a "don't know"
is something to find out, and a "not applicable" answer is left out.
"""
from __future__ import annotations

from app.core.charter.prose import Writer, bullets, join, paragraphs
from app.core.charter.wording import phrase


def _who(w: Writer) -> str:
    """The organisation, with what the profile says about it: "Tally, a 12-person self-serve business with 3,000 customers"."""
    f, c = w.f, w.company
    if not (c.model or c.employees or c.customers):
        return f.organisation
    size = f"{c.employees:,}-person " if c.employees else ""
    kind = f"{f.kind_label} " if c.model else ""
    count = f" with about {c.customers:,} customers" if c.customers else ""
    return f"{f.organisation}, a {size}{kind}business{count}"


def where_we_stand(w: Writer) -> str:
    """Where the assessment places us, what caps it, and whether it is provisional."""
    f = w.f
    if not f.stage:
        return w.t("meaning.unplaced")
    if f.capability:
        text = w.t("meaning.capped", capability=f.capability[0], capability_name=f.capability[1], stage=f.stage[0],
                   stage_name=f.stage[1], caps=join(c[:1].lower() + c[1:] for c in f.caps))
    else:
        text = w.t("meaning.placed", stage=f.stage[0], stage_name=f.stage[1], headline=f.headline)
    if f.provisional:
        text += " " + w.t("meaning.provisional", find_out=" ".join(f"“{q}”" for q in f.find_out_first))
    return text


def meaning(w: Writer) -> str:
    """What customer success means here: the company-wide duty, the people this size and model need, where we stand."""
    return paragraphs(
        w.t("meaning.intro", who=_who(w)),
        bullets([w.t("meaning.company_wide", Departments=_departments(w)), w.t("meaning.team")]),
        w.say("charter-meaning"),
        where_we_stand(w),
    )


def _departments(w: Writer) -> str:
    names = w.f.department_names(lower=True)
    text = join(names) or "every team"
    return text[:1].upper() + text[1:]


def statement(w: Writer) -> str:
    """Why now (from the charter answers and the stage), and what stands in the way (gates, unknowns, symptoms, stool)."""
    f = w.f
    why = w.say("charter-written") or w.t("statement.why_default")
    problems = list(f.gaps) + list(f.to_find_out) + [s if s.endswith(".") else s + "." for s in f.symptoms]
    if not f.balanced and f.weakest_leg:
        problems.append(w.t("statement.stool"))
    return paragraphs(
        w.t("statement.why_now", why=why + (f" {f.description}" if f.description else "")),
        w.t("statement.obstacles") if problems else "",
        bullets(problems),
        "" if problems else w.t("statement.none"),
    )


def vision(w: Writer) -> str:
    """Vision and mission: customer and vendor growth feeding each other, in this business model's and size's way."""
    f = w.f
    return paragraphs(
        w.t("vision.vision"),
        w.t("vision.mission"),
        w.t("vision.on_course") if f.focus else "",
    )


def principles(w: Writer) -> str:
    """The guiding principles, each phrased against what the answers say about today."""
    f = w.f
    lines = []
    for rule in w.wording.principles:
        if rule.get("leg"):
            if f.weakest_leg:
                lines.append(w.fill("principles.stool", rule["phrases"]["balanced" if f.balanced else "unbalanced"]))
            continue
        entry = phrase(rule["phrases"], f.value(rule["question"]))
        if entry is None and (f.value(rule["question"]) is None or "otherwise" not in rule):
            continue
        lines.append(w.fill(f"principles.{rule['id']}", entry if entry is not None else rule["otherwise"]))
    return bullets(lines)
