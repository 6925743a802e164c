"""The words of a first charter draft, one writer per section, from the facts of one company (pure Python).

Writers return Markdown without headings, so a section reads the same under any heading level. What
they say follows the answers: a practice already in place is described as kept, a gap as work to do,
a "don't know" as something to find out, and a "not applicable" answer is left out.
"""
from __future__ import annotations

import math
from collections.abc import Callable

from app.core.answers import is_level, is_na, is_unknown
from app.core.charter import evidence as ev
from app.core.charter.evidence import say
from app.core.charter.facts import Facts, collect

__all__ = ["DRAFTERS", "Facts", "collect"]

TEAM = {
    "self_serve": "**A pooled team.** A small customer-success team works mostly through the product and "
                  "automation, and steps in personally where usage data shows risk or room to grow.",
    "low_touch": "**A team that works at scale.** CSMs serve many accounts each through playbooks and digital "
                 "programmes, keeping one-to-one time for the moments that decide a renewal.",
    "high_touch": "**Named owners.** Every customer has a named CSM who partners them from the contract onwards, "
                  "towards results they can measure.",
    "services_heavy": "**One team with services.** CSMs and our services people plan each account together, so "
                      "delivery and adoption lead to the same results.",
    "mixed": "**A dedicated team.** The customer-success team partners customers, mostly from the contract onwards, "
             "so that they adopt the solution, reach their goals and keep finding new value.",
}
MISSION = {
    "self_serve": "We help every customer get value from the product on their own, quickly, and step in where a "
                  "person makes the difference.",
    "low_touch": "We serve most customers through programmes that scale, and give personal attention where it "
                 "changes the outcome.",
    "high_touch": "We partner each customer through a named owner, from the contract to results they can measure "
                  "and talk about.",
    "services_heavy": "We run delivery and customer success as one programme, so every project leaves the customer "
                      "with measurable results and a reason to keep going.",
    "mixed": "We partner every customer from first contact to advocacy, with an engagement model that fits their "
             "size and potential.",
}
HANDOFFS = {
    "self_serve": "Product and marketing bring customers in through sign-up; the pooled CS team picks up accounts "
                  "when usage data flags risk or growth, and hands upgrade conversations to sales.",
    "services_heavy": "Sales hands each new customer to a joint CS and services team at contract, with goals and "
                      "KPIs written down; services leads delivery, CS keeps the outcomes in view between projects.",
    "high_touch": "The CSM meets the customer before the contract is signed, and sales hands over goals, sponsor "
                  "and agreed KPIs in a joint meeting.",
}
HANDOFF = ("Sales hands each new customer to CS at contract, with the customer's goals, sponsor and agreed KPIs "
           "written down; CS hands advocates and expansion leads back to marketing and sales.")


def _bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items if item)


def _join(names) -> str:
    names = [n for n in names if n]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def _level(f: Facts, question_id: str) -> int | None:
    value = f.value(question_id)
    return value if is_level(value) else None


def _where(f: Facts) -> str:
    if not f.stage:
        return "We have not yet placed ourselves on the maturity ladder; finishing the assessment tells us where we stand."
    if f.capability:
        text = (f"Our answers show the capabilities of stage {f.capability[0]} ({f.capability[1]}), but we are held "
                f"at stage {f.stage[0]}, **{f.stage[1]}**, by: {_join(c[:1].lower() + c[1:] for c in f.caps)}.")
    else:
        text = f"Our assessment places us at stage {f.stage[0]}, **{f.stage[1]}**: {f.headline}"
    if f.provisional:
        text += (" The result is provisional: too many answers are still \"don't know\", and we will confirm it once "
                 "we have found out.")
    return text


def meaning(f: Facts) -> str:
    """What customer success means here: the company-wide duty, the team this business model needs, where we stand."""
    return _paragraphs(
        f'At {f.organisation}, "customer success" means two things, and this charter covers both.',
        _bullets([
            "**A commitment of the whole company.** Every department helps customers reach the results they bought "
            "our solution for, at every stage of their journey.",
            TEAM[f.kind] if f.kind in TEAM else TEAM["mixed"],
        ]),
        say(f.answers, "charter-meaning", ev.DEFINITION),
        _where(f),
    )


