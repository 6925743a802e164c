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


def stage_phrase(stage: dict | None) -> str:
    return f"stage {stage['number']}, {stage['name']}" if stage else "no stage yet"


# --- title, verdict, ladder ------------------------------------------------------------------------------------


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


def next_stage_sentence(r: dict) -> str:
    info, stage = r.get("stage_info"), r.get("stage")
    if not stage:
        return "Answer more questions to be placed on the ladder."
    if stage["number"] >= r["stage_count"]:
        return "This is the top of the ladder: the work now is to keep it there."
    moves = "; ".join(m[:1].lower() + m[1:] for m in (info or {}).get("moves", [])[:3])
    return f"The moves that lift a company out of stage {info['number']}, {info['name']}: {moves}." if moves else ""


# --- stool, blocks, targets, perception gap ----------------------------------------------------------------


def stool_sentence(r: dict) -> str:
    s = r["stool"]
    balance = ("The legs are balanced." if s["balanced"] else
               f"The stool is unbalanced: a leg is more than {s['imbalance_points']} points below the others.")
    supports = f" The weakest leg, {s['weakest'].lower()}, supports {stage_phrase(s['supports'])}." if s["weakest"] else ""
    return balance + supports + " A stage can be no higher than the weakest leg supports."


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


def gap_hidden_sentence(team: dict) -> str:
    return (f"{team['participants']} people answered. The groups are not compared: at least one had fewer than "
            f"{team['floor']} people, and showing the others would give its answers away.")


# --- holding back, moves, roadmap, metrics --------------------------------------------------------------------


def holding_item(item: dict) -> tuple[str, str]:
    if item["type"] == "gate":
        return item["title"], f"not yet met; needed for stage {item['stage']}"
    if item["type"] == "stool":
        return item["title"], "the stool rule"
    return item["title"], f"answered at level {item['level']}"


def unlocks_sentence(r: dict) -> str:
    v = r["verdict"]
    if v["unlocks"] and r.get("stage") and v["unlocks"]["number"] > r["stage"]["number"]:
        return f"With the first phase done, the answers would place you at {stage_phrase(v['unlocks'])}."
    return v["why_not"] or ""


def phase_outcome(phase: dict) -> str:
    if phase["unlocks"] and phase["projected"]:
        return f"unlocks stage {phase['projected']['number']}, {phase['projected']['name']}"
    return f"{len(phase['actions'])} actions"


def phase_items(phase: dict, shown: int = 3) -> list:
    items = [(a["do"], f"({a['owner']})") for a in phase["actions"][:shown]]
    if len(phase["actions"]) > shown:
        items.append(f"and {len(phase['actions']) - shown} more (in the notes)")
    return items


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


