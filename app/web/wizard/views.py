"""The assessment wizard: thin views over the store and the scoring core (Post/Redirect/Get)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from app import access, assessments, mail, store
from app.core.estimates import minutes, path_minutes
from app.core.questionnaire import Questionnaire
from app.db import get_db
from app.report import context as reports
from app.store import demo as demo_store
from app.web import downloads
from app.web.profile.forms import ProfileForm
from app.web.wizard import saving
from app.web.wizard.forms import (
    DemoCopyForm,
    FinishForm,
    StartForm,
    answer_text,
    posted_answers,
    radio_html,
    section_form,
)
from app.web.wizard.pages import page_of, pages

bp = Blueprint("wizard", __name__)
DEFAULT_QUESTIONNAIRE = "cs-maturity"


def _questionnaire(qid: str) -> Questionnaire:
    found = current_app.extensions["questionnaires"].get(qid)
    if found is None:
        abort(404)
    return found


def _load(token: str, action: str = "answer") -> access.Grant:
    """The grant behind a private link, through the access gate."""
    return access.by_resume_token(token, action)


def _progress(questionnaire: Questionnaire, answers: dict) -> dict[str, tuple[int, int]]:
    """Per section: (questions answered, questions in it)."""
    return {
        s.id: (sum(1 for q in s.questions if answers.get(q.id, {}).get("value") is not None), len(s.questions))
        for s in questionnaire.sections
    }


@bp.route("/", methods=["GET", "POST"])
def start():
    """Start page: organisation, respondent name and role; creates a self-assessment."""
    form = StartForm()
    profile = ProfileForm(prefix="profile", meta={"csrf": False})
    if form.validate_on_submit() & profile.validate():
        questionnaire = _questionnaire(DEFAULT_QUESTIONNAIRE)
        respondent, token = store.create_self_assessment(
            get_db(), organisation=form.organisation.data.strip(), questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version, respondent_name=form.name.data.strip(),
            department=form.department.data, level=form.level.data, path=form.path.data,
        )
        if not profile.profile().empty:
            assessments.save_profile(access.context_of(store.load_assessment(get_db(), respondent.assessment_id)),
                                     profile.profile())
        flash("Your assessment is ready. Keep the private link below: it is the only way back to your answers.")
        return redirect(url_for(".overview", token=token))
    status = 422 if form.is_submitted() else 200
    questionnaire = _questionnaire(DEFAULT_QUESTIONNAIRE)
    return render_template(
        "start.html", form=form, profile=profile, questionnaire=questionnaire, quick=questionnaire.for_path("quick"),
        demo_link=_demo_link(), minutes=path_minutes(questionnaire),
    ), status


def _demo_link() -> str | None:
    """The demo's results path, when `flask demo` has loaded one on this instance."""
    path = Path(current_app.instance_path) / "demo-link.txt"
    return urlparse(path.read_text().strip()).path if path.exists() else None


@bp.get("/r/<token>/")
def overview(token: str):
    """The assessment's home: resume link, sections with progress, where to continue."""
    grant = _load(token)
    respondent, questionnaire = grant.respondent, grant.context.questionnaire
    answers = grant.context.own_answers(respondent.id)
    progress = _progress(questionnaire, answers)
    next_section = next((s for s in questionnaire.sections if progress[s.id][0] < progress[s.id][1]), None)
    context = grant.context
    # The team's figures are on screen and the session is open: a change waits for company (app/core/disclosure.py).
    team_showing = (grant.role == "participant" and context.groups_fixed and context.workshop is not None
                    and not context.workshop.closed_at)
    return render_template(
        "overview.html", respondent=respondent, questionnaire=questionnaire, progress=progress,
        team_showing=team_showing, floor=context.grouping.floor if team_showing else None,
        next_section=next_section, token=token, team_result=grant.role == "participant" and grant.may("results"),
        minutes_left=minutes(q for q in questionnaire.questions.values() if answers.get(q.id, {}).get("value") is None),
    )


