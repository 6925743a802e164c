"""The charter sections that say how we steer: objectives, governance, roadmap, review cycle (pure Python)."""
from __future__ import annotations

from app.core.answers import is_level, is_na, is_unknown
from app.core.charter.prose import Writer, bullets, join, paragraphs, percent
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
        anchor = w.company.tell(f.anchor(qid))
        today = (w.t("objectives.today", anchor=anchor) if anchor else
                 w.t("objectives.unknown", name_lower=name.lower()) if is_unknown(f.value(qid)) else "")
        lines.append(w.t("objectives.rung", n=len(lines) + 1, name=name, aim=w.fill(f"rungs.{rung}.aim", spec["aim"]),
                         today=today))
    p = f.profile
    figures = [f"{name} {percent(value)}" for name, value in (("gross revenue retention", p.grr),
                                                              ("net revenue retention", p.nrr),
                                                              ("logo churn", p.logo_churn)) if value is not None]
    level = f.capability or f.stage  # the metrics fit the practice the answers show, not a cap
    watch = w.t("objectives.watch", level=level[0]) if level and f.focus else ""
    base = (w.t("objectives.baselines", figures=join(figures), period=f" ({p.period})" if p.period else "")
            if figures else w.t("objectives.no_baselines"))
    return paragraphs(w.t("objectives.intro"), "\n".join(lines), " ".join(x for x in (watch, base) if x))


def _named(w: Writer) -> bool:
    value = w.f.value("buy-in-sponsor")
    return is_level(value) and value >= 2


def governance(w: Writer) -> str:
    """The sponsor situation, the review rhythm and incentives, each from the answers."""
    f = w.f
    chair = w.t("governance.chair_named") if _named(w) else w.t("governance.chair_none")
    return paragraphs(
        w.t("governance.sponsor", text=w.say("buy-in-sponsor") or w.t("governance.sponsor_default")),
        w.t("governance.reviews", chair=chair, focus=join(f.focus) if f.focus else "our focus metrics"),
        w.t("governance.incentives", text=w.say("buy-in-incentives") or w.t("governance.incentives_default")),
    )


def roadmap(w: Writer) -> str:
    """A short summary: the first actions of the first phase with work, the stage they unlock, and what follows."""
    f, c = w.f, w.company
    if not f.now:
        return w.t("roadmap.none")
    more = f.now_total - len(f.now)
    items = [w.t("roadmap.item", n=n, do=c.rewrite(do), owner=c.owner_label(owner)) for n, (do, owner) in enumerate(f.now, 1)]
    later = [w.t("roadmap.later", name=name, window=window, count=count, s="s" if count != 1 else "")
             for name, window, count in f.later if count]
    return paragraphs(
        w.t("roadmap.intro", phase=f.first_phase),
        "\n".join(items),
        " ".join(x for x in (
            w.t("roadmap.more", count=more, s="s" if more != 1 else "", verb_s="s" if more == 1 else "") if more > 0 else "",
            w.t("roadmap.unlocks", unlocks=f.unlocks) if f.unlocks else w.t("roadmap.ground")) if x),
        " ".join(later + ([w.t("roadmap.full")] if later else [])),
    )


def review(w: Writer) -> str:
    """When and how the charter is revisited, from how reviews happen today and what changes this company."""
    f, c = w.f, w.company
    customers = f"{c.customers:,} customers" if c.customers else "customer base"
    owner = w.t("review.owner_named") if _named(w) else w.t("review.owner_none")
    return paragraphs(
        w.say("charter-review") or w.t("review.default"),
        w.t("review.revisit"),
        bullets([
            w.t("review.yearly", customers_phrase=customers),
            w.t("review.stage", stage=f.stage[0]) if f.stage else w.t("review.stage_none"),
            w.t("review.change"),
        ]),
        owner + w.t("review.confirm"),
    )
