"""The assessment service: the one place that resolves an assessment's answers (no Flask).

Given an assessment from the store, it resolves the answer set scoring runs on (a self-assessor's
answers, or a workshop's agreed view), evaluates it with the company profile, and builds the
report and charter contexts. The wizard, share links, workshops, the charter builder, the exports
and the CLI all come through here.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from app import store
from app.core import charter as charter_core
from app.core.aggregate import disagreements, question_stats, resolve
from app.core.evaluation import Evaluation, evaluate
from app.core.grouping import Grouping, team_view
from app.core.profile import Profile, na_defaults
from app.core.questionnaire import Questionnaire
from app.core.reference import Model
from app.core.rounds import compare
from app.report import charter as report_charter
from app.report import context as report_context_module
from app.report import workshop_charts
from app.report.types import ReportContext
from app.store import Assessment
from app.store import branding as store_branding

TEAM_NAME = "the leadership team"


@dataclass(frozen=True)
class Catalogue:
    """The loaded questionnaires and reference model (the app loads them once)."""

    questionnaires: Mapping[str, Questionnaire]
    model: Model

    def questionnaire(self, assessment: Assessment) -> Questionnaire | None:
        """The questionnaire an assessment was taken with, cut to its path (None if no longer installed)."""
        found = self.questionnaires.get(assessment.questionnaire_id)
        return found.for_path(assessment.path) if found else None


@dataclass(frozen=True)
class AnswerSet:
    """The answers scoring runs on, their notes and (for a workshop) where the team disagreed."""

    values: dict[str, int | str]
    notes: dict[str, str | None]
    disagreements: list | None = None

    def entries(self) -> dict[str, dict]:
        return {qid: {"value": value, "note": self.notes.get(qid)} for qid, value in self.values.items()}


@dataclass(frozen=True)
class Byline:
    """Who the report says answered: the self-assessor, or the leadership team of a workshop."""

    organisation: str
    name: str
    role: str


def resolve_answers(db: Database, catalogue: Catalogue, assessment: Assessment) -> AnswerSet:
    """The answer set of an assessment: its one respondent's, or the workshop's agreed view."""
    questionnaire = catalogue.questionnaire(assessment)
    if assessment.mode != "workshop":
        ids = store.respondent_ids(db, assessment.id)
        saved = store.load_answers(db, ids[0]) if ids else {}
        return AnswerSet({q: a["value"] for q, a in saved.items() if a["value"] is not None},
                         {q: a["note"] for q, a in saved.items()})
    by_respondent = store.answers_by_respondent(db, assessment.id)
    agreed = store.agreed_answers(db, assessment.id)
    values = resolve(questionnaire, by_respondent, {qid: entry["value"] for qid, entry in agreed.items()})
    notes = {qid: (agreed.get(qid) or {}).get("rationale") for qid in values}
    return AnswerSet(values, notes, disagreements(questionnaire, question_stats(questionnaire, by_respondent), agreed))


def own_answers(db: Database, respondent_id: int) -> dict[str, dict]:
    """One respondent's own saved answers, as the wizard shows them for editing."""
    return store.load_answers(db, respondent_id)


def save_profile(db: Database, catalogue: Catalogue, assessment: Assessment, profile: Profile) -> int:
    """Save the company profile; for a self-assessment, mark the questions its business model makes
    not applicable where no answer was given yet. Returns how many were marked."""
    store.save_profile(db, assessment.id, profile)
    ids = store.respondent_ids(db, assessment.id)
    if assessment.mode == "workshop" or not ids:
        return 0
    given = store.load_answers(db, ids[0])
    defaults = {qid: (value, "") for qid, value in na_defaults(catalogue.questionnaire(assessment), profile).items()
                if (given.get(qid) or {}).get("value") is None}
    if defaults:
        store.save_answers(db, ids[0], defaults)
    return len(defaults)


