"""The plan service: targets, adopted actions and the next round's review, for pages, reports and exports (no Flask).

The assessment context (app/assessments.py) holds what is stored and computed once per request; this
module turns it into plain values and makes the changes a view asks for, each a small named function. It reads
the context through `Context`, the part of it a plan needs, and never imports app.assessments (which uses it).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol

from sqlite_utils import Database

from app.core.evaluation import Evaluation, top_level
from app.core.labels import LABELS
from app.core.plan import STATUSES, Owner, PlanAction, due_list, human_date, parse_due
from app.core.questionnaire import Questionnaire
from app.core.review import review
from app.core.targets import Targets, gap_order
from app.store import plan as plan_store
from app.store.assessments import Assessment
from app.store.core import writing


class Context(Protocol):
    """What the plan service reads of an assessment context (app.assessments.Context is one)."""

    db: Database
    assessment: Assessment
    questionnaire: Questionnaire | None
    evaluation: Evaluation
    answers: Any  # the resolved answers: `.values`, one value per question
    byline: Any  # who prepared it: `.name`
    company: Any  # how to speak to the company: `.rewrite`, `.owner_label` (app.core.company.Company)
    plan: list[PlanAction]
    reviewed_in: int | None
    review: dict | None
    previous: Context | None
    comparison: dict | None


# --- targets ----------------------------------------------------------------------------------


def target_rows(targets: Targets | None, level_names: dict[int, str] | None = None, top: int = 4) -> list[dict]:
    """Today, target and gap per leg and block as the results page, the PDF and the deck show them (legs first):
    scores 0-100 in whole numbers like every score on them, with the target's level and its name."""
    if targets is None:
        return []
    names = level_names or {}
    first = {t.key for t in gap_order(targets)[:1]}
    rows = []
    for t in targets.all():
        today, target, gap = t.points(top)
        rows.append({"kind": t.kind, "id": t.id, "key": t.key, "title": t.title, "today": today, "target_level": t.target,
                     "target": target, "target_name": names.get(t.target, "") if t.target is not None else "",
                     "gap": gap, "chosen": t.chosen, "first": t.key in first})
    return rows


def level_names(context: Context) -> dict[int, str]:
    """The answer scale's level names (0 Absent ... 4 Optimised) of the assessment's questionnaire."""
    questions = list(context.questionnaire.questions.values()) if context.questionnaire else []
    return {lv.value: lv.name for lv in questions[0].levels} if questions else {}


# --- the plan as pages and reports show it -----------------------------------------------------


def action_row(action: PlanAction, questionnaire, today: date) -> dict:
    """One action as plain values (no email: the report travels further than the plan page)."""
    question = questionnaire.questions.get(action.question_id) if action.question_id and questionnaire else None
    return {"id": action.id, "title": action.title, "owner": action.owner.name if action.owner else None,
            "owner_id": action.owner.id if action.owner else None, "due": action.due, "status": action.status,
            # as the report prints a date ("31 March 2026"), beside its cover's; forms keep the ISO `due`
            "due_text": human_date(date.fromisoformat(action.due)) if action.due else None,
            "status_label": action.status_label, "open": action.is_open, "overdue": action.overdue(today),
            "due_soon": action.due_soon(today), "leg": LABELS.legs.get(action.leg, "") if action.leg else "",
            "block": LABELS.blocks.get(action.block, "") if action.block else "",
            "question": question.text if question else None, "target_level": action.target_level,
            "reason": action.reason, "note": action.note, "evidence": action.evidence,
            "carried": action.carried_from is not None, "updated_at": action.updated_at}


def plan_context(context: Context, today: date | None = None) -> dict:
    """The plan for the report: every action, the counts by status, what is due or overdue, whether it was reviewed."""
    today = today or date.today()
    rows = [action_row(a, context.questionnaire, today) for a in context.plan]
    counts = {key: sum(1 for r in rows if r["status"] == key) for key in STATUSES}
    return {"actions": rows, "counts": counts, "total": len(rows), "overdue": sum(1 for r in rows if r["overdue"]),
            "due": [action_row(a, context.questionnaire, today) for a in due_list(context.plan, today)],
            "reviewed_in": context.reviewed_in, "statuses": STATUSES}


def add_to_report(report: dict, context: Context) -> None:
    """The report's targets, plan and (in a later round) review, as plain values for the page, the PDF and the deck."""
    report["targets"] = target_rows(context.evaluation.targets, level_names(context), top_level(context.questionnaire))
    report["plan"] = plan_context(context)
    if context.review is not None:
        report["review"] = context.review


def review_of(context: Context) -> dict | None:
    """The review this round opened with: the previous round's plan against both rounds' answers (None in round 1)."""
    previous = context.previous
    if previous is None or previous.questionnaire is None:
        return None
    stage = (context.comparison or {}).get("stage")
    return review(previous.plan, context.questionnaire, previous.answers.values, context.answers.values,
                  context.assessment.created_at, stage, (previous.assessment.round, context.assessment.round),
                  (previous.evaluation.targets, context.evaluation.targets if context.answers.values else None))


# --- changes -----------------------------------------------------------------------------------


def roadmap_choices(context: Context) -> list[dict]:
    """The roadmap's actions not yet in the plan, in roadmap order, with the due date their phase suggests."""
    adopted = {a.question_id for a in context.plan if a.question_id}
    company, out = context.company, []  # in the company's words, as the report says them (a founder, not finance)
    further = []  # past the phases' caps: after the roadmap, with no window and no suggested date (as the report says)
    for phase in context.evaluation.roadmap:
        due = (date.today() + timedelta(days=getattr(phase, "due_days", 0) or 90)).isoformat()
        for action in phase.actions:
            if action.question_id not in adopted:
                out.append(_choice(company, action, phase.name, phase.window, due))
        further += [a for a in getattr(phase, "more", ()) if a.question_id not in adopted]
    return out + [_choice(company, action, "Further actions", "after the roadmap", "") for action in further]


