"""What the deck's slides and speaker notes say, from the report context (plain text, no python-pptx).

Every number here is read from the report context, which holds the computed figures; the notes carry
the evidence (scores, answers and the team's notes) a consultant needs when a slide is questioned.
"""
from __future__ import annotations

import html
import math
import re

from app.core.labels import LABELS

SHORT = {LABELS.blocks[b]: LABELS.blocks_short[b] for b in LABELS.blocks}
_TAGS = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[A-Z“\"])")


def whole(score: float | None) -> int | str:
    """A score as the report prints it: rounded down (never up past a threshold), or a dash."""
    return "–" if score is None else math.floor(score)


def short(block_title: str) -> str:
    """A block's short name, for chart labels."""
    return SHORT.get(block_title, block_title)


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a text, cut at a word near `limit` characters; a leading label ("Vision.") is kept
    with the sentence it introduces ("Vision: our customers ...")."""
    parts = _SENTENCE.split(" ".join((text or "").split()), maxsplit=2)
    sentence = parts[0]
    if len(sentence.split()) <= 3 and len(parts) > 1:  # a bold label such as "Vision." or "Executive sponsor."
        rest = parts[1][:1].lower() + parts[1][1:] if parts[1][1:2].islower() else parts[1]
        sentence = f"{sentence.rstrip('.:')}: {rest}"
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def plain(markup: str) -> str:
    """Sanitised charter HTML as plain text."""
    return " ".join(html.unescape(_TAGS.sub(" ", markup or "")).split())


def _stage(stage: dict | None) -> str:
    return f"stage {stage['number']}, {stage['name']}" if stage else "no stage yet"


# --- title, verdict, ladder ------------------------------------------------------------------------------------


def title_notes(r: dict) -> list[str]:
    return [f"{r['organisation']}: customer-success maturity, {r['path']} assessment, {r['date']}.",
            f"Answered by {r['respondent']['name']}; {r['answered']} of {r['total']} questions answered."]


def verdict_sentence(r: dict) -> str:
    info, v = r.get("stage_info"), r["verdict"]
    if not r.get("stage"):
        return "There are not enough answers yet to place the organisation on the ladder."
    if info and info["capped"] and v["caps"]:
        held = "; ".join(c["title"] for c in v["caps"])
        text = f"Its practices are those of stage {info['number']}, {info['name']}; held lower by: {held}."
    else:
        text = f"“{info['headline']}”" if info else ""
    if v["provisional"]:
        text += f" Provisional: {r['confidence']}% of the applicable questions have a level."
    return text.strip()


def headline_figures(r: dict) -> list[tuple[str, str]]:
    return [(str(whole(r["overall"])), "overall score out of 100"),
            (f"{r['confidence']}%", "confidence in the result"),
            (f"{r['answered']} of {r['total']}", "questions answered")]


def verdict_notes(r: dict) -> list[str]:
    lines = [f"Overall score {whole(r['overall'])} of 100; the score alone reaches {_stage(r.get('score_stage'))}.",
             f"Confidence {r['confidence']}%: questions answered with a level out of those not marked not applicable."]
    lines += [f"Cap: {c['title']} (holds at stage {c['holds_at']})." for c in r["verdict"]["caps"]]
    lines += [o["sentence"] for o in r.get("outcomes", []) if o.get("sentence")]
    if r.get("stage_info"):
        lines.append(r["stage_info"]["description"])
    return lines


def next_stage_sentence(r: dict) -> str:
    info, stage = r.get("stage_info"), r.get("stage")
    if not stage:
        return "Answer more questions to be placed on the ladder."
    if stage["number"] >= r["stage_count"]:
        return "This is the top of the ladder: the work now is to keep it there."
    moves = "; ".join(m[:1].lower() + m[1:] for m in (info or {}).get("moves", [])[:3])
    return f"The moves that lift a company out of stage {info['number']}, {info['name']}: {moves}." if moves else ""


def ladder_notes(r: dict) -> list[str]:
    lines = [f"Stage {s['number']}, {s['name']}: overall score from {s['min_score']}, practices at level "
             f"{s['target_level']}." for s in r["method"]["stages"]]
    if r.get("stage_info"):
        lines += ["Signs of this stage the answers confirm:", *(f"- {s}" for s in r["stage_info"]["symptoms"])]
    return lines


# --- stool, blocks, targets, perception gap ----------------------------------------------------------------


def stool_sentence(r: dict) -> str:
    s = r["stool"]
    balance = ("The legs are balanced." if s["balanced"] else
               f"The stool is unbalanced: a leg is more than {s['imbalance_points']} points below the others.")
    supports = f" The weakest leg, {s['weakest'].lower()}, supports {_stage(s['supports'])}." if s["weakest"] else ""
    return balance + supports + " A stage can be no higher than the weakest leg supports."


def stool_notes(r: dict) -> list[str]:
    return [f"{leg['title']}: {whole(leg['score'])} of 100." for leg in r["legs"]] + [stool_sentence(r)]


def blocks_notes(r: dict) -> list[str]:
    lines = [f"{b['title']}: {whole(b['score'])} of 100." for b in r["blocks"]]
    lines += ["Sections:", *(f"- {s['title']}: {whole(s['score'])}" for s in r["sections"] if s["score"] is not None)]
    return lines


def target_rows(r: dict) -> list[dict]:
    """Targets per block and leg, when the context has them: [{"title", "today", "target"}] (missing values out)."""
    found = r.get("targets")
    if isinstance(found, dict):
        found = [*found.get("blocks", []), *found.get("legs", [])]
    rows = []
    for row in found or []:
        if isinstance(row, dict) and row.get("today") is not None and row.get("target") is not None:
            rows.append({"title": short(str(row.get("title") or row.get("name") or "")), "today": row["today"],
                         "target": row["target"]})
    return rows


def target_scale(rows: list[dict]) -> float:
    """4 when targets are levels (0-4), 100 when they are scores."""
    return 4 if all(max(row["today"], row["target"]) <= 4 for row in rows) else 100


def targets_notes(rows: list[dict]) -> list[str]:
    return [f"{row['title']}: today {row['today']}, target {row['target']}, gap {round(row['target'] - row['today'], 1)}."
            for row in rows]


def gap_notes(team: dict) -> list[str]:
    lines = [f"{team['participants']} participants answered; no figure comes from fewer than {team['floor']} people."]
    for b in team["blocks"]:
        if b.get("scores"):
            scores = ", ".join(f"{g['label']} {b['scores'][g['id']]}" for g in team["groups"])
            lines.append(f"{b['title']}: {scores}; gap {b['gap']}.")
    return lines


def gap_hidden_sentence(team: dict) -> str:
    return (f"{team['participants']} people answered. The groups are not compared: at least one had fewer than "
            f"{team['floor']} people, and showing the others would give its answers away.")


def evidence_notes(r: dict, items: list[dict], which: str) -> list[str]:
    """The answers (and their notes) behind the strongest or weakest sections."""
    by_section = {group["section"]: group["questions"] for group in r["answers"]}
    lines = [f"The three {which} sections by score (0 to 100), with the answers behind them."]
    for item in items:
        lines.append(f"{item['title']} ({whole(item['score'])}):")
        for q in by_section.get(item["title"], []):
            note = f" Note: {q['note']}" if q.get("note") else ""
            lines.append(f"- {q['text']} {q['short']}.{note}")
    return lines


# --- holding back, moves, roadmap, metrics --------------------------------------------------------------------


def holding_item(item: dict) -> tuple[str, str]:
    if item["type"] == "gate":
        return item["title"], f"not yet met; needed for stage {item['stage']}"
    if item["type"] == "stool":
        return item["title"], "the stool rule"
    return item["title"], f"answered at level {item['level']}"


def holding_notes(r: dict) -> list[str]:
    lines = [" ".join(holding_item(item)) + "." for item in r["holding_back"]]
    lines += [f"Gate for stage {g['stage_number']}: {g['title']}: {'met' if g['passed'] else 'not yet met'}."
              for g in r["gates"]]
    return lines


def unlocks_sentence(r: dict) -> str:
    v = r["verdict"]
    if v["unlocks"] and r.get("stage") and v["unlocks"]["number"] > r["stage"]["number"]:
        return f"With the first phase done, the answers would place you at {_stage(v['unlocks'])}."
    return v["why_not"] or ""


def moves_notes(r: dict) -> list[str]:
    return [f"{m['do']} Owner: {m['owner']}. Why: {m['why']}" for m in r["verdict"]["moves"]]


def phase_outcome(phase: dict) -> str:
    if phase["unlocks"] and phase["projected"]:
        return f"unlocks stage {phase['projected']['number']}, {phase['projected']['name']}"
    return f"{len(phase['actions'])} actions"


def phase_items(phase: dict, shown: int = 3) -> list:
    items = [(a["do"], f"({a['owner']})") for a in phase["actions"][:shown]]
    if len(phase["actions"]) > shown:
        items.append(f"and {len(phase['actions']) - shown} more (in the notes)")
    return items


def roadmap_notes(r: dict) -> list[str]:
    lines = []
    for phase in r["roadmap"]:
        lines.append(f"{phase['name']} ({phase['window']}): {phase_outcome(phase)}.")
        lines += [f"- {a['do']} Owner: {a['owner']}. Measure: {a['measure']}" for a in phase["actions"]]
    if r.get("roadmap_more"):
        lines.append(f"{len(r['roadmap_more'])} further actions wait until these are done (the report's appendix).")
    return lines


def metrics_notes(r: dict) -> list[str]:
    return [f"{m['name']}: {m['definition']} Formula: {m['formula']}" for m in r["focus_metrics"]]


# --- charter, since last round, method ---------------------------------------------------------------------


def _section_text(charter: dict, section_id: str) -> str:
    found = next((s for s in charter["sections"] if s["id"] == section_id), None)
    return plain(found["html"]) if found else ""


def charter_items(charter: dict) -> list[tuple[str, str]]:
    """(lead-in, sentence) for the vision, the sponsor and the review: the text's own label when it has one."""
    items = []
    for name, section_id in (("Vision", "vision"), ("Sponsor", "governance"), ("Review", "review")):
        sentence = first_sentence(_section_text(charter, section_id), 170)
        label, _, rest = sentence.partition(": ")
        if rest and len(label.split()) <= 3:
            items.append((label, rest))
        elif sentence:
            items.append((name, sentence[:1].lower() + sentence[1:] if sentence[1:2].islower() else sentence))
    return items


