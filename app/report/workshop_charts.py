"""Server-side SVG charts of a workshop's team view: the gap per block and each question's distribution."""
from __future__ import annotations

from markupsafe import Markup, escape

from app.report.charts import FONT, INK, MUTED, TRACK

GROUP_COLOURS = ["#1d4ed8", "#b45309", "#0f766e", "#7c3aed", "#be123c"]
EXTRA = (("unknown", "?"), ("na", "N/A"))  # shown after the levels, with short axis labels
# The presenter's chart: drawn at about the size it is shown on a 1920 px projector, so its labels stay large.
PROJECTOR = {"width": 800, "height": 400, "font": 30, "fit": True}


def _svg(width: int, height: int, title: str, desc: str, body: list[str], css: str = "chart") -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" '
        f'class="{css}" aria-label="{escape(title)}"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _series(question: dict, groups: list[dict]) -> list[tuple[str, dict]]:
    """(label, counts) per bar series: each group when the breakdown is shown, else the whole room."""
    if question.get("by_group"):
        return [(g["label"], question["by_group"][g["id"]]["counts"]) for g in groups]
    return [("Everyone", question["total"]["counts"])]


def _describe(question: dict, series: list[tuple[str, dict]]) -> str:
    keys = [(str(v), f"level {v}") for v, _ in question["levels"]] + [("unknown", "don't know"), ("na", "N/A")]
    return " ".join(f"{label}: " + ", ".join(f"{counts[k]} at {name}" for k, name in keys) + "."
                    for label, counts in series)


def _count(count: int, x: float, y: float, font: int, room: float | None) -> str:
    """The number above a bar; left out when there is none, or when it is wider than the `room` it must fit in."""
    if not count or (room is not None and len(str(count)) * 0.6 * font > room + 4):
        return ""
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{font}" text-anchor="middle" fill="{INK}">{count}</text>'


def distribution(question: dict, groups: list[dict], width: int = 260, height: int = 150,
                 font: int = 11, fit: bool = False) -> Markup | None:
    """Small multiple: people per level (and don't know, N/A), one bar per group; None when under the floor.
    With `fit`, a count wider than its bar is left out rather than drawn over its neighbours (large type)."""
    if not question.get("total"):
        return None
    series = _series(question, groups)
    keys = [(str(v), str(v)) for v, _ in question["levels"]] + list(EXTRA)
    top = max([1] + [counts[k] for _, counts in series for k, _ in keys])
    # The axis takes two lines of labels' height, the counts above the bars about one and a half more.
    slot, base, room = (width - 20) / len(keys), height - 2 * font, height - round(40 * font / 11)
    bar = (slot - 6) / len(series)
    body = [f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{TRACK}" stroke-width="1"/>']
    for i, (key, short) in enumerate(keys):
        x0 = 10 + i * slot + 3
        for j, (_, counts) in enumerate(series):
            h = room * counts[key] / top
            x = x0 + j * bar
            body.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                        f'fill="{GROUP_COLOURS[j % len(GROUP_COLOURS)]}"/>')
            body.append(_count(counts[key], x + bar / 2, base - h - 3, font - 1, bar if fit else None))
        body.append(f'<text x="{x0 + (slot - 6) / 2:.1f}" y="{height - round(6 * font / 11)}" font-size="{font}" '
                    f'text-anchor="middle" fill="{MUTED}">{short}</text>')
    title = f"How the room answered: {question['text']}"
    return _svg(width, height, title, _describe(question, series), body, css="chart distribution-chart")


def gap(blocks: list[dict], groups: list[dict], width: int = 640) -> Markup | None:
    """Each block's score per group on one 0-100 line, so the distance between the dots is the gap."""
    rows = [b for b in blocks if b.get("scores")]
    if not rows or not groups:
        return None
    label_w, row_h, top = 200, 30, 30
    span = width - label_w - 50
    body = []
    for j, g in enumerate(groups):  # legend
        x = label_w + j * 150
        body.append(f'<circle cx="{x + 6}" cy="12" r="6" fill="{GROUP_COLOURS[j % len(GROUP_COLOURS)]}"/>')
        body.append(f'<text x="{x + 18}" y="16" font-size="12" fill="{INK}">{escape(g["label"])}</text>')
    for i, b in enumerate(rows):
        y = top + i * row_h + row_h / 2
        body.append(f'<text x="0" y="{y + 4:.1f}" font-size="12" fill="{INK}">{escape(b["title"])}</text>')
        body.append(f'<line x1="{label_w}" y1="{y:.1f}" x2="{label_w + span}" y2="{y:.1f}" stroke="{TRACK}" '
                    'stroke-width="6" stroke-linecap="round"/>')
        for j, g in enumerate(groups):
            x = label_w + span * b["scores"][g["id"]] / 100
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{GROUP_COLOURS[j % len(GROUP_COLOURS)]}" '
                        'fill-opacity="0.85"/>')
        body.append(f'<text x="{label_w + span + 10}" y="{y + 4:.1f}" font-size="12" font-weight="bold" '
                    f'fill="{INK}">{b["gap"]:g}</text>')
    desc = " ".join(f"{b['title']}: " + ", ".join(f"{g['label']} {b['scores'][g['id']]:g}" for g in groups)
                    + f", a gap of {b['gap']:g} points." for b in rows)
    return _svg(width, top + row_h * len(rows) + 10, "Block scores by group (0 to 100) and the gap", desc, body)


def legend(groups: list[dict]) -> Markup | None:
    """Which colour is which group, for the small multiples."""
    if not groups:
        return None
    body, x = [], 0
    for j, g in enumerate(groups):
        body.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{GROUP_COLOURS[j % len(GROUP_COLOURS)]}"/>')
        body.append(f'<text x="{x + 18}" y="15" font-size="12" fill="{INK}">{escape(g["label"])}</text>')
        x += 30 + 8 * len(g["label"])
    desc = "; ".join(f"colour {j + 1}: {g['label']}" for j, g in enumerate(groups))
    return _svg(x, 20, "Colours of the groups", desc, body, css="chart chart-legend")
