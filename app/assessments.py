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

from app import approvals, plans, store, teamview
from app.core import charter as charter_core
from app.core.aggregate import disagreements, resolve, team_confidence
from app.core.company import Company, fit
from app.core.disclosure import Ledger
from app.core.evaluation import Evaluation, evaluate
from app.core.grouping import MODES, SENIORITY, Grouping, floor_of, team_view
from app.core.people import Member
from app.core.placement import Placement, placement
from app.core.profile import Profile, na_defaults
from app.core.questionnaire import Questionnaire
from app.core.reference import Model
from app.core.rounds import compare
from app.report import charter as report_charter
from app.report import context as report_context_module
from app.report.types import ReportContext
from app.store import Assessment
from app.store import anonymity as store_anonymity
from app.store import branding as store_branding
from app.store import plan as plan_store

TEAM_NAME = "the workshop's participants"  # who answered a workshop, when their number is not known
ROOT = Path(__file__).resolve().parent.parent
# What the generated files are made of besides the data: a change to any of these is a new content version.
CODE_FOLDERS = ("app", "reports", "templates", "questionnaires")
# What a participant's published result says in place of the comparison of groups.
WHOLE_ROOM_ONLY = ("This result shows the whole room, never one group beside another: within a small group, anyone "
                   "could take out their own answers and read the others'.")


