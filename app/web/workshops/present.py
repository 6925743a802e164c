"""The presenter: one question at a time on the projector, its spread after a reveal, the level the team agrees."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from app import store
from app.access import facilitator_required
from app.core import answers
from app.db import get_db
from app.web.workshops.forms import agreement_form
from app.web.workshops.views import bp, live_context, mine


def order(questionnaire, live: dict) -> list[str]:
    """Presenter order: flagged questions, widest spread first, then all the others in questionnaire order."""
    first = [q["id"] for q in live["flagged"]]
    return first + [qid for qid in questionnaire.questions if qid not in first]


def median_text(median: float | None) -> str | None:
    """A median in words: "level 2", or "between 2 and 3" when it falls between two levels."""
    if median is None:
        return None
    if median != int(median):
        return f"between {int(median)} and {int(median) + 1}"
    return f"level {int(median)}"


@bp.route("/workshops/<int:assessment_id>/present/<question_id>", methods=["GET", "POST"])
@facilitator_required
def present(assessment_id: int, question_id: str):
    """One question on the big screen: nothing chosen until the facilitator picks the level the room agrees."""
    grant = mine(assessment_id)
    workshop, questionnaire = grant.workshop, grant.context.questionnaire
    question = questionnaire.questions.get(question_id)
    if question is None:
        abort(404)
    live = live_context(grant)
    agreed = live["agreed"].get(question_id)
    # Only a level already recorded is shown as chosen: a pre-selected median would anchor the room.
    form = agreement_form(question, agreed["value"] if agreed else None)
    walk = order(questionnaire, live)
    position = walk.index(question_id)
    following = walk[position + 1] if position + 1 < len(walk) else None
    if form.validate_on_submit():
        store.record_agreement(get_db(), workshop.assessment_id, question_id, answers.parse(form.value.data),
                               form.rationale.data or "")
        flash(f"Recorded: {question.text}")
        target = url_for(".present", assessment_id=assessment_id, question_id=following) if following else \
            url_for(".results", assessment_id=assessment_id)
        return redirect(target)
    if agreed and not form.is_submitted():
        form.rationale.data = agreed["rationale"] or ""
    row = next(q for q in live["view"]["questions"] if q["id"] == question_id)
    return render_template(
        "workshops/present.html", workshop=workshop, question=question, form=form, agreed=agreed, row=row,
        chart=live["view"]["charts"]["questions"][question_id], legend=live["view"]["charts"]["legend"],
        floor=live["view"]["floor"], fixed=live["view"]["fixed"],
        median=median_text(live["medians"][question_id]) if row["total"] else None,
        reveal=request.args.get("reveal") == "1", position=position, count=len(walk),
        flagged=question_id in {q["id"] for q in live["flagged"]}, settled=live["settled"], following=following,
        previous=walk[position - 1] if position else None,
    ), 422 if form.errors else 200


@bp.get("/workshops/<int:assessment_id>/present")
@facilitator_required
def present_start(assessment_id: int):
    """Start the walk-through at the widest-spread flagged question (or the first question)."""
    grant = mine(assessment_id)
    first = order(grant.context.questionnaire, live_context(grant))[0]
    return redirect(url_for(".present", assessment_id=assessment_id, question_id=first))
