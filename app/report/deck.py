"""The report as an editable slide deck (PowerPoint .pptx), from the same report context as the PDF.

`build_deck(report)` is a pure function: a report context in (`AssessmentContext.full_report`), the
file's bytes out. Charts are native PowerPoint charts (radar and clustered bars) that a consultant
can restyle; each slide's speaker notes hold the evidence behind it (scores, answers, notes). Slides
whose data is absent are left out: the perception gap without a workshop, the scores against targets
without targets, "since last round" in a first round.
"""
from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from app.report import deck_notes as notes
from app.report import deck_text as say
from app.report.slides import HEIGHT, INK, MARGIN, MUTED, WIDTH, Deck

CONTENT_TOP = Inches(1.45)
FULL_WIDTH = WIDTH - 2 * MARGIN
CHART_HEIGHT = HEIGHT - CONTENT_TOP - Inches(0.75)
STEP_FILL = RGBColor(0xE5, 0xE7, 0xEB)  # the stages not reached


def build_deck(report: dict) -> bytes:
    """The deck of a report context: 12-16 slides, native charts, the consultant's logo and colour, notes."""
    branding = report.get("branding") or {}
    footer = f"{report['organisation']} · prepared by {report['prepared_by']} · {report['date']}"
    deck = Deck(branding.get("accent"), footer, branding.get("logo"), branding.get("accent_for_text", True))
    for slide in SLIDES:
        slide(deck, report)
    return deck.save()


# --- one function per slide, in the order they are shown --------------------------------------------------


def title(deck: Deck, r: dict) -> None:
    slide = deck.slide(r["organisation"], notes.title_notes(r), corner_logo=False)
    shape = slide.shapes.title
    shape.top, shape.height = Inches(1.9), Inches(1.8)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    shape.text_frame.paragraphs[0].runs[0].font.size = Pt(40)
    deck.text(slide, "Customer-success maturity: results, charter and roadmap", MARGIN, Inches(1.3), FULL_WIDTH,
              Inches(0.6), size=20, color=MUTED)
    if r.get("stage"):
        deck.text(slide, f"Stage {r['stage']['number']} of {r['stage_count']}: {r['stage']['name']}", MARGIN,
                  Inches(3.9), FULL_WIDTH, Inches(0.7), size=28, bold=True, color=deck.accent_text)
    lines = [f"Prepared for {r['organisation']}", f"Prepared by {r['prepared_by']}", r["date"]]
    deck.text(slide, "\n".join(lines), MARGIN, Inches(4.9), Inches(7), Inches(1.4), size=16, color=MUTED)
    if deck.logo is not None:
        deck.picture(slide, WIDTH - MARGIN - Inches(3), Inches(4.6), Inches(3), Inches(1.6))


def verdict(deck: Deck, r: dict) -> None:
    slide = deck.slide("The verdict", notes.verdict_notes(r))
    stage = r.get("stage")
    big = f"Stage {stage['number']} of {r['stage_count']}: {stage['name']}" if stage else "Not placed yet"
    deck.text(slide, big, MARGIN, CONTENT_TOP, FULL_WIDTH, Inches(0.8), size=36, bold=True, color=deck.accent_text)
    deck.text(slide, say.verdict_sentence(r), MARGIN, CONTENT_TOP + Inches(0.9), FULL_WIDTH, Inches(1.4), size=20)
    figures = say.headline_figures(r)
    width = FULL_WIDTH / len(figures)
    for n, (value, label) in enumerate(figures):
        left = MARGIN + width * n
        deck.text(slide, value, left, Inches(4.3), width, Inches(0.9), size=44, bold=True)
        deck.text(slide, label, left, Inches(5.2), width - Inches(0.3), Inches(0.8), size=16, color=MUTED)


def ladder(deck: Deck, r: dict) -> None:
    slide = deck.slide("The maturity ladder", notes.ladder_notes(r))
    stages = r["method"]["stages"]
    here = (r.get("stage") or {}).get("number")
    gap = Inches(0.15)
    width = (FULL_WIDTH - gap * (len(stages) - 1)) / len(stages)
    base, step = Inches(5.1), Inches(0.5)  # room under the steps for every move of the stage
    for n, stage in enumerate(stages):
        height = Inches(1.1) + step * n
        left, top = MARGIN + (width + gap) * n, base - height
        current = stage["number"] == here
        box = deck.rectangle(slide, left, top, width, height, deck.accent if current else STEP_FILL)
        frame = box.text_frame
        frame.word_wrap = True
        frame.text = f"{stage['number']}\n{stage['name']}"
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.CENTER
            for run in paragraph.runs:
                run.font.size, run.font.bold = Pt(18), True
                run.font.color.rgb = deck.on_accent if current else INK
        if current:
            deck.text(slide, "You are here", left, top - Inches(0.5), width, Inches(0.4), size=16, bold=True,
                      color=deck.accent_text, align=PP_ALIGN.CENTER)
    deck.text(slide, say.next_stage_sentence(r), MARGIN, base + Inches(0.2), FULL_WIDTH, Inches(1.4), size=16,
              color=MUTED)


