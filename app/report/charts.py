"""Server-side SVG charts: identical on screen and on paper, no script needed."""
from __future__ import annotations

import math

from markupsafe import Markup, escape

INK = "#1f2937"
MUTED = "#4b5563"
TRACK = "#e5e7eb"
BAR = "#1d4ed8"
CURRENT = "#0f766e"
TARGET = "#b45309"  # the target outline: amber, 4.5:1 on white, apart from the blue score shape
# The report's body font (reports/report.css declares it), so charts read as part of the text.
# Naming it saves the PDF renderer a font lookup per text element (a fifth of the render time).
FONT = "'Source Sans 3', 'DejaVu Sans', sans-serif"


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    """Wrap shapes in an accessible, scalable SVG element."""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" '
        f'class="chart" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def meter(value: float | None) -> Markup:
    """A bar for a 0-100 score beside its number in a table; decorative, so hidden from screen readers."""
    filled = "" if value is None else f'<rect width="{max(value, 0):.1f}" height="8" rx="2" fill="{BAR}"/>'
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 8" class="meter" aria-hidden="true" focusable="false">'
        f'<rect width="100" height="8" rx="2" fill="{TRACK}"/>{filled}</svg>'
    )


def stage_ladder(stages: list[tuple[int, str]], current: int | None, width: int = 640) -> Markup:
    """The five stages as rising steps, the organisation's stage filled and marked."""
    n = len(stages)
    gap, step_w = 6, (width - 6 * (len(stages) - 1)) / n
    top, rise = 22, 18
    height = top + rise * n + 44
    body = []
    for i, (number, name) in enumerate(stages):
        x = i * (step_w + gap)
        h = rise * (i + 1) + 24
        y = height - h - 0
        is_current = number == current
        fill = CURRENT if is_current else TRACK
        text = "#ffffff" if is_current else INK
        body.append(f'<rect x="{x:.1f}" y="{y}" width="{step_w:.1f}" height="{h}" rx="3" fill="{fill}"/>')
        body.append(
            f'<text x="{x + 8:.1f}" y="{y + 18}" font-size="12" font-weight="bold" fill="{text}">{number}</text>'
        )
        lines = _wrap(name, 15)
        for li, line in enumerate(lines):
            y_line = height - 8 - 13 * (len(lines) - 1 - li)
            body.append(f'<text x="{x + 8:.1f}" y="{y_line}" font-size="11" fill="{text}">{escape(line)}</text>')
        if is_current:
            body.append(
                f'<text x="{x + step_w / 2:.1f}" y="{y - 6}" font-size="12" text-anchor="middle" '
                f'font-weight="bold" fill="{INK}">You are here</text>'
            )
    where = next((f"stage {n_} of {n}, {name}" for n_, name in stages if n_ == current), "not yet staged")
    desc = "Stages from lowest to highest: " + ", ".join(f"{n_} {name}" for n_, name in stages) + f". Current: {where}."
    return _svg(width, height, "Maturity stage ladder", desc, body)