def charter_notes(r: dict) -> list[str]:
    c = r["charter"]
    lines = [f"{n}. {s['title']}: {first_sentence(plain(s['html']), 300)}" for n, s in enumerate(c["sections"], 1)]
    lines += [f"KPI for {k['rung']}: {k['name']}, baseline {k['baseline'] or 'to set'}, target {k['target'] or 'to set'}."
              for k in c["kpis"]]
    return lines


def _review_counts(review: dict | None) -> list[str]:
    counts = []
    for key, word in (("done", "done"), ("slipped", "slipped"), ("dropped", "dropped")):
        items = (review or {}).get(key)
        if isinstance(items, list):
            counts.append(f"{len(items)} {word}")
    return counts


def since_sentence(comparison: dict | None, review: dict | None) -> str:
    parts = []
    if comparison and comparison["stage"]["before"] and comparison["stage"]["after"]:
        before, after, moved = comparison["stage"]["before"], comparison["stage"]["after"], comparison["stage"]["moved"]
        change = f"up {moved}" if moved and moved > 0 else f"down {abs(moved)}" if moved else "no change"
        parts.append(f"Stage {before['number']} then, stage {after['number']} ({after['name']}) now: {change}.")
    if comparison and comparison["overall"]["delta"] is not None:
        parts.append(f"Overall score {whole(comparison['overall']['before'])} then, "
                     f"{whole(comparison['overall']['after'])} now.")
    counts = _review_counts(review)
    if counts:
        parts.append("Actions of the last plan: " + ", ".join(counts) + ".")
    return " ".join(parts)


