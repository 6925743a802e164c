"""The charter sections that say who we are: meaning, statement, vision and mission, principles (pure Python).

Each writer takes a `Writer` (the company's words and facts) and returns Markdown without headings.
What it says follows the answers: a practice in place is kept, a gap is work to do, a "don't know"
is something to find out, and a "not applicable" answer is left out.
"""
from __future__ import annotations

from app.core.answers import is_level
from app.core.charter.prose import Writer, bullets, join, paragraphs
from app.core.charter.wording import phrase
from app.core.stool import whole


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
        gates = join(t[:1].lower() + t[1:] for kind, t in f.caps if kind != "stool")
        stool = join(t[:1].lower() + t[1:] for kind, t in f.caps if kind == "stool")
        caps = [w.t("meaning.cap_gate", title=gates) if gates else "", w.t("meaning.cap_stool", title=stool) if stool else ""]
        text = w.t("meaning.capped", capability=f.capability[0], capability_name=f.capability[1], stage=f.stage[0],
                   stage_name=f.stage[1], caps=join(caps))
    else:
        text = w.t("meaning.placed", stage=f.stage[0], stage_name=f.stage[1], headline=_after_colon(f.headline))
    if f.provisional:
        text += " " + w.t("meaning.provisional", find_out=" ".join(f"“{q}”" for q in f.find_out_first))
    return text


def meaning(w: Writer) -> str:
    """What customer success means here: the company-wide duty, the people this size and model need, where we stand."""
    team = w.t("meaning.team_none") if w.company.no_cs_team else \
        " ".join(x for x in (w.t("meaning.team"), w.say("ops-team-structure")) if x)
    return paragraphs(
        w.t("meaning.intro", who=_who(w)),
        bullets([w.t("meaning.company_wide", Departments=_departments(w)), team]),
        w.say("charter-meaning"),
        where_we_stand(w),
    )


def _departments(w: Writer) -> str:
    names = w.f.department_names(lower=True)
    text = join(names) or "every team"
    return text[:1].upper() + text[1:]


def _near(f, gate_stage: int) -> bool:
    """Whether a gate stands between us and the next stage (or holds us where we are)."""
    return f.stage is None or gate_stage <= max(f.stage[0], f.capability[0] if f.capability else 0) + 1


def statement(w: Writer) -> str:
    """Why now (from the charter answers and the stage), and what stands in the way of the next stage (its gates,
    what we do not know, the stage's symptoms, the stool); the gates of later stages are counted, not listed."""
    f = w.f
    why = w.say("charter-written") or w.t("statement.why_default")
    problems = [w.t(f"statement.gap_{qid}" if w.has(f"statement.gap_{qid}") else "statement.gap", title=title,
                    today="" if qid in w.said else w.quote(today)).strip()
                for stage, title, today, qid in f.gaps if _near(f, stage)]
    problems += [w.t("statement.find_out", title=title, question=question)
                 for stage, title, question in f.to_find_out if _near(f, stage)]
    if len(problems) < 2:  # the stage's general signs of trouble, where our own gaps say little (never its good signs)
        problems += [s if s.endswith(".") else s + "." for s in f.problems]
    if not f.balanced and f.weakest_leg:
        problems.append(w.t("statement.stool", why=_shortest(w)))
    elif f.weakest_leg_id and w.has(f"statement.leg_{f.weakest_leg_id}"):
        problems.insert(0, w.t(f"statement.leg_{f.weakest_leg_id}", why=_shortest(w)))
    further = [(stage, title) for stage, title, *_ in (*f.gaps, *f.to_find_out) if not _near(f, stage)]
    later = len(further)
    return paragraphs(
        w.t("statement.why_now", why=why),
        w.t("statement.obstacles") if problems else "",
        bullets(problems),
        "" if problems else w.t("statement.none"),
        w.t("statement.further", count=later, s="s" if later != 1 else "", verb_s="s" if later == 1 else "",
            items=_further(w, further),
            them="them" if later != 1 else "it") if later else "",
    )


FURTHER_NAMED = 3  # up to this many later gates are named; more are counted by stage


def _further(w: Writer, further: list[tuple[int, str]]) -> str:
    """The gates of later stages: each named when they are few, else how many each stage holds."""
    if len(further) <= FURTHER_NAMED:
        return "; ".join(w.t("statement.further_item", stage=stage, title=title) for stage, title in sorted(further))
    stages = sorted({stage for stage, _ in further})
    return join(w.t("statement.further_count", stage=stage, count=sum(1 for s, _ in further if s == stage))
                for stage in stages)


def _shortest(w: Writer) -> str:
    """Why the shortest leg matters here (a phrase for the answer to its key question), else its weakest practice
    not yet quoted, with a space before it; "" when neither is left to say."""
    f = w.f
    key = next((q for q in (w.wording.shortest or {}) if q in f.leg_questions), None)
    why = w.say(key, "shortest") if key else ""
    if why:
        return " " + why
    scored = sorted((f.value(q), n, q) for n, q in enumerate(f.leg_questions) if is_level(f.value(q)))
    for value, _, qid in scored:
        if value < f.questions[qid].max_value and not w.quoted_already(qid):
            return w.t("statement.leg_weakest", level=value, anchor=w.quote(w.company.tell(f.anchor(qid))).rstrip("."))
    return ""


def vision(w: Writer) -> str:
    """Vision and mission: customer and vendor growth feeding each other, in this business model's and size's way,
    and where our vision stands today."""
    return paragraphs(w.t("vision.vision"), w.t("vision.mission"), w.say("charter-vision"))


PRINCIPLES_KEPT = 3  # a charter's principles are few: the ones that ask the most of this company, and the stool's


def principles(w: Writer) -> str:
    """The few guiding principles that ask the most of us (lowest answers first), each phrased against today's
    answer, then the stool's."""
    f = w.f
    found = []
    for order, rule in enumerate(w.wording.principles):
        if rule.get("leg"):
            continue
        value = f.value(rule["question"])
        entry = phrase(rule["phrases"], value)
        if entry is None and (value is None or "otherwise" not in rule):
            continue
        rank = value if is_level(value) else 2  # "don't know" and N/A ask about as much as a middling answer
        found.append((rank, order, w.fill(f"principles.{rule['id']}", entry if entry is not None else rule["otherwise"])))
    lines = [text for *_, text in sorted(found)[:PRINCIPLES_KEPT]]
    stool = next((r for r in w.wording.principles if r.get("leg")), None)
    if stool and f.weakest_leg:
        others = join(w.t("principles.leg_score", leg=leg, score=whole(score)) for leg, score in f.legs.items()
                      if score is not None and leg != f.weakest_leg)
        lines.append(w.fill("principles.stool", stool["phrases"]["balanced" if f.balanced else "unbalanced"],
                            others=others or w.t("principles.no_other_legs")))
    return bullets(lines)


def _after_colon(sentence: str) -> str:
    """A sentence continued after a colon: its first word in lower case, unless it is an acronym ("CS") or "I"."""
    first = sentence.split(" ", 1)[0]
    return sentence if not first or first.isupper() or first[1:2].isupper() else sentence[:1].lower() + sentence[1:]