@dataclass(frozen=True)
class Catalogue:
    """The loaded questionnaires and reference model (the app loads them once)."""

    questionnaires: Mapping[str, Questionnaire]
    model: Model
    teams: teamview.TeamCache | None = None  # the process's workshop team views (None: built for each context)

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
    """Who the report says answered (the self-assessor, or a workshop's participants) and who prepared it (the
    self-assessor, or the facilitator who ran the workshop; a consultant's branding line replaces it)."""

    organisation: str
    name: str
    role: str
    prepared_by: str | None = None  # None: whoever answered


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
        return self._answers_and_versions[0]

    @cached_property
    def _answers_and_versions(self) -> tuple[dict[int, dict], dict[int, dict[str, int]]]:
        """Every respondent's answers and their versions, read together (the anonymity ledger needs both)."""
        return store.answers_and_versions(self.db, self.assessment.id, [p["id"] for p in self.participants])

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
    def chosen_targets(self) -> dict:
        """The target levels an owner or facilitator chose ({"blocks": {id: level}, "legs": {id: level}})."""
        return plan_store.load_targets(self.db, self.assessment.id)

    @cached_property
    def plan(self) -> list:
        """The actions adopted into this round's plan, with their owners and events."""
        return plan_store.load_plan(self.db, self.assessment.id)

    @cached_property
    def next_round_id(self) -> int | None:
        """The next round's assessment id, once it has started (there is at most one: app/store/workshop.py)."""
        return plan_store.is_reviewed(self.db, self.assessment.id)

    @property
    def reviewed_in(self) -> int | None:
        """The next round's number, once it has started and reviewed (and frozen) this round's plan."""
        return self.assessment.round + 1 if self.next_round_id else None

    @cached_property
    def previous(self) -> AssessmentContext | None:
        """The previous round's context (None in a first round)."""
        found = store.load_assessment(self.db, self.assessment.previous_id) if self.assessment.previous_id else None
        return AssessmentContext(self.db, self.catalogue, found) if found else None

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
        floor = self.grouping.floor
        values = resolve(self.questionnaire, self.by_respondent, {qid: entry["value"] for qid, entry in agreed.items()},
                         floor, shown=self.shown_counts)
        notes = {qid: (agreed.get(qid) or {}).get("rationale") for qid in values}
        return AnswerSet(values, notes, disagreements(self.questionnaire, self.question_stats, agreed, floor))

    @cached_property
    def shown_counts(self) -> dict[str, dict]:
        """Each question's counts as the team view shows them (under the anonymity rules): the team's default
        level, range and median come from these and nothing else."""
        return {q["id"]: q["total"]["counts"] for q in self.team["questions"] if q["total"]}

    @property
    def question_stats(self) -> dict:
        """Per question, the spread of the workshop's answers as shown (median, range, counts), never more."""
        return self.team_snapshot.stats if self.is_workshop else {}

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
        return evaluate(self.questionnaire, self.model, self.answers.values, self.profile, self.chosen_targets)

    @cached_property
    def company(self) -> Company:
        """How the report and charter speak to this company: its size, departments and N/A answers."""
        return fit(self.profile, self.answers.values, self.model.company, self.model.labels)

    @cached_property
    def byline(self) -> Byline:
        """The organisation and who answered, as the report's cover and header say it."""
        if self.is_workshop:
            answered = self.team["participants"] if self.team else 0
            facilitator = store.facilitator_by_id(self.db, self.workshop.facilitator_id) if self.workshop else None
            name = f"the workshop's {answered} participants" if answered > 1 else TEAM_NAME
            return Byline(self.assessment.organisation, name, "workshop", facilitator.name if facilitator else None)
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
        if self.previous is None:
            return None
        return compare(self.questionnaire, self.model, self.previous.answers.values, self.answers.values)

    @cached_property
    def review(self) -> dict | None:
        """The review of the previous round's plan this round opened with (None in a first round)."""
        return plans.review_of(self)

    @cached_property
    def grouping(self) -> Grouping:
        """How a workshop splits the room and its anonymity floor: the facilitator's choice, else the data's default
        (a floor is never below grouping.MIN_FLOOR, whatever was stored)."""
        found = self.workshop
        defaults = self.model.workshops
        levels = json.loads(found.leadership_roles) if found and found.leadership_roles else defaults.leadership_levels
        mode = found.grouping if found and found.grouping in MODES else SENIORITY
        return Grouping(mode=mode, leadership_levels=frozenset(levels),
                        floor=floor_of(found and found.anonymity_floor, defaults.anonymity_floor))

    @cached_property
    def groups_fixed(self) -> bool:
        """Whether the facilitator has fixed the workshop's groups (or closed it): team figures show from then on.
        An imported workshop has no live session (no workshop row): its answers are a fixed set already."""
        return self.workshop is None or bool(self.workshop.groups_fixed_at)

    @cached_property
    def workshop(self):
        """The workshop's own row (settings, dates), or None for a self-assessment."""
        return store.workshop(self.db, self.assessment.id) if self.is_workshop else None

    @cached_property
    def members(self) -> dict[int, Member]:
        """Each respondent's department and level (who they are in the room, never what they said)."""
        return {p["id"]: Member(p["department"], p["level"]) for p in self.participants}

    @property
    def team_version(self) -> tuple:
        """What a workshop's team view is built from: its content version without the agreed levels (migration
        i21_agreed_revision), so recording a level keeps it; the creation time tells a reused id apart."""
        a = self.assessment
        return a.created_at, a.organisation_id, a.questionnaire_version, a.path, a.revision - a.agreed_revision

    def _ledger(self, versions: dict) -> Ledger:
        """What the workshop's team figures showed before (the anonymity rules compare every new figure with it), and
        the version of each answer the view reads, so a changed answer waits like a new one."""
        aid = self.assessment.id
        return Ledger(store_anonymity.released(self.db, aid), store.member_keys(self.db, aid), versions)

    def _kept(self, build, versions: dict):
        """Build a view under the anonymity rules; when it shows something for the first time, decide again under
        the write lock (two racing requests cannot each show half of a difference) and keep what it showed."""
        result, ledger = build(self._ledger(versions))
        if ledger.new:
            with store.writing(self.db):
                result, ledger = build(self._ledger(versions))
                store_anonymity.record(self.db, self.assessment.id, ledger.new)
        return result

    @cached_property
    def team_snapshot(self) -> teamview.TeamSnapshot | None:
        """A workshop's team view and what the dashboard and presenter read with it, built once per change of its
        answers, people or groups and kept in the process (None for a self-assessment)."""
        if not self.is_workshop:
            return None
        teams = self.catalogue.teams
        return self._build_team() if teams is None else teams.get(self.assessment.id, self.team_version, self._build_team)

    def _build_team(self) -> teamview.TeamSnapshot:
        view = self._kept(lambda ledger: (team_view(self.questionnaire, self.by_respondent, self.members, self.grouping,
                                                    ledger, fixed=self.groups_fixed), ledger), self._answers_and_versions[1])
        return teamview.build(self.questionnaire, view, self.by_respondent, self.participants)

    @property
    def team(self) -> dict | None:
        """A workshop's team view (participants, role mix, gap per block, distributions above the floor); None for one person."""
        return self.team_snapshot.view if self.is_workshop else None

    @property
    def team_charts(self) -> dict | None:
        """The team view with its charts (the gap, the legend, one distribution per question)."""
        return self.team_snapshot.with_charts if self.is_workshop else None

    def room(self, question_id: str, reveal: bool = False) -> dict:
        """One question as the workshop answered it, fresh, from that question's answers alone (the presenter's poll)."""
        answers, versions, joined = store.answers_to_one(self.db, self.assessment.id, question_id,
                                                       list(self.questionnaire.questions))
        return self._kept(lambda ledger: teamview.question_room(
            self.questionnaire, question_id, answers, self.members, joined, self.grouping, ledger, self.groups_fixed,
            reveal), versions)

    @cached_property
    def approval(self) -> dict | None:
        """The sponsor's newest approval of the charter and whether the charter changed since (None: never approved)."""
        return approvals.status(self, date.today().isoformat())

    def _report(self, with_charter: bool) -> ReportContext:
        context = report_context_module.build_context(self.evaluation, self.byline, self.answers.entries(),
                                                      self.assessment.path, self.company)
        report_context_module.with_disagreements(context, self.answers.disagreements)
        if self.comparison is not None:
            context["comparison"] = self.comparison
        plans.add_to_report(context, self)
        if with_charter:
            context["charter"] = report_charter.report_context(self.evaluation, self.model, self.assessment.organisation,
                                                               self.saved_charter)
            context["approval"] = self.approval
        context["workshop"] = self.team_charts
        if self.is_workshop:  # a don't-know in the room lowers the team's confidence, even where others settled it
            confidence = team_confidence(self.questionnaire, self.shown_counts,
                                         {qid: entry["value"] for qid, entry in self.agreed.items()}, self.answers.values)
            report_context_module.apply_team_confidence(context, confidence, self.questionnaire)
        report_context_module.apply_branding(context, self.branding)
        context["present"] = report_context_module.present(context)
        return context

    @cached_property
    def report(self) -> ReportContext:
        """The report context of the results page and the share view."""
        return self._report(with_charter=False)

    @cached_property
    def published_report(self) -> ReportContext:
        """What a participant sees once the facilitator publishes: the team's report for the whole room only. Split by
        group, a participant who takes their own answers out of a group of three would learn what the other two said,
        of a question or of a block's score alike."""
        context = dict(self.report)
        shown = context.get("workshop")
        if shown:
            whole_room = {**shown, "split": False, "groups": [], "unsplit": WHOLE_ROOM_ONLY,
                          "blocks": [{**b, "scores": None, "gap": None} for b in shown["blocks"]],
                          "questions": [{**q, "by_group": None} for q in shown["questions"]]}
            context["workshop"] = {**whole_room, "charts": {**shown["charts"], "gap": None, "legend": None,
                                                             "questions": teamview.QuestionCharts(whole_room)}}
        return context

    @cached_property
    def full_report(self) -> ReportContext:
        """The report context of the PDF: the results with the charter."""
        return self._report(with_charter=True)

    @cached_property
    def content_version(self) -> str:
        """A digest naming this assessment's content (answers, agreed levels, profile, charter, branding, grouping, the
        previous round's answers) and the questionnaire and code it is read with: same version, same files."""
        a = self.assessment
        # created_at too: SQLite may give a deleted assessment's id to a new one.
        parts = (a.id, a.created_at, a.revision, a.previous_id, a.previous_revision, a.questionnaire_id,
                 a.questionnaire_version, a.path, a.organisation, code_version())
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
