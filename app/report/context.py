"""One report, two media: a context of primitives -> HTML (Jinja on reports/) -> PDF (WeasyPrint)."""
from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app.core import sentences
from app.core.actions import FIND_OUT
from app.core.company import Company, fit
from app.core.evaluation import Evaluation, top_level
from app.core.labels import LABELS
from app.core.placement import placement
from app.core.plan import human_date
from app.core.questionnaire import BLOCKS, LEGS, NOT_APPLICABLE, UNKNOWN, Questionnaire
from app.core.verdict import mismatch_notes, mismatch_summary
from app.report import charts

BLOCK_SHORT = dict(LABELS.blocks_short)  # labels.yaml
LEG_TITLES = dict(LABELS.legs)  # labels.yaml

REPORTS_DIR = Path(__file__).resolve().parents[2] / "reports"

@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja environment of the report's templates (reports/), for the screen and the PDF alike.

    Pages embed report parts through `render_part` (the web app's `report_part` template global), so a
    report template is only ever compiled and rendered here, with the same autoescaping and globals.
    """
    return Environment(loader=FileSystemLoader(str(REPORTS_DIR)), autoescape=select_autoescape(default=True))


def render_part(name: str, **context) -> Markup:
    """One report template rendered as safe HTML, to embed in a page (the body, the method)."""
    return Markup(environment().get_template(name).render(**context))


def _answer_text(question, answer: dict | None) -> str:
    value = (answer or {}).get("value")
    if value is None:
        return "Not answered"
    if value == UNKNOWN:
        return "Don't know"
    if value == NOT_APPLICABLE:
        return "Not applicable"
    level = next(lv for lv in question.levels if lv.value == value)
    return f"{level.value} · {level.name}: {level.label}"


def _answer_short(question, answer: dict | None) -> str:
    """The answer in a few words for the appendix table: the level and its name, without the description."""
    value = (answer or {}).get("value")
    level = next((lv for lv in question.levels if lv.value == value), None)
    return f"{level.value} · {level.name}" if level else _answer_text(question, answer)




def _action(questionnaire: Questionnaire, a, company: Company) -> dict:
    """One roadmap action as the report prints it, in the company's words and with its own departments."""
    say = company.rewrite
    return {"do": say(a.do), "owner": company.owner_label(a.owner), "measure": say(a.measure), "why": say(a.why),
            # A find-out action clears no gate: its why already says which gate the answer decides.
            "gate": say(a.gate) if a.gate and a.kind != FIND_OUT else None,
            "helps_reach": questionnaire.stage(a.helps_reach).name,
            "question": say(questionnaire.questions[a.question_id].text)}


def _stage(stage) -> dict | None:
    return {"number": stage.number, "name": stage.name} if stage else None


def _order_name(questionnaire: Questionnaire, name: str) -> str | None:
    """A roadmap-order entry (a block or a section id) as readers know it; None when not on this path."""
    section = next((s for s in questionnaire.sections if s.id == name), None)
    return section.title if section else BLOCKS.get(name)


def method_context(questionnaire: Questionnaire, company: Company | None = None) -> dict:
    """The rules behind every result, straight from the questionnaire data, so anyone can recompute it."""
    say = company.rewrite if company else str
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version, "title": questionnaire.title},
        "stages": [{"number": s.number, "name": s.name, "min_score": s.min_score, "target_level": s.target_level}
                   for s in questionnaire.stages],
        "gates": [{"title": say(g.title), "stage": questionnaire.stage(g.stage).name, "stage_number": g.stage,
                   "require": [{"question": say(questionnaire.questions[r.question].text), "min_level": r.min_level}
                               for r in g.require], "leg": LEG_TITLES.get(g.leg, "") if g.leg else ""}
                  for g in questionnaire.rules.gates],
        "imbalance_points": questionnaire.rules.imbalance_points,
        "lag_points": questionnaire.rules.lag_points,
        "leg_margin": questionnaire.rules.leg_margin,
        "min_answered": round(questionnaire.rules.min_answered * 100),
        # Caps are softened only when the data says so (another questionnaire's scoring.caps).
        "max_drop": questionnaire.rules.max_drop if questionnaire.rules.max_drop < len(questionnaire.stages) else None,
        "cap_floor": questionnaire.stage(min(questionnaire.rules.cap_floor, len(questionnaire.stages))).name
        if questionnaire.rules.cap_floor > 1 else None,
        "moves": [{"from": questionnaire.stage(stage).name, "from_number": stage, "to": questionnaire.stage(stage + 1).name,
                   "require": [{"question": questionnaire.questions[r.question].text, "min_level": r.min_level}
                               for r in reqs]}
                  for stage, reqs in sorted(questionnaire.rules.moves.items()) if stage < len(questionnaire.stages)],
        "provisional_below": round(questionnaire.rules.provisional_below * 100),
        "now_max": questionnaire.rules.now_max,
        "next_max": questionnaire.rules.next_max,
        # Entries for sections the path leaves out (the quick path has no operations sections) are not named.
        "order": [", ".join(names) for entry in questionnaire.rules.roadmap_order
                  if (names := [n for n in (_order_name(questionnaire, name) for name in entry) if n])],
    }