def _wrap(text: str, width: int) -> list[str]:
    """Split a label into lines of about `width` characters, on spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def radar(axes: list[tuple[str, float | None]], title: str, size: int = 460,
          targets: list[float | None] | None = None) -> Markup:
    """A radar (spider) chart of 0-100 scores; an axis without a score is a gap, labelled "not scored".

    With `targets` (0-100 per axis, None where there is none), the target shape is drawn as a dashed outline.
    """
    import math

    pad = 150  # room for the axis labels left and right
    cx, cy, r = size / 2 + pad, size / 2, size / 2 - 60
    n = len(axes)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * value / 100 * math.cos(angle), cy + r * value / 100 * math.sin(angle)

    body = []
    for ring in (25, 50, 75, 100):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        body.append(f'<polygon points="{pts}" fill="none" stroke="{TRACK}" stroke-width="1"/>')
    for i, (label, value) in enumerate(axes):
        x, y = point(i, 100)
        dash = ' stroke-dasharray="4 4"' if value is None else ""
        body.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{MUTED if dash else TRACK}"{dash}/>')
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        shown = "not scored" if value is None else f"{math.floor(value)}"
        body.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="15" text-anchor="{anchor}" fill="{INK}">'
                    f'{escape(label)}<tspan font-weight="bold"> {shown}</tspan></text>')
    # A block not scored is a gap in the shape (its neighbours join across it), never a zero.
    scored = [(i, v) for i, (_, v) in enumerate(axes) if v is not None]
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in scored))
    if len(scored) > 2:
        body.append(f'<polygon points="{pts}" fill="{BAR}" fill-opacity="0.25" stroke="{BAR}" stroke-width="2"/>')
    elif scored:
        body.append(f'<polyline points="{pts}" fill="none" stroke="{BAR}" stroke-width="2"/>')
    for i, value in scored:
        x, y = point(i, value)
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{BAR}"/>')
    aimed = [(i, v) for i, v in enumerate(targets or ()) if v is not None]
    if len(aimed) > 2:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in aimed))
        body.append(f'<polygon class="radar-target" points="{pts}" fill="none" stroke="{TARGET}" stroke-width="2.5" '
                    'stroke-dasharray="7 5"/>')
    desc = "; ".join(f"{label}: {'not scored' if v is None else f'{math.floor(v)} of 100'}" for label, v in axes)
    if aimed:
        desc += ". Targets (dashed): " + "; ".join(f"{axes[i][0]}: {math.floor(v)}" for i, v in aimed)
    return _svg(int(size + 2 * pad), size, title, desc, body)


def stool(legs: list[tuple[str, float | None]], balanced: bool, width: int = 460) -> Markup:
    """The three-legged stool: each leg as long as its score, the seat tilting when they differ."""
    ground, base, span = 230, 30, 190  # leg length = base + span * score / 100
    xs = [width * f for f in (0.2, 0.5, 0.8)]
    tops = [ground - base - span * (v or 0) / 100 for _, v in legs]
    colour = CURRENT if balanced else "#b45309"
    body = [f'<line x1="10" y1="{ground}" x2="{width - 10}" y2="{ground}" stroke="{MUTED}" stroke-width="2"/>']
    seat = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, tops))
    body.append(f'<polyline points="{seat}" fill="none" stroke="{INK}" stroke-width="10" stroke-linecap="round"/>')
    for x, top, (label, value) in zip(xs, tops, legs):
        body.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{ground}" stroke="{colour}" '
                    'stroke-width="12" stroke-linecap="round"/>')
        shown = "not scored" if value is None else f"{math.floor(value)}"
        body.append(f'<text x="{x:.1f}" y="{ground + 22}" font-size="13" text-anchor="middle" fill="{INK}">{escape(label)}</text>')
        body.append(f'<text x="{x:.1f}" y="{ground + 40}" font-size="13" text-anchor="middle" '
                    f'font-weight="bold" fill="{INK}">{shown}</text>')
    state = "balanced" if balanced else "unbalanced"
    desc = f"The stool is {state}. " + "; ".join(
        f"{label}: {'not scored' if v is None else f'{math.floor(v)} of 100'}" for label, v in legs)
    return _svg(width, ground + 50, "The three-legged stool", desc, body)


def timeline(phases: list[tuple[str, str, int, str]], width: int = 640) -> Markup:
    """The roadmap as three chevrons in time order: phase, window, number of actions, and where the stage is
    after it ("reaches Stabilise", "still CPR")."""
    n = max(len(phases), 1)
    step, height, tip = width / n, 96, 18
    colours = ["#1d4ed8", "#1e40af", "#1e3a8a"]
    body = []
    for i, (name, window, count, stage) in enumerate(phases):
        x0, x1 = i * step, (i + 1) * step - 4
        notch = tip if i else 0
        corners = [(x0, 0), (x1 - tip, 0), (x1, height / 2), (x1 - tip, height), (x0, height), (x0 + notch, height / 2)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)
        body.append(f'<polygon points="{points}" fill="{colours[i % 3]}"/>')
        x = x0 + notch + 10
        body.append(f'<text x="{x:.1f}" y="24" font-size="15" font-weight="bold" fill="#ffffff">{escape(name)}</text>')
        body.append(f'<text x="{x:.1f}" y="43" font-size="12" fill="#ffffff">{escape(window)}</text>')
        body.append(f'<text x="{x:.1f}" y="63" font-size="12" fill="#ffffff">{count} action{"s" if count != 1 else ""}</text>')
        if stage:
            body.append(f'<text x="{x:.1f}" y="82" font-size="12" fill="#ffffff">{escape(stage)}</text>')
    desc = "; ".join(f"{name} ({window}): {count} actions, {stage}" for name, window, count, stage in phases)
    return _svg(width, height, "Roadmap timeline", desc, body)
