"""The charter sections that say how we steer: objectives, governance, roadmap, review cycle (pure Python)."""
from __future__ import annotations

from app.core.answers import is_level, is_na, is_unknown
from app.core.charter import figures
from app.core.charter.facts import lower_name, owner_name
from app.core.charter.prose import Writer, bullets, join, join_names, paragraphs
from app.core.charter.wording import choose


def _rung_question(w: Writer, spec) -> str:
    return choose(spec["question"], w.company.voice, w.company.model)


def objectives(w: Writer) -> str:
    """The objectives ladder (rungs whose evidence is not applicable left out), how far customers get on each today,
    the metrics we watch and the figures we hold."""
    f, lines = w.f, []
    names = w.wording.rung_names(f.labels, w.company.voice, w.company.model)
    for rung, spec in w.wording.rungs.items():
        qid = _rung_question(w, spec)
        if is_na(f.value(qid)):
            continue
        name = names.get(rung, rung)
        anchor = w.quote(w.company.tell(f.anchor(qid))).rstrip(".")
        today = (w.t("objectives.today", anchor=lower_name(anchor)) if anchor else
                 w.t("objectives.unknown") if is_unknown(f.value(qid)) else "")
        lines.append(w.t("objectives.rung", n=len(lines) + 1, name=name, aim=w.fill(f"rungs.{rung}.aim", spec["aim"]),
                         today=today, kpi=_kpi(w, rung)))
    held, shared = _figures(w)
    level = f.capability or f.stage  # the metrics fit the practice the answers show, not a cap
    period = f" ({shared})" if shared else ""
    then = w.t("objectives.baselines", figures=join(held), period=period) if held else w.t("objectives.no_baselines")
    if level and f.focus:
        watch = w.t("objectives.watch", level=level[0], then=then)
    else:
        watch = w.t("objectives.no_focus", period=period, figures=": " + join(held)) if held else ""
    return paragraphs(w.t("objectives.intro"), "\n".join(lines), watch, _aims(w))


def _kpi(w: Writer, rung: str) -> str:
    """The rung's KPI from the KPI table, with today's figure when there is one ("" without a KPI)."""
    kpi = next((k for k in w.f.kpis if k[0] == rung), None)
    if kpi is None:
        return ""
    _, name, baseline, _ = kpi
    return w.t("objectives.kpi_today", name=name, figure=baseline) if baseline else w.t("objectives.kpi", name=name)


TARGETS_NAMED = 3  # the objectives name the first gaps to close; the targets table has them all


def _aims(w: Writer) -> str:
    """Where we aim by the next assessment: the gaps to close first, from the targets (short leg first)."""
    targets = w.f.targets
    if not targets:
        return ""
    items = [w.t("objectives.aim_item", name=w.t("objectives.aim_leg", title=title.lower()) if kind == "leg"
                 else title[:1].lower() + title[1:], today=today, points=points, level=level)
             for kind, title, today, level, points in targets[:TARGETS_NAMED]]
    return w.t("objectives.aims_leg_first" if targets[0][0] == "leg" else "objectives.aims", items="; ".join(items))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


FIGURES = (("gross revenue retention", "grr"), ("net revenue retention", "nrr"), ("logo churn", "logo_churn"))


def _figures(w: Writer) -> tuple[list[str], str]:
    """The outcome figures the profile holds, as the charter says them (each with its own period, a month's rate
    with its yearly equivalent), and the profile's shared period, said once beside them ("" when none)."""
    p, texts = w.f.profile, w.wording.texts["objectives"]
    readings = [(name, r) for name, key in FIGURES if (r := figures.read(key, p))]
    own = any(r.own for _, r in readings)  # a figure with its own period says it; the shared one is then said with each
    said = [f"{name} {figures.said(r, p, texts, shared=own)}" for name, r in readings]
    return said, "" if own or not p.period else p.period


def _named(w: Writer) -> bool:
    value = w.f.value("buy-in-sponsor")
    return is_level(value) and value >= 2