def _phases(evaluation: Evaluation, company: Company | None = None) -> list[dict]:
    """The roadmap's phases: actions, the stage each unlocks (or the later phase that does, or what still holds
    it), and what that stage needs from where the phase starts, in the company's words."""
    questionnaire, result = evaluation.questionnaire, evaluation.result
    company = company or fit(getattr(evaluation, "profile", None), getattr(evaluation, "answers", None))
    phases, start = [], result.stage.number if result.stage else 0
    for p in evaluation.roadmap:
        end = p.projected_stage.number if p.projected_stage else start
        unlocks, later = end > start, getattr(p, "reached_with", None)
        aims = getattr(p, "aims_at", None)
        phases.append({
            "id": p.id, "name": p.name, "window": p.window, "projected": _stage(p.projected_stage),
            "unlocks": unlocks, "reached_with": later if not unlocks else None,
            "why_not": company.rewrite(p.why_not) if p.why_not and not unlocks and not later else None,
            # The goal is the stage the phase unlocks, or the one a later phase completes; never beside a why-not.
            "aims_at": _stage(aims) if aims and (unlocks or later) and aims.number > start else None,
            "goal": [company.rewrite(move[:1].lower() + move[1:]) for move in getattr(p, "goal", ())],  # keeps "CS"
            "actions": [_action(questionnaire, a, company) for a in p.actions]})
        start = max(start, end)
    return phases


def _timeline(evaluation: Evaluation):
    """The roadmap as chevrons: each phase says the stage it reaches, or that the stage stays where it is."""
    start = evaluation.result.stage.number if evaluation.result.stage else 0
    rows = []
    for p in evaluation.roadmap:
        stage = p.projected_stage
        label = "" if stage is None else (f"reaches {stage.name}" if stage.number > start else f"still {stage.name}")
        rows.append((p.name, p.window, len(p.actions), label))
        start = max(start, stage.number if stage else start)
    return charts.timeline(rows)


def _narrative(evaluation: Evaluation, company: Company) -> dict | None:
    """The stage's story as this company reads it: its words, and nothing about practices it answered N/A."""
    info, result = evaluation.stage_info, evaluation.result
    if not info:
        return None
    symptoms = [company.tell(s) for s in evaluation.symptoms]
    return {"headline": company.tell(evaluation.headline or info.headline), "description": company.tell(evaluation.description),
            "symptoms": [s for s in symptoms if s], "moves": [company.rewrite(m) for m in info.moves],
            "number": info.number, "name": info.name, "capped": bool(result.stage and info.number > result.stage.number)}