def _choice(company, action, phase: str, window: str, due: str) -> dict:
    """A roadmap action the plan may adopt, in the company's words."""
    return {"question_id": action.question_id, "do": company.rewrite(action.do), "phase": phase, "window": window,
            "owner": company.owner_label(action.owner), "due": due, "why": company.rewrite(action.why)}


def adopt_from_roadmap(context: Context, question_id: str, owner: Owner | None, due: str | None, who: str) -> int:
    """Adopt one roadmap action (by its question) into the plan; KeyError when the roadmap has no such action."""
    found = next((a for p in context.evaluation.roadmap for a in (*p.actions, *getattr(p, "more", ()))
                  if a.question_id == question_id), None)
    if found is None:
        raise KeyError(question_id)
    section = context.questionnaire.section_of[question_id]
    level = context.answers.values.get(question_id)
    return plan_store.adopt(context.db, context.assessment.id, PlanAction(
        None, context.company.rewrite(found.do), owner=owner, due=parse_due(due), question_id=question_id,
        block=section.block, leg=section.leg,
        level=level, target_level=found.target_level), who)


def adopt_custom(context: Context, title: str, area: str | None, owner: Owner | None, due: str | None,
                 who: str) -> int:
    """Add an action the team wrote itself; `area` is "leg:<id>", "block:<id>" or empty."""
    kind, _, item = (area or "").partition(":")
    leg = item if kind == "leg" and item in LABELS.legs else None
    block = "stool" if leg else item if kind == "block" and item in LABELS.blocks else None
    return plan_store.adopt(context.db, context.assessment.id,
                            PlanAction(None, title.strip(), owner=owner, due=parse_due(due), block=block, leg=leg), who)


def changes_from(values: dict) -> dict:
    """A form's or CSV row's checked values as the store's changes (owner as (name, email), empty text as None)."""
    changes = {key: (values.get(key) or "").strip() or None for key in ("title", "status", "reason", "note", "evidence")
               if key in values}
    if "due" in values:
        changes["due"] = parse_due(values["due"])
    if "owner_name" in values:
        name = (values.get("owner_name") or "").strip()
        changes["owner"] = (name, (values.get("owner_email") or "").strip() or None) if name else None
    return changes


def apply_csv(context: Context, rows: list[dict], who: str) -> tuple[int, int]:
    """Write checked CSV rows: new custom actions and changes to existing ones; returns (added, changed)."""
    added = changed = 0
    db = context.db
    with writing(db):  # all or nothing
        for row in rows:
            if row["id"] is None:
                plan_store.adopt(db, context.assessment.id, _new_from_row(context, row), who)
                added += 1
            elif plan_store.update(db, context.assessment.id, row["id"], changes_from(row), who):
                changed += 1
    return added, changed


def _new_from_row(context: Context, row: dict) -> PlanAction:
    """A CSV row without an action id: a new action, placed on its question's block and leg when it names one."""
    name = row["owner_name"].strip()
    owner = Owner(None, name, row["owner_email"].strip().lower() or None) if name else None
    section = context.questionnaire.section_of.get(row["question_id"]) if row["question_id"] else None
    leg = section.leg if section else row["leg"]
    return PlanAction(None, row["title"], status=row["status"], owner=owner, due=row["due"], reason=row["reason"] or None,
                      note=row["note"] or None, evidence=row["evidence"] or None, question_id=row["question_id"],
                      block=section.block if section else "stool" if leg else None, leg=leg,
                      level=context.answers.values.get(row["question_id"]) if section else None)


def demo_plan(context: Context, spec, owners: dict, custom: tuple, targets: dict, start: date,
              found_out: int) -> dict[str, int]:
    """The demo's first-round plan (app/core/demo.py): roadmap actions in order, each with its owner, the status it
    reached and its history; a custom action; a chosen target. Returns the levels the second round answers:
    done actions at the level they aimed at (`found_out` for a settled "don't know"), those in progress one step up."""
    db = context.db
    roadmap = [a for phase in context.evaluation.roadmap for a in phase.actions]
    adopter = f"{context.byline.name} (assessment owner)"
    raised = {}
    for (key, status, due_days, extra), action in zip(spec, roadmap):
        name, email = owners[key]
        action_id = adopt_from_roadmap(context, action.question_id, Owner(None, name, email),
                                       (start + timedelta(days=due_days)).isoformat(), adopter)
        steps = ["in_progress", "done"] if status == "done" else [status] if status != "not_started" else []
        for number, step in enumerate(steps, 1):
            plan_store.update(db, context.assessment.id, action_id, {"status": step, **(extra if number == len(steps) else {})},
                              f"{name} (own link)")
        level = action.level if isinstance(action.level, int) else None
        if status == "done":
            raised[action.question_id] = found_out if action.kind == "find_out" else action.target_level
        elif status == "in_progress" and level is not None:
            raised[action.question_id] = min(level + 1, action.target_level)
    title, key, status, due_days = custom
    action_id = adopt_custom(context, title, "", Owner(None, *owners[key]), (start + timedelta(days=due_days)).isoformat(),
                             adopter)
    plan_store.update(db, context.assessment.id, action_id, {"status": status}, f"{owners[key][0]} (own link)")
    plan_store.save_targets(db, context.assessment.id, targets)
    return raised
