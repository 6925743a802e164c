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
_FULL_STOP = re.compile(r"[.!?](?=\s|$)")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:!?)])")


def whole(score: float | None) -> int | str:
    """A score as the report prints it: rounded down (never up past a threshold), or a dash."""
    return "–" if score is None else math.floor(score)


def short(block_title: str) -> str:
    """A block's short name, for chart labels."""
    return SHORT.get(block_title, block_title)


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a text, cut at a word near `limit` characters; a leading label ("Vision.") is kept
    with the sentence it introduces ("Vision: our customers ..."), and a lead-in that ends with a colon ("The ladder,
    rung by rung:") with what it introduces."""
    text = " ".join((text or "").split())
    parts = _SENTENCE.split(text, maxsplit=2)
    sentence = parts[0]
    if len(sentence.split()) <= 3 and len(parts) > 1:  # a bold label such as "Vision." or "Executive sponsor."
        rest = parts[1][:1].lower() + parts[1][1:] if parts[1][1:2].islower() else parts[1]
        sentence = f"{sentence.rstrip('.:')}: {rest}"
    elif sentence.endswith(":") and len(parts) > 1:  # up to the end of the first full sentence
        end = _FULL_STOP.search(text, len(sentence))
        sentence = text[:end.start() + 1] if end else text
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def plain(markup: str) -> str:
    """Sanitised charter HTML as plain text (no space left before punctuation where a tag closed: "Adoption:")."""
    return _SPACE_BEFORE_MARK.sub(r"\1", " ".join(html.unescape(_TAGS.sub(" ", markup or "")).split()))


def stage_phrase(stage: dict | None) -> str:
    return f"stage {stage['number']}, {stage['name']}" if stage else "no stage yet"


# --- title, verdict, ladder ------------------------------------------------------------------------------------


def verdict_sentence(r: dict) -> str:
    info, v = r.get("stage_info"), r["verdict"]
    if not r.get("stage"):
        return "There are not enough answers yet to place the organisation on the ladder."
    if info and info["capped"] and v["caps"]:
        held = "; ".join(c.get("reason") or c["title"] for c in v["caps"])  # what is missing, not the goal's title
        text = f"Its practices are those of stage {info['number']}, {info['name']}; held lower by: {held}."
    else:
        text = f"“{info['headline']}”" if info else ""
    if v["provisional"]:
        text += f" Provisional: {r['confidence']}% of the applicable questions have a level."
    return text.strip()


def headline_figures(r: dict) -> list[tuple[str, str]]:
    """The score, the confidence and the count, as the summary shows them: a quick path says its figures are its own
    (100% of the quick questions answered is not 100% of the picture)."""
    quick = r.get("path") == "quick"
    return [(str(whole(r["overall"])), "overall score out of 100"),
            (f"{r['confidence']}%", "confidence in the quick-path result" if quick else "confidence in the result"),
            (f"{r['answered']} of {r['total']}", "quick-path questions answered" if quick else "questions answered")]


def next_stage_sentence(r: dict) -> str:
    info, stage = r.get("stage_info"), r.get("stage")
    if not stage:
        return "Answer more questions to be placed on the ladder."
    if stage["number"] >= r["stage_count"]:
        return "This is the top of the ladder: the work now is to keep it there."
    moves = "; ".join(m[:1].lower() + m[1:] for m in (info or {}).get("moves", []))  # every move: each one counts
    return f"The moves that lift a company out of stage {info['number']}, {info['name']}: {moves}." if moves else ""


# --- stool, blocks, targets, perception gap ----------------------------------------------------------------


def stool_sentence(r: dict) -> str:
    """What the weakest leg carries and whether the legs are balanced, in the report's own sentences."""
    s = r["stool"]
    return " ".join(part for part in (s.get("carries_sentence"), s.get("balance_sentence")) if part)


def target_rows(r: dict) -> list[dict]:
    """The report's targets (app/plans.target_rows: legs first, then blocks, 0-100) that have both a score today
    and a target, labelled as the chart shows them: a leg as "(leg)", a block by its short name."""
    rows = []
    for row in r.get("targets") or []:
        if row.get("today") is None or row.get("target") is None:
            continue
        label = f"{row['title']} (leg)" if row.get("kind") == "leg" else short(row["title"])
        rows.append({**row, "label": label})
    return rows


def first_gap_sentence(rows: list[dict]) -> str:
    """The gap to close first, as the report's targets table marks it, with its target level."""
    first = next((row for row in rows if row.get("first")), None)
    if first is None:
        return "Every score is at its target."
    level = f"level {first['target_level']}" + (f", {first['target_name']}" if first.get("target_name") else "")
    name = f"the {first['title'].lower()} leg" if first.get("kind") == "leg" else first["title"]
    return f"Close first: {name}, from {first['today']} to {first['target']} ({level}), a gap of {first['gap']}."


def gap_hidden_sentence(team: dict) -> str:
    """Why the groups are not compared, as the report's team view says it."""
    if not team.get("fixed"):
        return (f"{team['participants']} people answered. The team's figures are not shown yet: the facilitator shows "
                "them once everyone has answered, so nobody's answer can be read from a chart changing as each person "
                "submits.")
    if team.get("unsplit"):
        return f"{team['participants']} people answered. {team['unsplit']}"
    return (f"{team['participants']} people answered. The groups are not compared: at least one had fewer than "
            f"{team['floor']} people, and showing the others would give its answers away.")


def widest_gap_sentence(team: dict) -> str:
    """The block where the groups' scores lie furthest apart, with both scores."""
    rows = [b for b in team["blocks"] if b.get("scores") and b.get("gap") is not None]
    if not rows:
        return ""
    widest = max(rows, key=lambda b: b["gap"])
    scores = " and ".join(f"{g['label'].lower()} {widest['scores'][g['id']]:g}" for g in team["groups"])
    return f"Furthest apart: {widest['title'].lower()}, {scores} out of 100, a gap of {widest['gap']:g} points."


# --- holding back, moves, roadmap, metrics --------------------------------------------------------------------


def holding_item(item: dict) -> tuple[str, str]:
    if item["type"] == "gate":
        return item["title"], f"not yet met; needed for stage {item['stage']}"
    if item["type"] == "stool":
        return item["title"], "the stool rule"
    return item["title"], f"answered at level {item['level']}"


def unlocks_sentence(r: dict) -> str:
    """What the first phase does to the stage, as the executive summary says it (app/core/sentences.first_phase)."""
    return r["summary"].get("first_phase") or ""


def phase_outcome(phase: dict) -> str:
    """A phase's effect on the stage as its roadmap heading and goal state it: the stage it unlocks, the stage it
    works towards and the phase that completes it, or the stage that stays."""
    if phase["unlocks"] and phase["projected"]:
        return f"unlocks stage {phase['projected']['number']}, {phase['projected']['name']}"
    if phase.get("reached_with") and phase.get("aims_at"):
        return f"towards stage {phase['aims_at']['number']}, which {phase['reached_with']} completes"
    if phase["projected"]:
        return f"still stage {phase['projected']['number']}, {phase['projected']['name']}"
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
    """The last plan in numbers, as the review counts them (app/core/review.py)."""
    counts = (review or {}).get("counts") or {}
    if not counts.get("total"):
        return []
    found = [f"{counts[key]} {word}" for key, word in (("done", "done"), ("slipped", "slipped"), ("dropped", "dropped"),
                                                        ("open", "open, not yet due")) if counts.get(key)]
    if counts.get("carried"):
        found.append(f"{counts['carried']} carried into round {review['round']}")
    return found


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
        parts.append(f"Round {review['previous_round']}'s plan of {review['counts']['total']} actions: "
                     + ", ".join(counts) + ".")
    return " ".join(parts)


def method_items(r: dict) -> list[str]:
    """The method in five lines, as the report's method chapter states it."""
    m = r["method"]
    softened = (f" A cap holds the stage at most {m['max_drop']} below the capability stage." if m.get("max_drop") else "") \
        + (f" No cap holds it below {m['cap_floor']}." if m.get("cap_floor") else "")
    return [
        f"{r['answered']} of {r['total']} questions answered on the {r['path']} path of "
        f"{m['questionnaire']['title']} (version {m['questionnaire']['version']}).",
        "A level scores as a share of the top level (0, 25, 50, 75, 100); sections and the whole are averages. "
        "“Don't know”, “not applicable” and unanswered questions are left out.",
        "The stage is the highest whose threshold the overall score reaches, one higher when the answers show every "
        "move of that stage; a failed gate on a stool leg holds it lower, and the weakest leg carries the stage its "
        f"own score reaches plus {m['leg_margin']}.{softened}",
        f"Below {m['provisional_below']}% confidence the result is marked provisional.",
        "The roadmap: every question below the top level gets an action one step from where it stands; Now holds at "
        f"most {m['now_max']} actions, Next at most {m['next_max']}, each phase planned towards the next stage.",
    ]