def _opportunity(f: Facts) -> str:
    p = f.profile
    when = f" ({p.period})" if p.period else ""
    if p.nrr is not None:
        text = (f"Our net revenue retention is {p.nrr:g}%{when}: " + ("the customers we have already grow our revenue."
                if p.nrr >= 100 else "the base shrinks a little each year unless expansion makes up for losses."))
    else:
        text = "Customers who reach their goals renew, buy more and recommend us, so growth can come from the customers we already have."
    if f.stage and f.next_stage:
        text += f" The next step is stage {f.stage[0] + 1}, **{f.next_stage}**."
    return "**The opportunity.** " + text


def _cost(f: Facts) -> str:
    p = f.profile
    if p.grr is not None:
        lost = 100 - p.grr
        text = (f"At {p.grr:g}% gross revenue retention we lose about {lost:g}% of our recurring revenue every year, "
                "and sales has to win it back before the company grows at all.")
    elif p.logo_churn is not None and p.customers:
        text = (f"Losing {p.logo_churn:g}% of our {p.customers:,} customers a year means about "
                f"{round(p.customers * p.logo_churn / 100):,} accounts to replace before we grow.")
    else:
        text = ("Every customer who leaves takes recurring revenue with them, and replacing it costs far more than "
                "keeping it would have.")
    return "**The cost of doing nothing.** " + text


def statement(f: Facts) -> str:
    """Why now (from the charter answers), what stands in the way (from the gates and symptoms), opportunity, cost."""
    why = say(f.answers, "charter-written", ev.WHY_NOW) or "We need a shared, written view of what customer success is for."
    problems = list(f.gaps) + list(f.to_find_out) + [s if s.endswith(".") else s + "." for s in f.symptoms]
    if not f.balanced and f.weakest_leg:
        problems.append(f"Our three-legged stool is out of balance: the {f.weakest_leg} leg is the shortest, and it "
                        "limits how far we can climb.")
    return _paragraphs(
        "**Why now.** " + why + (f" {f.description}" if f.description else ""),
        "**What stands in our way.**" if problems else "",
        _bullets(problems),
        _opportunity(f),
        _cost(f),
    )


def vision(f: Facts) -> str:
    """Vision and mission: customer and vendor growth feeding each other, in this business model's way."""
    return _paragraphs(
        "**Vision.** Our customers reach the outcomes they bought our solution for, and their success drives ours.",
        "**Mission.** " + MISSION.get(f.kind, MISSION["mixed"]),
        f"We will know we are on course when {_join(f.focus)} move the right way." if f.focus else "",
    )


def principles(f: Facts) -> str:
    """The guiding principles, each phrased against what the answers say about today."""
    health, loop, owned = _level(f, "ops-health-score"), _level(f, "strategy-feedback-loop"), _level(f, "responsibility-shared-ownership")
    act = ("**Act on the signals we trust.** Our health score already flags risk early; we act on it before the "
           "customer has to ask." if health is not None and health >= 3 else
           "**Act before the customer has to ask.** We build the signals that show risk early, and step in before "
           "an escalation." if not is_unknown(f.value("ops-health-score")) else
           "**Act before the customer has to ask.** First we find out whether our health data can be trusted.")
    return _bullets([
        "**Outcomes before activity.** We judge our work by the results customers achieve, not by the meetings we log.",
        "**Everyone owns the customer.** Each department knows its part; the CS team conducts the relay"
        + ("; today accounts still belong to whoever sold them, so this principle asks the most of us."
           if owned is not None and owned <= 1 else "."),
        act,
        "**Scale first.** The product and automation serve most customers; people go where the data says they "
        "matter." if f.kind == "self_serve" else
        "**Serve each tier in the way that fits.** Effort follows each customer's value and potential.",
        "**Close the loop.** Customer feedback reaches product and customers hear what changed"
        + ("; today most of it goes unanswered." if loop is not None and loop <= 1 else "."),
        "**Keep the stool level.** The charter, shared responsibility and executive buy-in grow together"
        + (f"; today the {f.weakest_leg} leg needs the most attention." if f.weakest_leg else "."),
    ])


def _leaders(f: Facts) -> str:
    """Who leads each stage CS does not lead, as a sentence built from the matrix."""
    stages, owners = f.labels.journey_stages, f.labels.owners
    by_owner: dict[str, list[str]] = {}
    for stage, title in stages.items():
        leads = [d for d, row in f.matrix.items() if row.get(stage) == "leads" and d != "customer_success"]
        for dept in leads:
            by_owner.setdefault(dept, []).append(title.lower())
    parts = [f"{owners[d]} leads {_join(s)}" for d, s in by_owner.items()]
    return (_join(parts) + ".") if parts else ""


