"""The deck's speaker notes: the evidence behind each slide, from the report context (plain text).

A consultant questioned on a slide reads the figures and the answers it rests on here: every number is
read from the report context, which holds the computed figures.
"""
from __future__ import annotations

from app.report.deck_text import (
    first_sentence,
    holding_item,
    phase_outcome,
    plain,
    since_sentence,
    stage_phrase,
    stool_sentence,
    whole,
)


def title_notes(r: dict) -> list[str]:
    return [f"{r['organisation']}: customer-success maturity, {r['path']} assessment, {r['date']}.",
            f"Answered by {r['respondent']['name']}; {r['answered']} of {r['total']} questions answered."]


def verdict_notes(r: dict) -> list[str]:
    lines = [f"Overall score {whole(r['overall'])} of 100; the score alone reaches {stage_phrase(r.get('score_stage'))}.",
             f"Confidence {r['confidence']}%: " + (
                 "every participant's answers with a level out of those not marked not applicable; a don't-know "
                 "counts even where the others settled the question." if r.get("workshop") else
                 "questions answered with a level out of those not marked not applicable.")]
    lines += [f"Cap: {c['title']} (holds at stage {c['holds_at']})." for c in r["verdict"]["caps"]]
    lines += list(r.get("outcome_check") or [])
    if r.get("stage_info") and r["stage_info"]["description"]:
        lines.append(r["stage_info"]["description"])
    return lines


def ladder_notes(r: dict) -> list[str]:
    lines = [f"Stage {s['number']}, {s['name']}: overall score from {s['min_score']}, practices at level "
             f"{s['target_level']}." for s in r["method"]["stages"]]
    if r.get("stage_info") and r["stage_info"]["symptoms"]:
        lines += ["Signs of this stage the answers confirm:", *(f"- {s}" for s in r["stage_info"]["symptoms"])]
    return lines


def stool_notes(r: dict) -> list[str]:
    return [f"{leg['title']}: {whole(leg['score'])} of 100." for leg in r["legs"]] + [stool_sentence(r)]


def blocks_notes(r: dict) -> list[str]:
    lines = [f"{b['title']}: {whole(b['score'])} of 100." for b in r["blocks"]]
    lines += ["Sections:", *(f"- {s['title']}: {whole(s['score'])}" for s in r["sections"] if s["score"] is not None)]
    return lines


def targets_notes(rows: list[dict]) -> list[str]:
    default = ", by default the next whole level at least half a level up"
    lines = [f"{row['label']}: today {row['today']}, target {row['target']} (level {row['target_level']}"
             f"{', chosen' if row.get('chosen') else default}), gap {row['gap']}." for row in rows]
    return lines + ["A target is a level of the answers' scale: level 4 counts as 100, so each level is worth 25."]


def gap_notes(team: dict) -> list[str]:
    lines = [f"{team['participants']} participants answered; no figure comes from fewer than {team['floor']} people."]
    for b in team["blocks"]:
        if b.get("scores"):
            scores = ", ".join(f"{g['label']} {b['scores'][g['id']]}" for g in team["groups"])
            lines.append(f"{b['title']}: {scores}; gap {b['gap']}.")
    return lines


def evidence_notes(r: dict, items: list[dict], which: str) -> list[str]:
    """The answers (and their notes) behind the strongest or weakest sections."""
    by_section = {group["section"]: group["questions"] for group in r["answers"]}
    count = {1: "The {which} section", 2: "The two {which} sections", 3: "The three {which} sections"}.get(
        len(items), f"The {len(items)} {which} sections").format(which=which)
    lines = [f"{count} by score (0 to 100), with the answers behind them."]
    for item in items:
        lines.append(f"{item['title']} ({whole(item['score'])}):")
        for q in by_section.get(item["title"], []):
            note = f" Note: {q['note']}" if q.get("note") else ""
            lines.append(f"- {q['text']} {q['short']}.{note}")
    return lines


def holding_notes(r: dict) -> list[str]:
    # "Title: why." reads as a sentence; the two joined by a space did not ("... charter not yet met; ...").
    lines = [f"{title.rstrip('.')}: {why}." for title, why in map(holding_item, r["holding_back"])]
    lines += [f"Gate for stage {g['stage_number']}: {g['title']}: {'met' if g['passed'] else 'not yet met'}."
              for g in r["gates"]]
    return lines


def moves_notes(r: dict) -> list[str]:
    return [f"{m['do']} Owner: {m['owner']}. Why: {m['why']}" for m in r["verdict"]["moves"]]


def roadmap_notes(r: dict) -> list[str]:
    lines = []
    for phase in r["roadmap"]:
        lines.append(f"{phase['name']} ({phase['window']}): {phase_outcome(phase)}.")
        if phase.get("why_not"):
            lines.append(phase["why_not"])
        lines += [f"- {a['do']} Owner: {a['owner']}. Measure: {a['measure']}" for a in phase["actions"]]
    if r.get("roadmap_more"):
        lines.append(f"{len(r['roadmap_more'])} further actions wait until these are done (the report's appendix).")
    return lines


def metrics_notes(r: dict) -> list[str]:
    return [f"{m['name']}: {m['definition']} Formula: {m['formula']}" for m in r["focus_metrics"]]


def charter_notes(r: dict) -> list[str]:
    c = r["charter"]
    lines = [f"{n}. {s['title']}: {first_sentence(plain(s['html']), 300)}" for n, s in enumerate(c["sections"], 1)]
    lines += [f"KPI for {k['rung']}: {k['name']}, baseline {k['baseline'] or 'to set'}, target {k['target'] or 'to set'}."
              for k in c["kpis"]]
    return lines


def since_notes(comparison: dict | None, review: dict | None) -> list[str]:
    lines = [since_sentence(comparison, review)] + ([review["explanation"]] if (review or {}).get("explanation") else [])
    for m in (comparison or {}).get("movers", []):
        lines.append(f"- {m['text']}: level {m['before']} then, {m['after']} now.")
    for key in ("done", "slipped", "dropped"):
        for item in (review or {}).get(key) or []:
            text = item.get("do") or item.get("title") or item.get("action") if isinstance(item, dict) else item
            lines.append(f"{key.capitalize()}: {text}")
    return lines


def method_notes(r: dict) -> list[str]:
    m = r["method"]
    lines = [f"Stage {s['number']}, {s['name']}: from an overall score of {s['min_score']}." for s in m["stages"]]
    lines += [f"Gate for {g['stage']}: {g['title']}." for g in m["gates"]]
    return lines
