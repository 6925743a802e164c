"""The facts a charter draft is written from, taken off an evaluation as plain values (pure Python)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.answers import is_level, is_na, is_unknown, label
from app.core.charter.tables import business_model, company_matrix, profile_of, tier_specs
from app.core.charter.wording import WORDING, Wording
from app.core.company import Company, fit
from app.core.labels import LABELS, Labels
from app.core.profile import Profile
from app.core.stool import whole
from app.core.verdict import is_problem

NOW_SHOWN = 3  # the three moves of the first phase, as the results page shows them; the roadmap lists them all


def lower_name(name: str) -> str:
    """A department's name inside a sentence: "product and R&D", "founders"."""
    return name[:1].lower() + name[1:] if name[1:2].islower() or name[1:2] == " " else name


def owner_name(company: Company, owner_id: str) -> str:
    """A department's name inside a sentence: "marketing", "product and R&D", and "the founders" where the
    founders do management's work."""
    if company.voice == "founder_led" and company.owner(owner_id) == "management":
        return company.words["leadership"]
    return lower_name(company.owner_label(owner_id))


def _lower_first(text: str) -> str:
    """A title inside a sentence: its first letter in lower case, unless it starts an acronym ("CS", "NPS")."""
    return text[:1].lower() + text[1:] if text and not text[1:2].isupper() else text


@dataclass(frozen=True)
class Facts:
    """What the drafts say about one organisation."""

    organisation: str
    answers: Mapping
    questions: Mapping  # question id -> Question
    profile: Profile
    kind: str  # business model id the draft is written for
    kind_label: str
    stage: tuple[int, str] | None
    capability: tuple[int, str] | None  # the stage the evidence supports, when a cap holds us below it
    caps: tuple[tuple[str, str], ...]  # what holds the stage: (kind, "gate" or "stool", and title)
    provisional: bool
    headline: str
    description: str
    symptoms: tuple[str, ...]
    problems: tuple[str, ...]  # the symptoms that say something is missing (verdict.is_problem), as read here
    next_stage: str | None
    focus: tuple[str, ...]
    weakest_leg: str
    balanced: bool
    legs: dict[str, float | None]
    gaps: tuple[tuple[int, str, str, str], ...]  # failed gates: (stage, title, today's answer, its question)
    to_find_out: tuple[tuple[int, str, str], ...]  # gates whose answer is "don't know": (stage, title, question)
    journey: tuple[tuple[str, tuple], ...]  # (section title, ((question, answer), ...)) per journey section
    now: tuple[tuple[str, str, str], ...]  # (what to do, owner id, measure) of the first actions
    now_total: int
    unlocks: str  # the stage the Now phase should bring us to, or ""
    later: tuple[tuple[str, str, tuple[str, ...]], ...]  # (phase name, window, owner of each action) after the first
    first_phase: str  # e.g. "Now (0-90 days)": the first phase with actions
    matrix: dict[str, dict[str, str]]
    tiers: tuple[dict, ...]
    company: Company = field(default_factory=lambda: fit(None))
    wording: Wording = field(default=WORDING)
    find_out_first: tuple[str, ...] = ()  # questions to settle first when the result is provisional
    leg_score: str = ""  # the weakest leg's score, 0-100, as printed
    weakest_leg_id: str = ""  # its id: charter, responsibility or executive_buy_in
    labels: Labels = field(default=LABELS)
    # The targets with a gap, in the order to close them (app/core/targets.gap_order):
    # (kind, title, today's score, target level, the target's score), scores whole and 0-100
    targets: tuple[tuple[str, str, int, int, int], ...] = ()
    leg_questions: tuple[str, ...] = ()  # the questions of the weakest leg, in questionnaire order
    now_rest: tuple[str, ...] = ()  # the owners of the first phase's actions after the first ones
    kpis: tuple[tuple[str, str, str, str], ...] = ()  # per objective rung: (rung, KPI name, baseline, target)

    def department_names(self, lower: bool = False, besides: tuple[str, ...] = ("customer_success", "management")) -> list[str]:
        """The names of the departments this company has (the profile and answers say which), in display order."""
        names = [self.company.owner_label(d) for d in self.company.departments if d not in besides]
        return [lower_name(n) for n in names] if lower else names

    def value(self, question_id: str):
        """The answer given to a question (a level, "na", "unknown" or None)."""
        return self.answers.get(question_id)

    def anchor(self, question_id: str) -> str:
        """Today's practice as the answered level describes it, or "" for N/A, "don't know" or no answer."""
        value, question = self.answers.get(question_id), self.questions.get(question_id)
        if question is None or is_na(value) or is_unknown(value) or value is None:
            return ""
        return label(question, value)


def _stage(stage) -> tuple[int, str] | None:
    return (stage.number, stage.name) if stage else None


def _gates(evaluation, company: Company) -> tuple[tuple, tuple]:
    """Failed gates with today's answer and its question, and gates we cannot judge for want of an answer."""
    questionnaire, answers = evaluation.questionnaire, evaluation.answers
    gaps, unknown = [], []
    for g in sorted(evaluation.result.gates, key=lambda g: g.gate.stage):
        status = getattr(g, "status", "passed" if g.passed else "failed")
        title = _lower_first(company.rewrite(g.gate.title))  # rewritten first: a rewrite may start with a capital
        asked = [r.question for r in g.gate.require if r.question in questionnaire.questions]
        if status in ("passed", "not_applicable"):
            continue
        # A gate held back by a "don't know" is something to find out, never a gap we claim.
        not_known = [q for q in asked if is_unknown(answers.get(q)) or answers.get(q) is None]
        if status == "unknown" or not_known:
            ask = questionnaire.questions[(not_known or asked)[0]].text if asked else ""
            unknown.append((g.gate.stage, title, company.rewrite(ask)))
            continue
        below = [q for q in g.missing if q in questionnaire.questions and is_level(answers.get(q))]
        below = below or [q for q in asked if is_level(answers.get(q))]
        today = label(questionnaire.questions[below[0]], answers.get(below[0])) if below else ""
        gaps.append((g.gate.stage, title, company.tell(today), below[0] if below else ""))
    return tuple(gaps), tuple(unknown)