@bp.route("/r/<token>/s/<section_id>", methods=["GET", "POST"])
def section(token: str, section_id: str):
    """One wizard page (a section, or a run of one-question sections); each answer is saved against the version
    the page loaded, so a stale tab shows a conflict instead of overwriting a newer answer."""
    grant = _load(token)
    index, page = _page_or_404(grant, section_id)
    saved = grant.context.own_answers(grant.respondent.id)
    if request.method == "GET":
        form = section_form(page.merged, saved)
        return _section_page(grant, token, index, page, form, saving.versions_of(page.merged, saved))
    form = section_form(page.merged, saved, formdata=request.form)
    valid = form.validate()
    settled = saving.resolution(request.form)
    keep_saved = settled[0] if settled and settled[1] == "saved" else None
    outcome = store.save_checked(get_db(), grant.respondent.id,
                                 posted_answers(form, page.merged, request.form, keep_saved=keep_saved))
    context = {"token": token}
    if saving.is_autosave():  # static/autosave.js saves each answer as it is given
        return saving.autosave_reply(page.merged, form, outcome, valid, context)
    if valid and not outcome.conflicts:
        if settled:
            saving.settled_message(settled[1])
            return redirect(url_for(".section", token=token, section_id=section_id))
        return redirect(_after(token, questionnaire_of(grant), index, back=bool(form.back.data)))
    saved = grant.context.own_answers(grant.respondent.id)
    typed = set(outcome.conflicts) | {name.removesuffix("__note") for name in form.errors}
    saving.show_stored(form, page.merged, saved, keep=typed)
    versions = saving.versions_of(page.merged, saved)
    conflicts = saving.conflict_entries(page.merged, outcome, form)
    return _section_page(grant, token, index, page, form, versions, conflicts=conflicts,
                         status=409 if conflicts else 422)


def resend_section(token: str, section_id: str):
    """The page again, filled with what a post carried whose session was lost: nothing was saved, the user resends."""
    grant = _load(token)
    index, page = _page_or_404(grant, section_id)
    form = section_form(page.merged, {}, formdata=request.form)
    return _section_page(grant, token, index, page, form, saving.posted_versions(page.merged, request.form),
                         resend=True, status=400)


def questionnaire_of(grant: access.Grant) -> Questionnaire:
    return grant.context.questionnaire


def _page_or_404(grant: access.Grant, section_id: str):
    found = page_of(grant.context.questionnaire, section_id)
    if found is None:
        abort(404)
    return found


def _section_page(grant, token, index, page, form, versions, conflicts=None, resend=False, status=200):
    """Render a wizard page with each question's version, any conflicts and, after a lost session, the resend notice."""
    questionnaire = grant.context.questionnaire
    progress = _progress(questionnaire, grant.context.own_answers(grant.respondent.id))
    return render_template(
        "section.html", respondent=grant.respondent, questionnaire=questionnaire, page=page, section=page.merged,
        form=form, index=index, page_count=len(pages(questionnaire)), progress=progress, token=token,
        radios=radio_html, minutes=minutes, versions=versions, conflicts=conflicts or {}, resend=resend,
    ), status


def _after(token: str, questionnaire: Questionnaire, index: int, back: bool) -> str:
    """The page before or after page `index`: the overview before the first, the review after the last."""
    shown = pages(questionnaire)
    if back:
        if index == 0:
            return url_for(".overview", token=token)
        return url_for(".section", token=token, section_id=shown[index - 1].id)
    if index + 1 < len(shown):
        return url_for(".section", token=token, section_id=shown[index + 1].id)
    return url_for(".review", token=token)


@bp.get("/r/<token>/review")
def review(token: str):
    """Before the results: every question with its chosen level, note, "don't know" or N/A, and a link to change it."""
    grant = _load(token)
    respondent, questionnaire = grant.respondent, grant.context.questionnaire
    answers = grant.context.own_answers(respondent.id)
    rows = [(s, [(q, answers.get(q.id) or {}) for q in s.questions]) for s in questionnaire.sections]
    missing = sum(1 for _, qs in rows for _, a in qs if a.get("value") is None)
    return render_template(
        "review.html", respondent=respondent, questionnaire=questionnaire, rows=rows, missing=missing, token=token,
        progress=_progress(questionnaire, answers), finish=FinishForm(), answer_text=answer_text,
    )