def since_notes(comparison: dict | None, review: dict | None) -> list[str]:
    lines = [since_sentence(comparison, review)]
    for m in (comparison or {}).get("movers", []):
        lines.append(f"- {m['text']}: level {m['before']} then, {m['after']} now.")
    for key in ("done", "slipped", "dropped"):
        for item in (review or {}).get(key) or []:
            text = item.get("do") or item.get("title") or item.get("action") if isinstance(item, dict) else item
            lines.append(f"{key.capitalize()}: {text}")
    return lines


def method_items(r: dict) -> list[str]:
    m = r["method"]
    return [
        f"{r['answered']} of {r['total']} questions answered on the {r['path']} path of "
        f"{m['questionnaire']['title']} (version {m['questionnaire']['version']}).",
        "A level scores as a share of the top level (0, 25, 50, 75, 100); sections and the whole are averages. "
        "“Don't know”, “not applicable” and unanswered questions are left out.",
        "The stage is the highest whose threshold the overall score reaches, unless a failed gate or the weakest "
        f"stool leg holds it lower (at most {m['max_drop']} stage{'' if m['max_drop'] == 1 else 's'} below, never below {m['cap_floor']}).",
        f"Below {m['provisional_below']}% confidence the result is marked provisional.",
        f"The roadmap: every question below the top level becomes an action; Now holds at most {m['now_max']}, "
        f"Next at most {m['next_max']}.",
    ]


def method_notes(r: dict) -> list[str]:
    m = r["method"]
    lines = [f"Stage {s['number']}, {s['name']}: from an overall score of {s['min_score']}." for s in m["stages"]]
    lines += [f"Gate for {g['stage']}: {g['title']}." for g in m["gates"]]
    return lines