def stool(deck: Deck, r: dict) -> None:
    slide = deck.slide("The three-legged stool", notes.stool_notes(r))
    legs = [leg for leg in r["legs"] if leg["score"] is not None]
    deck.bar_chart(slide, [leg["title"] for leg in legs], {"Score out of 100": [leg["score"] for leg in legs]},
                   MARGIN, CONTENT_TOP, Inches(7.4), CHART_HEIGHT)
    deck.text(slide, say.stool_sentence(r), MARGIN + Inches(7.8), CONTENT_TOP + Inches(0.2), Inches(4.3),
              Inches(4.6), size=16)


def radar(deck: Deck, r: dict) -> None:
    slide = deck.slide("Scores by block", notes.blocks_notes(r))
    blocks = [b for b in r["blocks"] if b["score"] is not None]
    names, values = [say.short(b["title"]) for b in blocks], {"Score out of 100": [b["score"] for b in blocks]}
    if len(blocks) >= 3:  # a radar of fewer than three spokes is a line, not a shape
        deck.radar(slide, names, values, MARGIN, CONTENT_TOP, Inches(7.6), CHART_HEIGHT)
    else:
        deck.bar_chart(slide, names, values, MARGIN, CONTENT_TOP, Inches(7.6), CHART_HEIGHT)
    deck.bullets(slide, [(say.short(b["title"]), str(say.whole(b["score"]))) for b in blocks],
                 MARGIN + Inches(8), CONTENT_TOP + Inches(0.3), Inches(4.1), size=18)


def targets(deck: Deck, r: dict) -> None:
    rows = say.target_rows(r)
    if not rows:
        return
    slide = deck.slide("Scores against targets", notes.targets_notes(rows))
    deck.text(slide, say.first_gap_sentence(rows), MARGIN, CONTENT_TOP - Inches(0.1), FULL_WIDTH, Inches(0.5), size=18)
    deck.bar_chart(slide, [row["label"] for row in rows],
                   {"Today": [row["today"] for row in rows], "Target": [row["target"] for row in rows]},
                   MARGIN, CONTENT_TOP + Inches(0.5), FULL_WIDTH, CHART_HEIGHT - Inches(0.5))


def perception_gap(deck: Deck, r: dict) -> None:
    team = r.get("workshop")
    if not team:
        return
    slide = deck.slide("The perception gap", notes.gap_notes(team))
    rows = [b for b in team["blocks"] if b.get("scores")]
    if team.get("fixed") and team.get("split") and rows:
        deck.text(slide, say.widest_gap_sentence(team), MARGIN, CONTENT_TOP - Inches(0.1), FULL_WIDTH, Inches(0.5),
                  size=18)
        deck.bar_chart(slide, [say.short(b["title"]) for b in rows],
                       {g["heading"]: [b["scores"][g["id"]] for b in rows] for g in team["groups"]},
                       MARGIN, CONTENT_TOP + Inches(0.5), FULL_WIDTH, CHART_HEIGHT - Inches(0.5))
    else:
        deck.text(slide, say.gap_hidden_sentence(team), MARGIN, CONTENT_TOP, FULL_WIDTH, Inches(2), size=22)


def strengths(deck: Deck, r: dict) -> None:
    if not r["summary"]["strengths"]:  # no section averages level 2: the verdict and the gaps say enough, no empty slide
        return
    _sections(deck, r, "Strengths to build on", r["summary"]["strengths"], "strongest")


def gaps(deck: Deck, r: dict) -> None:
    _sections(deck, r, "The largest gaps", r["summary"]["gaps"], "weakest")


def _sections(deck: Deck, r: dict, heading: str, items: list[dict], which: str) -> None:
    """Three sections with their scores: named on the left, as bars on the right; the answers in the notes."""
    slide = deck.slide(heading, notes.evidence_notes(r, items, which))
    deck.bullets(slide, [(s["title"], f"{say.whole(s['score'])}\u00a0of\u00a0100") for s in items], width=Inches(5.6),
                 size=24)
    deck.bar_chart(slide, [s["title"] for s in items], {"Score out of 100": [s["score"] for s in items]},
                   MARGIN + Inches(6.1), CONTENT_TOP, FULL_WIDTH - Inches(6.1), Inches(4.2))


HOLDING_SHOWN = 6  # what holds the stage, on one slide; the notes list every item


def holding_back(deck: Deck, r: dict) -> None:
    if not r.get("holding_back"):
        return
    slide = deck.slide("What holds you at this stage", notes.holding_notes(r))
    items = [say.holding_item(item) for item in r["holding_back"][:HOLDING_SHOWN]]
    if len(r["holding_back"]) > HOLDING_SHOWN:
        items.append(f"and {len(r['holding_back']) - HOLDING_SHOWN} more (in the notes)")
    deck.bullets(slide, items, size=18)