def _roadmap(evaluation, current: int) -> tuple[tuple[tuple[str, str, str], ...], int, str, tuple, str]:
    """The first phase with work in it: its first actions, their count, the stage it unlocks; then the rest."""
    phases = [p for p in evaluation.roadmap if any(getattr(a, "shown", True) for a in p.actions)]
    if not phases:
        return (), 0, "", (), ""
    first = phases[0]
    shown = [a for a in first.actions if getattr(a, "shown", True)]
    now = tuple((a.do, a.owner, getattr(a, "measure", "")) for a in shown[:NOW_SHOWN])
    projected = first.projected_stage
    unlocks = f"stage {projected.number} ({projected.name})" if projected and projected.number > current else ""
    later = tuple((p.name, p.window, tuple(a.owner for a in p.actions if getattr(a, "shown", True))) for p in phases[1:])
    return now, len(shown), unlocks, later, f"{first.name} ({first.window})"


def _leg_score(result, weakest) -> str:
    score = (result.legs or {}).get(weakest) if weakest else None
    return str(whole(score)) if score is not None else ""  # rounded down, as the report's tables print it


def _now_rest(evaluation) -> tuple[str, ...]:
    """The owners of the first phase's shown actions after the first NOW_SHOWN."""
    phases = [p for p in evaluation.roadmap if any(getattr(a, "shown", True) for a in p.actions)]
    return tuple(a.owner for a in phases[0].actions if getattr(a, "shown", True))[NOW_SHOWN:] if phases else ()


def collect(evaluation, organisation: str, labels: Labels = LABELS, wording: Wording = WORDING,
            company_rules=None, kpis: tuple = ()) -> Facts:
    """Collect the facts from an evaluation (defensive about fields older evaluations lack)."""
    questionnaire, result, info = evaluation.questionnaire, evaluation.result, evaluation.stage_info
    stage, profile = result.stage, profile_of(evaluation)
    company = fit(profile, evaluation.answers, company_rules, labels)
    kind = business_model(profile, labels)
    capability = getattr(result, "capability_stage", None)
    capped = bool(capability and stage and capability.number > stage.number)
    following = questionnaire.stage(stage.number + 1).name if stage and stage.number < len(questionnaire.stages) else None
    weakest = result.weakest_leg if (result.legs or {}).get(result.weakest_leg) is not None else None
    gaps, to_find_out = _gates(evaluation, company)
    now, now_total, unlocks, later, first_phase = _roadmap(evaluation, stage.number if stage else 1)
    told = [(s, company.tell(s)) for s in getattr(evaluation, "symptoms", ()) or ()]  # each symptom as this company reads it
    return Facts(
        organisation=organisation, answers=evaluation.answers, questions=questionnaire.questions, profile=profile,
        kind=kind, kind_label=labels.business_models[kind]["label"],
        stage=_stage(stage), capability=_stage(capability) if capped else None,
        caps=tuple((c.kind, company.rewrite(c.title)) for c in getattr(result, "caps", ())) if capped else (),
        provisional=bool(getattr(result, "provisional", False)),
        headline=company.tell(getattr(evaluation, "headline", "") or info.headline) if info else "",
        # The narrative is the capability stage's when a cap holds the verdict lower (see evaluate).
        # "" when the answers confirm none of the stage's signs (verdict.description): the portrait would not fit.
        description=company.tell(evaluation.description if hasattr(evaluation, "description")
                                 else (info.description if info else "")),
        symptoms=tuple(said for _, said in told if said),
        problems=tuple(said for raw, said in told if is_problem(raw) and said),
        next_stage=following, focus=tuple(m.name for m in evaluation.focus_metrics),
        weakest_leg=labels.legs.get(weakest or "", "").lower(), balanced=result.balanced,
        legs={labels.legs[k].lower(): v for k, v in (result.legs or {}).items() if k in labels.legs},
        gaps=gaps, to_find_out=to_find_out,
        journey=tuple((s.title, tuple((q, evaluation.answers.get(q.id)) for q in s.questions))
                      for s in questionnaire.sections if s.block == "journey"),
        now=now, now_total=now_total, unlocks=unlocks, later=later, first_phase=first_phase,
        matrix=company_matrix(labels.matrix(kind), company), tiers=tuple(tier_specs(kind, profile.customers, labels, company)),
        company=company, wording=wording, labels=labels,
        find_out_first=tuple(company.rewrite(i["title"]) for i in getattr(result, "find_out_first", ())[:3]),
        leg_score=_leg_score(result, weakest), weakest_leg_id=weakest or "",
        targets=_targets(evaluation), now_rest=_now_rest(evaluation), kpis=tuple(kpis),
        leg_questions=tuple(q.id for s in questionnaire.sections if weakest and s.leg == weakest for q in s.questions),
    )


def _targets(evaluation) -> tuple[tuple[str, str, int, int, int], ...]:
    """The open targets, the short leg first and then the largest gaps (none for an evaluation without targets)."""
    from app.core.targets import gap_order

    targets = getattr(evaluation, "targets", None)
    top = max((q.max_value for q in evaluation.questionnaire.questions.values()), default=4)
    return tuple((t.kind, t.title, t.points(top)[0], t.target, t.points(top)[1]) for t in gap_order(targets)) if targets else ()