@bp.post("/r/<token>/finish")
def finish(token: str):
    """A workshop participant says they are done; the facilitator's dashboard shows it."""
    respondent = _load(token).respondent
    if not FinishForm().validate_on_submit():
        abort(400)
    store.mark_finished(get_db(), respondent.id)
    flash("Thank you: your answers are in. You can still change them from your private link until the session ends.")
    return redirect(url_for(".overview", token=token))


@bp.post("/r/<token>/new-round")
def new_round(token: str):
    """Start this organisation's next self-assessment round; the results then compare the two."""
    respondent = _load(token, "new_round").respondent
    if not FinishForm().validate_on_submit():
        abort(400)
    try:
        new_token = store.start_self_round(get_db(), respondent.assessment_id, respondent.name, respondent.role)
    except store.RoundAlreadyStarted:
        # A second click, or a second tab: the round that was started keeps its answers and its plan review.
        flash("The next round has already started, with its own private link (shown when it was started). "
              "Open it from that link; this one keeps showing this round.")
        return redirect(url_for(".results", token=token))
    flash("A new round has started. This is a new private link: keep it, the old one still opens the last round.")
    return redirect(url_for("plan.review", token=new_token))  # the round opens with the review of the last plan


@bp.post("/r/<token>/copy")
def copy_demo(token: str):
    """"Try it with your own copy": a private self-assessment with the demo's answers, opened at its own link."""
    grant = access.by_resume_token(token, "results", changes=False)  # copying reads the demo, never changes it
    if not grant.assessment.demo:
        abort(404)
    form = DemoCopyForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors or not form.errors:
            abort(400)
        flash(f"Your organisation: {form.organisation.errors[0]}")
        return redirect(url_for(".results", token=token))
    new_token = demo_store.copy_of_demo(get_db(), grant.assessment, grant.respondent.id,
                                        grant.respondent.name, grant.respondent.role, form.organisation.data)
    flash("This is your own copy of the demo: change any answer, the profile or the charter. "
          "Keep the private link below; it is the only way back to this copy.")
    return redirect(url_for(".overview", token=new_token))


@bp.get("/r/<token>/results")
def results(token: str):
    """The results page: the same report body that the PDF is made from."""
    grant = access.by_resume_token(token, "answer")
    if grant.role == "participant":
        # A participant's answers feed the team's view; the team result shows once the facilitator publishes it.
        if not grant.may("results"):
            return render_template("workshops/participant_results.html", respondent=grant.respondent, token=token)
        return render_template("workshops/published.html", respondent=grant.respondent, token=token,
                               report=grant.context.published_report,
                               still_open=bool(grant.context.workshop and not grant.context.workshop.closed_at))
    grant.require("results")
    return render_template(
        "results.html", respondent=grant.respondent, questionnaire=grant.context.questionnaire,
        report=grant.context.report, placed=access.shows_stage(grant), token=token, new_round=FinishForm(),
        next_round=grant.context.reviewed_in,
        mail_on=mail.configured(current_app.config),
        approval=grant.context.approval,
    )


@bp.get("/r/<token>/report.pdf")
def report_pdf(token: str):
    """The results as a PDF: the cached file, or a page that waits while it is rendered in the background."""
    grant = access.by_resume_token(token, "pdf")
    return downloads.report_pdf(grant.context, back_url=url_for(".results", token=token))


@bp.get("/method")
def method():
    """How scores, gates, the stool rule and the roadmap work, from the questionnaire's own data."""
    questionnaire = _questionnaire(DEFAULT_QUESTIONNAIRE)
    return render_template("method_page.html", method=reports.method_context(questionnaire),
                           section_titles={s.id: s.title for s in questionnaire.sections})