def build_context(evaluation: Evaluation, respondent, answers: dict[str, dict], path: str = "full",
                  company: Company | None = None) -> dict:
    """Everything the report shows, as plain values (no database rows, no Flask objects), in the words that fit
    the company (its size, departments and N/A answers: app/core/company.py)."""
    questionnaire, result = evaluation.questionnaire, evaluation.result
    company = company or fit(evaluation.profile, evaluation.answers)
    say = company.rewrite
    legs = [(LEG_TITLES[leg], (result.legs or {}).get(leg)) for leg in LEGS]
    return {
        "organisation": respondent.organisation,
        "respondent": {"name": respondent.name, "role": respondent.role},
        # A workshop's facilitator, else whoever answered; a consultant's branding line replaces it (apply_branding).
        "prepared_by": getattr(respondent, "prepared_by", None) or respondent.name,
        "branding": None,
        "date": human_date(date.today()),
        "date_iso": date.today().isoformat(),
        "path": path,
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version, "title": questionnaire.title},
        "stage": _stage(result.stage),
        "score_stage": _stage(result.score_stage),
        # The narrative follows the evidence: a capped company reads its capability stage's description,
        # with the symptoms its answers contradict left out.
        "stage_info": _narrative(evaluation, company),
        "stage_count": len(questionnaire.stages),
        "overall": result.overall,
        "confidence": math.floor(result.confidence * 100),  # never rounded up to 100% with a question unknown
        "confidence_means": "the share of applicable questions answered with a level",
        "answered": result.answered,
        "total": result.total,
        "legs": [{"title": title, "score": value} for title, value in legs],
        "stool": {"balanced": result.balanced, "weakest": LEG_TITLES.get(result.weakest_leg, ""),
                  "supports": _stage(result.leg_stage), "imbalance_points": questionnaire.rules.imbalance_points,
                  "carries": _stage(result.carries), "carries_sentence": sentences.stool_carries(questionnaire, result),
                  "balance_sentence": sentences.stool_balance(questionnaire, result)},
        "lifted": evaluation.lifted,
        "gates": [{"title": say(g.gate.title), "stage": questionnaire.stage(g.gate.stage).name, "stage_number": g.gate.stage,
                   "passed": g.passed, "status": getattr(g, "status", "passed" if g.passed else "failed")}
                  for g in result.gates],
        "holding_back": [{**item, "title": say(item["title"])} for item in result.holding_back],
        "blind_spots": [{"id": qid, "text": say(questionnaire.questions[qid].text),
                         "section": say(questionnaire.section_of[qid].title)} for qid in result.blind_spots],
        "focus_metrics": [{"name": m.name, "definition": say(m.definition), "formula": m.formula}
                          for m in evaluation.focus_metrics],
        "blocks": [{"title": BLOCKS[b], "score": v} for b, v in evaluation.blocks.items()],
        "sections": [{"id": s.id, "title": say(s.title), "score": result.sections[s.id], "meter": charts.meter(result.sections[s.id])}
                     for s in questionnaire.sections],
        "roadmap": _phases(evaluation, company),
        "roadmap_more": [{**_action(questionnaire, a, company), "phase": p.name, "window": p.window}
                         for p in evaluation.roadmap for a in getattr(p, "more", ())],
        "charts": {
            "ladder": charts.stage_ladder(
                [(s.number, s.name) for s in questionnaire.stages], result.stage.number if result.stage else None),
            "radar": charts.radar([(BLOCK_SHORT[b], v) for b, v in evaluation.blocks.items()], "Score per block, 0 to 100",
                                  targets=_target_scores(evaluation)),
            "stool": charts.stool(legs, result.balanced),
            "timeline": _timeline(evaluation),
        },
        "answers": [
            {"section": say(s.title), "questions": [
                {"id": q.id, "text": say(q.text), "answer": say(_answer_text(q, answers.get(q.id))),
                 "short": _answer_short(q, answers.get(q.id)),
                 "note": (answers.get(q.id) or {}).get("note")} for q in s.questions]}
            for s in questionnaire.sections
        ],
        "method": method_context(questionnaire, company),
        "summary": _summary(evaluation, company),
        "verdict": verdict_context(evaluation, company),
        "outcomes": [_outcome(o) for o in evaluation.outcomes],
        "outcome_notes": (notes := mismatch_notes(list(evaluation.outcomes))),  # said once, after the figures
        "outcome_check": mismatch_summary(list(evaluation.outcomes)) + notes,
    }