def _journey_line(title: str, pairs) -> str:
    """How one journey section stands, in one sentence that quotes its weakest practice."""
    scored = [(v, q) for q, v in pairs if is_level(v)]
    unknown = sum(1 for _, v in pairs if is_unknown(v))
    skipped = sum(1 for _, v in pairs if is_na(v))
    if not scored:
        return (f"**{title}**: {unknown} \"don't know\" answer{'s' if unknown != 1 else ''} to look into."
                if unknown else f"**{title}**: not applicable to us." if skipped else f"**{title}**: not assessed yet.")
    mean = sum(v for v, _ in scored) / len(scored)
    value, weakest = min(scored, key=lambda pair: pair[0])
    line = f"**{title}** averages level {mean:.1f} of 4"
    if value < weakest.max_value:
        quoted = weakest.levels[weakest.values.index(value)].label.rstrip(".")  # the line's own full stop ends it
        line += f"; its weakest practice, at level {value}: “{quoted}”"
    else:
        line += ", every practice at the top level"
    extra = [f"{skipped} not applicable" if skipped else "", f"{unknown} to find out" if unknown else ""]
    return line + (f" ({_join(extra)})." if any(extra) else ".")


def scope(f: Facts) -> str:
    """What CS leads and supports for this business model, the hand-offs, and how each journey section stands."""
    cs = f.matrix.get("customer_success", {})
    stage_names = f.labels.journey_stages
    leads = [stage_names[s].lower() for s, v in cs.items() if v == "leads"]
    supports = [stage_names[s].lower() for s, v in cs.items() if v == "supports"]
    return _paragraphs(
        f"The CS team leads {_join(leads) or 'no stage yet'}" + (f", and supports {_join(supports)}." if supports else ".")
        + (" " + _leaders(f) if _leaders(f) else ""),
        "**Hand-offs.** " + HANDOFFS.get(f.kind, HANDOFF),
        "**The journey today, from our answers:**",
        _bullets(_journey_line(title, pairs) for title, pairs in f.journey)
        or "- The journey has not been assessed yet; map each stage before fixing the scope.",
    )


def objectives(f: Facts) -> str:
    """The objectives ladder, each rung with how far customers get today, and the KPI baselines we hold."""
    rungs = {"adoption": "customers use what they bought, quickly and widely",
             "performance": "customers see measurable gains against the KPIs agreed at contract",
             "transformation": "the solution is part of how customers work, and its return is proven",
             "advocacy": "successful customers speak up for us and bring in new business"}
    lines = []
    for n, (rung, aim) in enumerate(rungs.items(), 1):
        qid = ev.RUNG_EVIDENCE[rung]
        today = f.anchor(qid)
        name = f.labels.objective_rungs.get(rung, rung)
        note = (f" Today: {today}" if today else f" How far customers get with {name.lower()} today is still to find "
                "out, before we set a target." if is_unknown(f.value(qid)) else "")
        lines.append(f"{n}. **{name}**: {aim}.{note}")
    p = f.profile
    figures = [f"{name} {value:g}%" for name, value in (("gross revenue retention", p.grr), ("net revenue retention", p.nrr),
                                                        ("logo churn", p.logo_churn)) if value is not None]
    level = f.capability or f.stage  # the metrics fit the practice the answers show, not a cap
    watch = f"At the level of practice we have reached (stage {level[0]}) we watch {_join(f.focus)} most closely." \
        if level and f.focus else ""
    base = (f"The KPI table starts from the figures we hold{f' for {p.period}' if p.period else ''}: {_join(figures)}."
            if figures else "The KPI table has no baselines yet: we record them before committing to targets.")
    return _paragraphs("Our objectives climb a ladder, each rung resting on the one below:", "\n".join(lines),
                       " ".join(x for x in (watch, base) if x))


