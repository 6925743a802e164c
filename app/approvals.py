"""Charter versions and the sponsor's approval, as a service over the store and the renderer (no Flask).

A version is the whole charter as it stood (every section's text and the three tables), so two versions
can be compared section by section and an approval names exactly what was approved: the version, the
sponsor, the date and the SHA-256 of the PDF they approved, rendered as the report renders it. The
charter has "changed since approval" as soon as what it says differs from the approved version. The service
reads an assessment through `Context` and never imports app.assessments (which uses it).
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from sqlite_utils import Database

from app import mail, store
from app.core import charter as charter_core
from app.core.evaluation import Evaluation
from app.core.plan import human_date
from app.core.reference import Model
from app.report import charter as report_charter
from app.report import pdf
from app.store import charter_versions as versions_store
from app.store.assessments import Assessment


class Context(Protocol):
    """What charter versions and approvals read of an assessment context (app.assessments.Context is one)."""

    db: Database
    assessment: Assessment
    evaluation: Evaluation
    model: Model
    charter: dict  # the charter as built now
    branding: dict | None
    byline: Any  # who prepared it: `.name`


def snapshot(charter: dict) -> dict:
    """A built charter as a version keeps it: each section's text, the KPIs, responsibilities and tiers."""
    return {"sections": [{"id": s["id"], "title": s["title"], "body": charter_core.normalise(s["body"])}
                         for s in charter["sections"]],
            "kpis": charter["kpis"], "responsibilities": charter["responsibilities"], "tiers": charter["tiers"]}


def current(context: Context) -> dict:
    """The charter as it stands now, from what is saved this moment (not the request's cached copy)."""
    saved = store.load_charter(context.db, context.assessment.id)
    return snapshot(charter_core.build(context.evaluation, context.model, context.assessment.organisation, saved))


def record(context: Context) -> versions_store.CharterVersion:
    """Keep the charter as it now stands as a version (after every save, and before sending it)."""
    return versions_store.record_version(context.db, context.assessment.id, current(context))


def _day(iso: str) -> str:
    return human_date(date.fromisoformat(iso[:10]))


def status(context: Context, today: str) -> dict | None:
    """The newest approval as pages and the report cover show it, or None when nothing was approved."""
    found = versions_store.latest_approval(context.db, context.assessment.id)
    if found is None:
        return None
    approved = versions_store.version(context.db, context.assessment.id, found.version_id)
    changed = approved is None or versions_store.digest(snapshot(context.charter)) != approved.digest
    return {"by": found.decided_by, "on": _day(found.decided_at), "version": found.version_number,
            "sha256": found.pdf_sha256, "changed": changed, "review_on": _day(found.review_on),
            "review_due": found.review_on <= today, "approval_id": found.id}


def document(context: Context, version: versions_store.CharterVersion, approval: dict | None = None,
             paper: str = "a4", timeout: float = 60) -> bytes:
    """One version of the charter as a PDF, rendered as the report is (cover, then the charter)."""
    byline = context.branding or {}
    report = {
        "organisation": context.assessment.organisation, "branding": context.branding,
        "prepared_by": byline.get("prepared_by") or context.byline.name,
        "date_iso": version.updated_at[:10], "version": {"number": version.number, "date": _day(version.updated_at)},
        "charter": report_charter.version_context(version.content, context.model), "approval": approval,
    }
    return pdf.render(report_charter.render_document(report), paper, timeout=timeout)


def approve(context: Context, approval: versions_store.Approval, name: str, timeout: float = 60) -> str:
    """Record the sponsor's approval with the PDF they approved (its cover says so); returns the PDF's SHA-256."""
    version = versions_store.version(context.db, context.assessment.id, approval.version_id)
    shown = {"by": name.strip(), "on": human_date(date.today()), "version": version.number,
             "review_on": _day(approval.review_on)}
    rendered = document(context, version, shown, timeout=timeout)
    versions_store.decide(context.db, approval.id, versions_store.APPROVED, name, pdf=rendered)
    return hashlib.sha256(rendered).hexdigest()


def remind(db, config: Mapping, today: str, base_url: str) -> list[dict]:
    """Charter reviews that are due: mailed to the sponsor and a workshop's facilitator when mail is set up,
    else only listed here and on the results page. Each is mailed once."""
    reminders = []
    for due in versions_store.due_reviews(db, today):
        found = store.load_assessment(db, due.assessment_id)
        if found is None:
            continue
        facilitator = _facilitator(db, due.assessment_id)
        where = (f"Open it: {base_url}/facilitator/workshops/{due.assessment_id}/charter/versions" if facilitator
                 else "Open it from your private link to the assessment.")
        text = (f"The customer-success charter of {found.organisation} (version {due.version_number}, approved by "
                f"{due.decided_by}) is due for its review on {_day(due.review_on)}.\n\n{where}\n")
        to = [address for address in (due.sponsor_email, facilitator and facilitator.email) if address]
        mailed = [address for address in to
                  if mail.send(config, address, f"Charter review due: {found.organisation}", text)]
        if mailed:
            versions_store.mark_reminded(db, due.id)
        reminders.append({"assessment_id": due.assessment_id, "organisation": found.organisation,
                          "version": due.version_number, "review_on": due.review_on, "mailed_to": mailed})
    return reminders


def _facilitator(db, assessment_id: int):
    found = store.workshop(db, assessment_id)
    return store.facilitator_by_id(db, found.facilitator_id) if found else None


def parse_day(text: str) -> str:
    """An ISO date given on the command line, checked; ValueError names the problem."""
    return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