def _target_scores(evaluation: Evaluation) -> list[float | None] | None:
    """Each block's target on the radar's 0-100 scale (level / top x 100), in the radar's block order."""
    if evaluation.targets is None:
        return None
    top = top_level(evaluation.questionnaire)
    by_block = {t.id: t.target for t in evaluation.targets.blocks}
    return [None if by_block.get(b) is None else by_block[b] * 100 / top for b in evaluation.blocks]


def _outcome(figure: dict) -> dict:
    """A captured outcome figure as the report says it: value, period, the stage it is typical of, any mismatch."""
    value = f"{figure['value']:g}{figure['unit']}"
    return {"name": figure["name"], "value": value, "period": figure.get("period"),
            "conversion": figure.get("conversion"), "assumed_yearly": bool(figure.get("assumed_yearly")),
            "band_stage": figure["band_stage"], "mismatch": figure["mismatch"], "sentence": figure["sentence"],
            "mismatch_direction": figure.get("mismatch_direction")}


def _three_moves(now) -> list:
    """The three moves that matter most: what a gate hangs on and nobody knows, then the actions that clear a gate,
    then the rest of what the next stage needs, each in the phase's order; the phase's other actions only when fewer
    are needed."""
    if now is None:
        return []

    def weight(a) -> int:
        return 0 if a.kind == "find_out" else 1 if a.gate else 2 if getattr(a, "need", None) else 3

    return sorted(now.actions, key=weight)[:3]


def verdict_context(evaluation: Evaluation, company: Company | None = None) -> dict:
    """The results page's first screen: placement, capability and caps, provisional with the three things to find
    out first, three moves and what they unlock."""
    questionnaire, result = evaluation.questionnaire, evaluation.result
    company = company or fit(evaluation.profile, evaluation.answers)
    say = company.rewrite
    now = evaluation.roadmap[0] if evaluation.roadmap else None
    return {
        "placement": placement(questionnaire, evaluation.answers).to_dict(),
        "capability_stage": _stage(result.capability_stage),
        "caps": [{"kind": c.kind, "title": say(c.title), "holds_at": c.holds_at, "reason": c.reason and say(c.reason)}
                 for c in result.caps],
        "provisional": result.provisional,
        "provisional_below": round(questionnaire.rules.provisional_below * 100),
        "find_out_first": [say(item["title"]) for item in result.find_out_first[:3]],
        "overall": None if result.overall is None else math.floor(result.overall),  # never rounded up past a threshold
        "moves": [_action(questionnaire, a, company) for a in _three_moves(now)],
        "unlocks": _stage(now.projected_stage) if now else None,
        "why_not": say(now.why_not or "") or None if now else None,
        "reached_with": getattr(now, "reached_with", None) if now else None,
        "aims_at": _stage(getattr(now, "aims_at", None)) if now else None,
    }


def _summary(evaluation: Evaluation, company: Company) -> dict:
    """The executive summary: three strengths, three gaps and the next 90 days."""
    questionnaire, result = evaluation.questionnaire, evaluation.result
    strengths, gaps = sentences.strengths_and_gaps(questionnaire, result)
    now = evaluation.roadmap[0] if evaluation.roadmap else None
    return {
        "strengths": [{**item, "title": company.rewrite(item["title"])} for item in strengths],
        "gaps": [{**item, "title": company.rewrite(item["title"])} for item in gaps],
        "next_90_days": [_action(questionnaire, a, company) for a in (now.actions[:5] if now else ())],
        "moves": [_action(questionnaire, a, company) for a in _three_moves(now)],
        "projected": _stage(now.projected_stage) if now else None,
        # The first phase as the roadmap states it: the stage it unlocks, the phase that completes the next stage,
        # or that the stage stays and why (the roadmap's own why-not, in the same words).
        "first_phase": sentences.first_phase(result, evaluation.roadmap, company.rewrite),
    }