def governance(w: Writer) -> str:
    """The sponsor situation, the review rhythm and incentives, each from the answers."""
    f = w.f
    chair = w.t("governance.chair_named") if _named(w) else w.t("governance.chair_none")
    held, _ = _figures(w)
    return paragraphs(
        w.t("governance.sponsor", text=w.say("buy-in-sponsor") or w.t("governance.sponsor_default")),
        w.t("governance.reviews_no_team" if w.company.no_cs_team else "governance.reviews",
            chair=chair, focus=join(f.focus) if f.focus else "our focus metrics",
            from_figures=w.t("governance.from_figures", figures=join(held)) if held else ""),
        w.t("governance.incentives", text=w.say("buy-in-incentives") or w.t("governance.incentives_default")),
    )


def roadmap(w: Writer) -> str:
    """A short summary: the first actions of the first phase with work, the stage they unlock, and what follows."""
    f, c = w.f, w.company
    if not f.now:
        return w.t("roadmap.none")
    more = f.now_total - len(f.now)
    given = [measure for _, _, measure in f.now]
    measures = [m if m not in given[:i] else "" for i, m in enumerate(given)]  # two find-outs share a measure: said once
    items = [w.t("roadmap.item" if measure else "roadmap.item_plain", n=n, do=c.rewrite(do), owner=c.owner_label(owner),
                 measure=c.rewrite(measure).rstrip(".")) for n, ((do, owner, _), measure) in enumerate(zip(f.now, measures), 1)]
    later = [w.t("roadmap.later", name=name, window=window, count=len(owners), owners=_owners(w, owners))
             for name, window, owners in f.later if owners]
    top = f.stage is not None and f.next_stage is None  # nothing above: the plan keeps the stage
    intro = w.t("roadmap.intro_top" if top else "roadmap.intro", phase=f.first_phase, stage=f.stage[0],
                stage_name=f.stage[1]) if f.stage else w.t("roadmap.intro_unplaced", phase=f.first_phase)
    extra = w.t("roadmap.more", count=more, s="s" if more != 1 else "", verb_s="s" if more == 1 else "",
                owners=_owners(w, f.now_rest)) if more > 0 else ""
    held = w.t("roadmap.ground_top" if top else "roadmap.ground", stage=f.stage[0], more=extra) if f.stage else ""
    return paragraphs(
        intro,
        "\n".join(items),
        _capital(w.t("roadmap.unlocks", unlocks=f.unlocks, more=extra) if f.unlocks else held),
        " ".join(later),
    )


def _owners(w: Writer, owners) -> str:
    """The departments that lead a phase's actions, most actions first."""
    counts: dict[str, int] = {}
    for owner in owners:
        label = owner_name(w.company, owner)
        counts[label] = counts.get(label, 0) + 1
    return join_names(sorted(counts, key=lambda label: -counts[label]))


def _stage_review(w: Writer) -> str:
    """When the assessment is re-run, and the first target it checks."""
    f = w.f
    if not f.stage:
        return w.t("review.stage_none")
    if not f.targets:
        return w.t("review.stage", stage=f.stage[0])
    kind, title, today, _, points = f.targets[0]
    name = w.t("objectives.aim_leg", title=title.lower()) if kind == "leg" else title[:1].lower() + title[1:]
    return w.t("review.stage_target", stage=f.stage[0], name=name, today=today, points=points)


def _one_sentence(items: list[str]) -> list[str]:
    """List items that read as one sentence: each ends with a semicolon, the last with a full stop."""
    items = [item.rstrip(";. ") for item in items if item]
    return [item + ("." if n == len(items) - 1 else ";") for n, item in enumerate(items)]


def review(w: Writer) -> str:
    """When and how the charter is revisited, from how reviews happen today and what changes this company."""
    f, c = w.f, w.company
    customers = f"{c.customers:,} customers" if c.customers else "customer base"
    plain = "" if f.weakest_leg else "_plain"
    owner = w.t(f"review.owner_named{plain}") if _named(w) else w.t(f"review.owner_none{plain}")
    return paragraphs(
        w.say("charter-review") or w.t("review.default"),
        w.t("review.revisit"),
        bullets(_one_sentence([
            w.t("review.yearly", customers_phrase=customers),
            _stage_review(w),
            w.t("review.change"),
        ])),
        owner + w.t("review.confirm"),
    )