def moves(deck: Deck, r: dict) -> None:
    chosen = r["verdict"]["moves"] or r["summary"]["moves"]
    count = {1: "One move", 2: "Two moves", 3: "Three moves"}.get(len(chosen), f"{len(chosen)} moves")
    slide = deck.slide(f"{count} for the next 90 days", notes.moves_notes(r))
    deck.bullets(slide, [(f"{n}. {m['do']}", f"({m['owner']})") for n, m in enumerate(chosen, 1)], size=22,
                 height=Inches(4.3), marker="")
    deck.text(slide, say.unlocks_sentence(r), MARGIN, Inches(6.0), FULL_WIDTH, Inches(0.6), size=16, color=MUTED)


def roadmap(deck: Deck, r: dict) -> None:
    phases = r["roadmap"]
    slide = deck.slide("The roadmap by phase", notes.roadmap_notes(r))
    if not phases:
        deck.text(slide, "Nothing is left to do on this questionnaire's practices.", MARGIN, CONTENT_TOP,
                  FULL_WIDTH, Inches(1), size=22)
        return
    gap = Inches(0.25)
    width = (FULL_WIDTH - gap * (len(phases) - 1)) / len(phases)
    for n, phase in enumerate(phases):
        left = MARGIN + (width + gap) * n
        head = deck.rectangle(slide, left, CONTENT_TOP, width, Inches(0.9), deck.accent)
        head.text_frame.word_wrap = True
        head.text_frame.text = f"{phase['name']} ({phase['window']})\n{say.phase_outcome(phase)}"
        for k, paragraph in enumerate(head.text_frame.paragraphs):
            for run in paragraph.runs:
                run.font.size, run.font.bold = Pt(18 if k == 0 else 13), k == 0
                run.font.color.rgb = deck.on_accent
        deck.bullets(slide, say.phase_items(phase), left, CONTENT_TOP + Inches(1.0), width, Inches(4.3), size=13)


def metrics(deck: Deck, r: dict) -> None:
    if not r.get("focus_metrics"):
        return
    slide = deck.slide("Metrics to focus on at this stage", notes.metrics_notes(r))
    deck.bullets(slide, [(m["name"], say.first_sentence(m["definition"])) for m in r["focus_metrics"][:5]], size=20)


def charter(deck: Deck, r: dict) -> None:
    if not r.get("charter"):
        return
    slide = deck.slide("The charter in brief", notes.charter_notes(r))
    deck.bullets(slide, say.charter_items(r["charter"]), height=Inches(2.6), size=18, lead=True)
    c = r["charter"]
    kpis = [k for k in c["kpis"] if k.get("baseline") or k.get("target")]
    bare = [k["name"] for k in c["kpis"] if k not in kpis]
    if kpis:  # as the report tables them: a column only for the figures someone has
        columns = [("Objective", "rung", 0.25), ("KPI", "name", 0.35)]
        columns += [("Baseline", "baseline", 0.2)] if c.get("baselines") else []
        columns += [("Target", "target", 0.2)] if c.get("targets") else []
        share = sum(width for *_, width in columns)
        deck.table(slide, [name for name, *_ in columns], [[k[key] for _, key, _ in columns] for k in kpis[:4]],
                   MARGIN, Inches(4.25), FULL_WIDTH, [width / share for *_, width in columns])
    if bare:
        top = Inches(6.35) if kpis else Inches(4.4)  # under a table of up to four rows that may wrap
        lead = "Baseline and target not stated yet" if kpis else "KPIs to measure, with a baseline and a target still to agree"
        deck.text(slide, f"{lead}: {', '.join(bare)}.", MARGIN, top, FULL_WIDTH, Inches(0.6), size=14, color=MUTED)


def since_last_round(deck: Deck, r: dict) -> None:
    comparison, review = r.get("comparison"), r.get("review")
    if not comparison and not review:
        return
    slide = deck.slide("Since the last round", notes.since_notes(comparison, review))
    deck.text(slide, say.since_sentence(comparison, review), MARGIN, CONTENT_TOP, FULL_WIDTH, Inches(0.9), size=20)
    rows = [b for b in (comparison or {}).get("blocks", []) if b["before"] is not None and b["after"] is not None]
    if rows:
        deck.bar_chart(slide, [say.short(b["title"]) for b in rows],
                       {"Last round": [b["before"] for b in rows], "Now": [b["after"] for b in rows]},
                       MARGIN, CONTENT_TOP + Inches(1.0), FULL_WIDTH, CHART_HEIGHT - Inches(1.0))


def method(deck: Deck, r: dict) -> None:
    slide = deck.slide("How the result is computed", notes.method_notes(r))
    deck.bullets(slide, say.method_items(r), size=18)


SLIDES = (title, verdict, ladder, stool, radar, targets, perception_gap, strengths, gaps, holding_back, moves,
          roadmap, metrics, charter, since_last_round, method)