def with_disagreements(context: dict, items: list[dict] | None) -> dict:
    """A workshop's disagreements on the report, each with its spread, and their range beside each answer."""
    if items is None:
        context["disagreements"] = None
        return context
    context["disagreements"] = [{**d, "spread": d["high"] - d["low"]} for d in items]
    ranges = {d["id"]: f"{d['low']}–{d['high']}" for d in items}
    for group in context["answers"]:
        for question in group["questions"]:
            question["range"] = ranges.get(question["id"])
    return context


def apply_team_confidence(context: dict, confidence: float, questionnaire: Questionnaire) -> dict:
    """A workshop's confidence counts every participant's "don't know", so a team never shows 100% with one in it."""
    context["confidence"] = math.floor(confidence * 100)
    context["confidence_means"] = "the share of the team's answers to applicable questions given with a level"
    context["verdict"]["provisional"] = confidence < questionnaire.rules.provisional_below
    return context


def apply_branding(context: dict, branding: dict | None) -> dict:
    """Put a consultant's branding (logo data URI, accent colour, "prepared by" line) on the report."""
    if branding:
        context["branding"] = branding
        context["prepared_by"] = branding.get("prepared_by") or context["prepared_by"]
    return context


# The report's sections in order: (anchor, title, when it is present). The contents page and the
# body both ask `present()`, so a section is listed exactly when it is printed.
OUTLINE = (
    ("summary", "Executive summary", None),
    ("where-you-stand", "Where you stand", None),
    ("rounds", "Since the last round", lambda c: bool(c.get("comparison") or c.get("review"))),
    ("holding-back", "What holds you at this stage", lambda c: bool(c["holding_back"])),
    ("stool", "The three-legged stool", None),
    ("scores", "Scores by block and section", None),
    ("metrics", "Metrics to focus on", lambda c: bool(c["focus_metrics"])),
    ("blind-spots", "Blind spots", lambda c: bool(c["blind_spots"])),
    ("gates", "Stage gates", None),
    ("team-view", "How the team saw it", lambda c: bool(c.get("workshop"))),
    ("disagreements", "Where the team disagreed", lambda c: c.get("disagreements") is not None),
    ("charter", "The customer-success charter", lambda c: bool(c.get("charter"))),
    ("roadmap", "Roadmap", None),
    ("plan", "Action plan", lambda c: bool((c.get("plan") or {}).get("total"))),
    ("roadmap-more", "Appendix: further actions", lambda c: bool(c.get("roadmap_more"))),
    ("answers", "Appendix: every answer", None),
    ("method", "Method", None),
)


def present(context: dict) -> dict[str, bool]:
    """Which of the report's sections this context prints."""
    return {anchor: rule is None or rule(context) for anchor, _, rule in OUTLINE}


def render_body(context: dict) -> str:
    """The report body shared by the results page and the PDF."""
    return environment().get_template("body.html").render(report={**context, "present": present(context)})


def render_html(context: dict) -> str:
    """The standalone print document that WeasyPrint turns into a PDF: cover, contents, then the body."""
    shown = present(context)
    toc = [(anchor, title) for anchor, title, _ in OUTLINE if shown[anchor]]
    return environment().get_template("report.html").render(report={**context, "toc": toc}, body=render_body(context))


def filename(organisation: str, extension: str = "pdf") -> str:
    """A safe download name such as cs-maturity-northwind-analytics.pdf."""
    slug = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-")[:60] or "report"
    return f"cs-maturity-{slug}.{extension}"