def segmentation(f: Facts) -> str:
    """How this business model and customer count are tiered, against how tiering works today."""
    customers, first = f.profile.customers, f.tiers[0]
    size = (f"We run a {f.kind_label} business with about {customers:,} customers." if customers else
            f"The tiers below assume a {f.kind_label} business; we add our customer count to size them.")
    sizing = ""
    if customers and first.get("accounts_per_person") and first.get("holds_most"):  # else most sit in other tiers
        low, high = first["accounts_per_person"]
        sizing = (f"At {low:,} to {high:,} accounts per person in the {first['name'].lower()} tier, our base needs "
                  f"about {max(1, math.ceil(customers / high))} to {max(1, math.ceil(customers / low))} people.")
    tech = say(f.answers, "ops-tech-touch", ev.TECH_TOUCH) if f.kind in ("self_serve", "low_touch", "mixed") else ""
    return _paragraphs(
        f"We tier customers on the revenue they bring today and on their potential. {size} {sizing}".strip(),
        " ".join(x for x in (say(f.answers, "sa-tiering", ev.TIERING), tech) if x),
    )


def responsibilities(f: Facts) -> str:
    """The target matrix for this business model, and where today's practice differs from it."""
    today = [say(f.answers, qid, phrases) for qid, phrases in ev.TODAY.items()]
    today = [t for t in today if t]
    return _paragraphs(
        f"The matrix below is the target we agree for a {f.kind_label} business: for each stage of the journey, "
        "which department leads, which support and which are kept informed.",
        "**Where today differs from the target:**" if today else "",
        _bullets(today),
        "Responsibility is the shortest leg of our stool, so agreeing this matrix comes first."
        if f.weakest_leg == "responsibility" else "",
    )


def governance(f: Facts) -> str:
    """The sponsor situation, the review rhythm and incentives, each from the answers."""
    sponsor = say(f.answers, "buy-in-sponsor", ev.SPONSOR) or (
        "A named member of the leadership team answers for customer retention and for this charter.")
    named = (_level(f, "buy-in-sponsor") or 0) >= 2
    chair = "the sponsor" if named else "the CEO, until a sponsor is named,"
    return _paragraphs(
        "**Executive sponsor.** " + sponsor,
        f"**Reviews.** CS leadership reviews {_join(f.focus) if f.focus else 'the focus metrics'} every month; "
        f"each quarter {chair} takes the charter's KPIs to the leadership team, next to new bookings.",
        "**Incentives.** " + (say(f.answers, "buy-in-incentives", ev.INCENTIVES) or
                              "Goals and variable pay reward retention, expansion and customer outcomes, not only new business."),
    )


def roadmap(f: Facts) -> str:
    """A short summary: the first actions of Now, the stage they unlock, and what follows."""
    if not f.now:
        return "Our assessment leaves no gap that needs an action; the next review checks that it stays that way."
    more = f.now_total - len(f.now)
    return _paragraphs(
        f"The roadmap turns the gaps in our assessment into actions. The first ones, in {f.first_phase}:",
        "\n".join(f"{n}. {line}" for n, line in enumerate(f.now, 1)),
        (f"{more} more action{'s' if more != 1 else ''} complete{'s' if more == 1 else ''} this phase. " if more > 0 else "")
        + (f"Together they should bring us to {f.unlocks}." if f.unlocks else
           "They prepare the ground rather than move the stage on their own."),
        " ".join(f"{name} ({window}) holds {count} action{'s' if count != 1 else ''}." for name, window, count in f.later
                 if count) + (" The full roadmap gives each an owner and a measure." if any(c for *_, c in f.later) else ""),
    )


def review(f: Facts) -> str:
    """When and how the charter is revisited, from how reviews happen today."""
    named = (_level(f, "buy-in-sponsor") or 0) >= 2
    where = f"we are at stage {f.stage[0]} today" if f.stage else "we have yet to place ourselves"
    return _paragraphs(
        say(f.answers, "charter-review", ev.REVIEW) or "This charter is a living document.",
        "We revisit it:",
        _bullets([
            "every year, against our strategy, our customer base and the results we measured;",
            f"whenever we move to a new maturity stage: {where}, and we re-run the assessment every six months;",
            "whenever our offer, our pricing or the customers we target change.",
        ]),
        ("The executive sponsor owns the review" if named else "Until we have an executive sponsor, the CEO owns the review")
        + "; each department confirms its row of the responsibilities matrix, and the changes are shared with the "
        "whole company.",
    )


DRAFTERS: dict[str, Callable[[Facts], str]] = {
    "meaning": meaning, "statement": statement, "vision": vision, "principles": principles, "scope": scope,
    "objectives": objectives, "segmentation": segmentation, "responsibilities": responsibilities,
    "governance": governance, "roadmap": roadmap, "review": review,
}
