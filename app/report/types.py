"""The report context: one typed shape for the results page, the share view and the PDF.

`app.report.context.build_context` builds it from an evaluation; `app.assessments.report` adds the
parts that need the store (rounds, disagreements, charter, team view, branding). Every value is a
plain Python value (str, number, bool, None, list, dict) or pre-rendered SVG/HTML Markup, so the
context can be rendered anywhere; tests/test_report_outline.py holds the built context to this
declaration, key for key.
"""
from __future__ import annotations

from typing import NotRequired, TypedDict


class ReportContext(TypedDict):
    organisation: str  # the organisation assessed
    respondent: dict  # {"name", "role"}: the self-assessor, or "the workshop's N participants"
    prepared_by: str  # the cover's "prepared by" (the respondent, or a consultant's branding line)
    branding: dict | None  # logo, accent colour and prepared-by line, when an owner or facilitator set them
    date: str  # "23 November 2026"
    date_iso: str  # "2026-11-23", for document metadata
    path: str  # "quick" or "full"
    questionnaire: dict  # {"id", "version", "title"}: kept for reproducing a report, never printed
    stage: dict | None  # {"number", "name"}: the verdict
    score_stage: dict | None  # the stage the overall score alone reaches
    stage_info: dict | None  # the narrative (capability) stage: headline, description, symptoms, moves, capped
    stage_count: int
    overall: float | None  # 0-100
    confidence: int  # percent of applicable questions answered with a level (a team's: of its answers), rounded down
    confidence_means: str  # what the confidence figure counts, for the sentence beside it
    answered: int
    total: int
    legs: list  # [{"title", "score"}] for charter, responsibility, executive buy-in
    stool: dict  # balanced, weakest leg, the stage it supports and carries, the imbalance threshold, its two sentences
    lifted: str | None  # how the stage's moves lift the practices above the overall score's stage, when they do
    gates: list  # [{"title", "stage", "stage_number", "passed", "status"}]
    holding_back: list  # what holds the organisation at its stage (gates, a short leg, lowest answers)
    blind_spots: list  # "don't know" answers: [{"id", "text", "section"}]
    focus_metrics: list  # the metrics that fit the narrative stage and business model
    blocks: list  # [{"title", "score"}]
    sections: list  # [{"id", "title", "score", "meter"}]
    roadmap: list  # the phases shown, each with its actions, projected stage, goal or why-not
    roadmap_more: list  # actions past the plan's caps, for the appendix
    charts: dict  # SVG Markup: ladder, radar, stool, timeline
    answers: list  # every answer by section, for the appendix
    method: dict  # how results are computed, from the questionnaire's data
    summary: dict  # the executive summary: strengths, gaps, the next 90 days
    verdict: dict  # the results page's first screen: placement, caps, provisional, three moves
    outcomes: list  # captured outcome figures: value, period, the stage each is typical of, a mismatch sentence
    outcome_notes: list  # what figures out of step with the stage may mean, said once for all of them
    outcome_check: list  # the figures out of step with the stage in a sentence per direction, then outcome_notes
    disagreements: list | None  # a workshop's disagreements and how they settled (None for one respondent)
    charter: NotRequired[dict]  # the charter, for the PDF: sections as sanitised HTML and three tables
    comparison: NotRequired[dict]  # "Since the last round", when there was one
    approval: NotRequired[dict | None]  # the sponsor's newest approval of the charter: by, on, version, sha256, changed
    workshop: dict | None  # a workshop's team view above the anonymity floor (None for one respondent)
    targets: list  # per leg, then block: {"kind", "id", "key", "title", "today", "target", "target_name", "gap", "chosen", "first"}
    plan: dict  # the action plan: {"actions", "counts", "total", "overdue", "due", "reviewed_in", "statuses"} (names, no emails)
    review: NotRequired[dict]  # the review of the last round's plan this round opened with (app/core/review.py)
    present: dict  # which OUTLINE sections this context prints (app.report.context.present)