def evaluate_assessment(db: Database, catalogue: Catalogue, assessment: Assessment,
                        answers: AnswerSet | None = None) -> Evaluation:
    """Score, stage, roadmap and focus metrics of the assessment's resolved answers and profile."""
    answers = answers if answers is not None else resolve_answers(db, catalogue, assessment)
    return evaluate(catalogue.questionnaire(assessment), catalogue.model, answers.values,
                    store.load_profile(db, assessment.id))


def byline(db: Database, assessment: Assessment) -> Byline:
    """The organisation and who answered, as the report's cover and header say it."""
    if assessment.mode == "workshop":
        return Byline(assessment.organisation, TEAM_NAME, "workshop")
    ids = store.respondent_ids(db, assessment.id)
    name, role = (store.respondent_name(db, ids[0]) if ids else None) or ("", "")
    return Byline(assessment.organisation, name, role)


def charter(db: Database, catalogue: Catalogue, assessment: Assessment,
            evaluation: Evaluation | None = None) -> tuple[Evaluation, dict]:
    """The evaluation and the charter to show: saved edits where the team made them, drafts elsewhere."""
    evaluation = evaluation or evaluate_assessment(db, catalogue, assessment)
    built = charter_core.build(evaluation, catalogue.model, assessment.organisation,
                               store.load_charter(db, assessment.id))
    return evaluation, built


def report(db: Database, catalogue: Catalogue, assessment: Assessment, with_charter: bool = False,
           answers: AnswerSet | None = None) -> ReportContext:
    """The report context of an assessment (results; with the charter for the PDF); `answers` when already resolved."""
    answers = answers if answers is not None else resolve_answers(db, catalogue, assessment)
    evaluation = evaluate_assessment(db, catalogue, assessment, answers)
    context = report_context_module.build_context(evaluation, byline(db, assessment), answers.entries(),
                                                  assessment.path)
    context["disagreements"] = answers.disagreements
    previous = store.load_assessment(db, assessment.previous_id) if assessment.previous_id else None
    if previous is not None:
        earlier = resolve_answers(db, catalogue, previous)
        context["comparison"] = compare(catalogue.questionnaire(assessment), catalogue.model, earlier.values,
                                        answers.values)
    if with_charter:
        saved = store.load_charter(db, assessment.id)
        context["charter"] = report_charter.report_context(evaluation, catalogue.model, assessment.organisation, saved)
    context["workshop"] = workshop_view(db, catalogue, assessment)
    report_context_module.apply_branding(context, store_branding.report_branding(db, assessment.id))
    context["present"] = report_context_module.present(context)
    return context


def grouping(db: Database, catalogue: Catalogue, assessment_id: int) -> Grouping:
    """How a workshop splits the room and its anonymity floor: the facilitator's choice, else the data's default."""
    found = store.workshop(db, assessment_id)
    defaults = catalogue.model.workshops
    roles = json.loads(found.leadership_roles) if found and found.leadership_roles else defaults.leadership_roles
    return Grouping(mode=(found and found.grouping) or "leadership", leadership_roles=frozenset(roles),
                    floor=(found and found.anonymity_floor) or defaults.anonymity_floor)


def workshop_view(db: Database, catalogue: Catalogue, assessment: Assessment, charts: bool = True) -> dict | None:
    """A workshop's team view (participants, role mix, gap per block, distributions above the floor); None for one person."""
    if assessment.mode != "workshop":
        return None
    people = store.participants(db, assessment.id)
    view = team_view(catalogue.questionnaire(assessment), store.answers_by_respondent(db, assessment.id),
                     {p["id"]: p["role"] for p in people}, grouping(db, catalogue, assessment.id))
    if charts:
        view["charts"] = {"gap": workshop_charts.gap(view["blocks"], view["groups"]),
                          "legend": workshop_charts.legend(view["groups"]),
                          "questions": {q["id"]: workshop_charts.distribution(q, view["groups"])
                                        for q in view["questions"]}}
    return view
