"""Saving a wizard page: each answer against the version its page loaded, conflicts shown with both
answers, and a page re-offered with the typed answers when the session was lost."""
from __future__ import annotations

from flask import flash, render_template, request

from app.core import answers
from app.core.questionnaire import Section
from app.store.answers import Outcome
from app.web.wizard.forms import NOTE_SUFFIX, SHOWN_SUFFIX, VERSION_SUFFIX, _version, answer_text

RESOLVE = "resolve"  # a conflict's buttons: "<question id>:mine" or "<question id>:saved"


def resolution(posted) -> tuple[str, str] | None:
    """The conflict the user settled with this post, as (question id, "mine" | "saved")."""
    qid, _, choice = (posted.get(RESOLVE) or "").partition(":")
    return (qid, choice) if qid and choice in ("mine", "saved") else None


def versions_of(section: Section, saved: dict) -> dict[str, tuple[int, str]]:
    """Per question: the stored version and the fingerprint of the stored answer, as a page carries them."""
    out = {}
    for question in section.questions:
        entry = saved.get(question.id) or {}
        out[question.id] = (entry.get("version") or 0, answers.fingerprint(entry.get("value"), entry.get("note")))
    return out


def show_stored(form, section: Section, saved: dict, keep: set[str]) -> None:
    """Put the stored answers in the form, except where the page must keep what was typed (errors, conflicts)."""
    for question in section.questions:
        if question.id in keep:
            continue
        entry = saved.get(question.id) or {}
        form[question.id].data = None if entry.get("value") is None else str(entry["value"])
        form[question.id + NOTE_SUFFIX].data = entry.get("note") or ""


def conflict_entries(section: Section, outcome: Outcome, form) -> dict[str, dict]:
    """Each conflict as the page shows it: the saved answer and the user's, in words."""
    out = {}
    for question in section.questions:
        stored = outcome.conflicts.get(question.id)
        if stored is None:
            continue
        mine = answers.parse(form[question.id].data)
        out[question.id] = {
            "saved": {"value": stored["value"], "text": answer_text(question, stored["value"]),
                      "note": stored["note"] or "", "at": _when(stored.get("updated_at"))},
            "mine": {"value": mine, "text": answer_text(question, mine), "note": form[question.id + NOTE_SUFFIX].data or ""},
            "version": stored["version"],
            "shown": answers.fingerprint(stored["value"], stored["note"]),
        }
    return out


def _when(stamp: str | None) -> str | None:
    """"at 14:32 UTC on 3 March" from a stored ISO stamp."""
    if not stamp or len(stamp) < 16:
        return None
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    return f"at {stamp[11:16]} UTC on {int(stamp[8:10])} {months[int(stamp[5:7]) - 1]}"


def autosave_reply(section: Section, form, outcome: Outcome, valid: bool, page_context: dict):
    """The JSON answer to static/autosave.js: new versions, field errors, and each conflict with its box."""
    saved = {qid: {"version": version, "shown": answers.fingerprint(answers.parse(form[qid].data),
                                                                      form[qid + NOTE_SUFFIX].data)}
             for qid, version in outcome.saved.items()}
    conflicts = conflict_entries(section, outcome, form)
    boxes = {qid: {"version": entry["version"], "shown": entry["shown"],
                   "saved": {"value": answers.encode(entry["saved"]["value"]) or "", "note": entry["saved"]["note"]},
                   "html": render_template("_conflict.html", question=section_question(section, qid), conflict=entry,
                                           **page_context)}
             for qid, entry in conflicts.items()}
    errors = {name: messages for name, messages in form.errors.items() if name != "csrf_token"}
    status = 409 if boxes else (200 if valid else 422)
    return {"saved": saved, "unchanged": outcome.unchanged, "conflicts": boxes, "errors": errors}, status


def section_question(section: Section, qid: str):
    return next(q for q in section.questions if q.id == qid)


def posted_versions(section: Section, posted) -> dict[str, tuple[int, str]]:
    """The versions and shown answers a post carried (a page re-offered after a lost session keeps them)."""
    return {q.id: (_version(posted.get(q.id + VERSION_SUFFIX)), posted.get(q.id + SHOWN_SUFFIX) or "")
            for q in section.questions}


def settled_message(choice: str) -> None:
    flash("Your answer is saved: it replaces the one changed elsewhere." if choice == "mine"
          else "The answer saved elsewhere is kept; yours was not saved.")


def is_autosave() -> bool:
    return bool(request.form.get("autosave"))
