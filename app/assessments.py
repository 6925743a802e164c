"""The assessment service: one assessment and everything derived from it, each computed at most once (no Flask).

`AssessmentContext` is what the access gate hands a request (and what the CLI builds for itself): the
assessment, and lazily its answer set (a self-assessor's answers, or a workshop's agreed view), the
evaluation, the readiness to show a stage, the report and charter contexts and the team view. Nothing
else resolves answers or builds these, so a request's SQL and scoring cost is fixed whatever the view
asks for, and `content_version` names the content that every generated file is built from.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path

from sqlite_utils import Database

from app import approvals, store
from app.core import charter as charter_core
from app.core.aggregate import disagreements, question_stats, resolve
from app.core.evaluation import Evaluation, evaluate
from app.core.grouping import Grouping, team_view
from app.core.placement import Placement, placement
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
ROOT = Path(__file__).resolve().parent.parent
# What the generated files are made of besides the data: a change to any of these is a new content version.
CODE_FOLDERS = ("app", "reports", "templates", "questionnaires")


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


@cache
def code_version() -> str:
    """A digest of the code, templates and questionnaires: reports made by other code are other content."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class AssessmentContext:
    """One assessment as a request sees it: everything derived from it is computed lazily and at most once."""

    def __init__(self, db: Database, catalogue: Catalogue, assessment: Assessment):
        self.db, self.catalogue, self.assessment = db, catalogue, assessment

    @property
    def model(self) -> Model:
        return self.catalogue.model

    @cached_property
    def questionnaire(self) -> Questionnaire | None:
        """The questionnaire on the assessment's path (None when it is no longer installed)."""
        return self.catalogue.questionnaire(self.assessment)

    @property
    def is_workshop(self) -> bool:
        return self.assessment.mode == "workshop"

    # --- what is stored --------------------------------------------------------------------------

    @cached_property
    def respondent_ids(self) -> list[int]:
        return store.respondent_ids(self.db, self.assessment.id)

    @cached_property
    def by_respondent(self) -> dict[int, dict]:
        """Every respondent's answers ({respondent id: {question id: value}}), for a workshop's aggregates."""
        return store.answers_by_respondent(self.db, self.assessment.id)

    @cached_property
    def agreed(self) -> dict[str, dict]:
        """The levels the workshop agreed on, with their rationale."""
        return store.agreed_answers(self.db, self.assessment.id) if self.is_workshop else {}

    @cached_property
    def participants(self) -> list[dict]:
        return store.participants(self.db, self.assessment.id)

    @cached_property
    def profile(self) -> Profile:
        return store.load_profile(self.db, self.assessment.id)

    @cached_property
    def saved_charter(self) -> dict:
        """The charter edits the owner or team saved (sections, KPIs, responsibilities, tiers)."""
        return store.load_charter(self.db, self.assessment.id)

    @cached_property
    def branding(self) -> dict | None:
        return store_branding.report_branding(self.db, self.assessment.id)

    def own_answers(self, respondent_id: int) -> dict[str, dict]:
        """One respondent's own saved answers, as the wizard shows them for editing (always fresh)."""
        return store.load_answers(self.db, respondent_id)

    # --- what is derived ---------------------------------------------------------------------------

    @cached_property
    def answers(self) -> AnswerSet:
        """The answer set scoring runs on: the one respondent's, or the workshop's agreed view."""
        if not self.is_workshop:
            ids = self.respondent_ids
            saved = store.load_answers(self.db, ids[0]) if ids else {}
            return AnswerSet({q: a["value"] for q, a in saved.items() if a["value"] is not None},
                             {q: a["note"] for q, a in saved.items()})
        agreed = self.agreed
        values = resolve(self.questionnaire, self.by_respondent, {qid: entry["value"] for qid, entry in agreed.items()})
        notes = {qid: (agreed.get(qid) or {}).get("rationale") for qid in values}
        return AnswerSet(values, notes, disagreements(self.questionnaire, self.question_stats, agreed))

    @cached_property
    def question_stats(self) -> dict:
        """Per question, the spread of the workshop's individual answers (median, counts)."""
        return question_stats(self.questionnaire, self.by_respondent)

    @cached_property
    def placement(self) -> Placement:
        """How many informed answers there are, and how many placing the organisation at a stage needs."""
        return placement(self.questionnaire, self.answers.values)

    @property
    def ready(self) -> bool:
        """Whether the answers can place the organisation (a stage, a PDF, a charter may be shown)."""
        return self.placement.ready

    @cached_property
    def evaluation(self) -> Evaluation:
        """Score, stage, roadmap and focus metrics of the resolved answers and the profile."""
        return evaluate(self.questionnaire, self.model, self.answers.values, self.profile)

    @cached_property
    def byline(self) -> Byline:
        """The organisation and who answered, as the report's cover and header say it."""
        if self.is_workshop:
            return Byline(self.assessment.organisation, TEAM_NAME, "workshop")
        ids = self.respondent_ids
        name, role = (store.respondent_name(self.db, ids[0]) if ids else None) or ("", "")
        return Byline(self.assessment.organisation, name, role)

    @cached_property
    def charter(self) -> dict:
        """The charter to show: saved edits where the team made them, drafts from the results elsewhere."""
        return charter_core.build(self.evaluation, self.model, self.assessment.organisation, self.saved_charter)

    @cached_property
    def comparison(self) -> dict | None:
        """What moved since the previous round (None in a first round)."""
        if not self.assessment.previous_id:
            return None
        previous = store.load_assessment(self.db, self.assessment.previous_id)
        if previous is None:
            return None
        earlier = AssessmentContext(self.db, self.catalogue, previous).answers
        return compare(self.questionnaire, self.model, earlier.values, self.answers.values)

    @cached_property
    def grouping(self) -> Grouping:
        """How a workshop splits the room and its anonymity floor: the facilitator's choice, else the data's default."""
        found = store.workshop(self.db, self.assessment.id)
        defaults = self.model.workshops
        roles = json.loads(found.leadership_roles) if found and found.leadership_roles else defaults.leadership_roles
        return Grouping(mode=(found and found.grouping) or "leadership", leadership_roles=frozenset(roles),
                        floor=(found and found.anonymity_floor) or defaults.anonymity_floor)

    @cached_property
    def team(self) -> dict | None:
        """A workshop's team view (participants, role mix, gap per block, distributions above the floor); None for one person."""
        if not self.is_workshop:
            return None
        return team_view(self.questionnaire, self.by_respondent, {p["id"]: p["role"] for p in self.participants},
                         self.grouping)

    @cached_property
    def team_charts(self) -> dict | None:
        """The team view with its charts (the gap, the legend, one distribution per question)."""
        view = self.team
        if view is None:
            return None
        return {**view, "charts": {"gap": workshop_charts.gap(view["blocks"], view["groups"]),
                                   "legend": workshop_charts.legend(view["groups"]),
                                   "questions": {q["id"]: workshop_charts.distribution(q, view["groups"])
                                                 for q in view["questions"]}}}

    @cached_property
    def approval(self) -> dict | None:
        """The sponsor's newest approval of the charter and whether the charter changed since (None: never approved)."""
        return approvals.status(self, date.today().isoformat())

    def _report(self, with_charter: bool) -> ReportContext:
        context = report_context_module.build_context(self.evaluation, self.byline, self.answers.entries(),
                                                      self.assessment.path)
        report_context_module.with_disagreements(context, self.answers.disagreements)
        if self.comparison is not None:
            context["comparison"] = self.comparison
        if with_charter:
            context["charter"] = report_charter.report_context(self.evaluation, self.model, self.assessment.organisation,
                                                               self.saved_charter)
            context["approval"] = self.approval
        context["workshop"] = self.team_charts
        report_context_module.apply_branding(context, self.branding)
        context["present"] = report_context_module.present(context)
        return context

    @cached_property
    def report(self) -> ReportContext:
        """The report context of the results page and the share view."""
        return self._report(with_charter=False)

    @cached_property
    def full_report(self) -> ReportContext:
        """The report context of the PDF: the results with the charter."""
        return self._report(with_charter=True)

    @cached_property
    def content_version(self) -> str:
        """A digest naming this assessment's content (answers, agreed levels, profile, charter, branding, grouping, the
        previous round's answers) and the questionnaire and code it is read with: same version, same files."""
        a = self.assessment
        parts = (a.id, a.revision, a.previous_id, a.previous_revision, a.questionnaire_id, a.questionnaire_version,
                 a.path, a.organisation, code_version())
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


def save_profile(context: AssessmentContext, profile: Profile) -> int:
    """Save the company profile; for a self-assessment, mark the questions its business model makes
    not applicable where no answer was given yet. Returns how many were marked."""
    db = context.db
    store.save_profile(db, context.assessment.id, profile)
    ids = context.respondent_ids
    if context.is_workshop or not ids:
        return 0
    given = store.load_answers(db, ids[0])
    defaults = {qid: (value, "") for qid, value in na_defaults(context.questionnaire, profile).items()
                if (given.get(qid) or {}).get("value") is None}
    if defaults:
        store.save_answers(db, ids[0], defaults)
    return len(defaults)
