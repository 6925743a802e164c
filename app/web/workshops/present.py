"""The presenter: one question at a time on the projector, the room's answers counted as they arrive, their spread
after a reveal, the level the team agrees."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.http import quote_etag

from app import store
from app.access import facilitator_required
from app.core import answers
from app.db import get_db
from app.web.workshops.forms import agreement_form
from app.web.workshops.views import bp, mine, tagged, unchanged, version_tag


def _question(grant, question_id: str):
    question = grant.context.questionnaire.questions.get(question_id)
    if question is None:
        abort(404)
    return question


def _room_tag(grant, question_id: str, reveal: bool) -> str:
    return version_tag(grant, f"room-{question_id}-{int(reveal)}")


@bp.route("/workshops/<int:assessment_id>/present/<question_id>", methods=["GET", "POST"])
@facilitator_required
def present(assessment_id: int, question_id: str):
    """One question on the big screen: nothing chosen until the facilitator picks the level the room agrees."""
    grant = mine(assessment_id)
    context, question = grant.context, _question(grant, question_id)
    walk = context.team_snapshot.order
    position = walk.index(question_id)
    following = walk[position + 1] if position + 1 < len(walk) else None
    if request.method == "POST":
        form = agreement_form(question, None)  # what was chosen comes with the post
        if form.validate_on_submit():
            store.record_agreement(get_db(), assessment_id, question_id, answers.parse(form.value.data),
                                   form.rationale.data or "")
            flash(f"Recorded: {question.text}")
            return redirect(url_for(".present", assessment_id=assessment_id, question_id=following) if following
                            else url_for(".results", assessment_id=assessment_id))
    agreed = context.agreed.get(question_id)
    if request.method != "POST":
        # Only a level already recorded is shown as chosen: a pre-selected median would anchor the room.
        form = agreement_form(question, agreed["value"] if agreed else None)
        form.rationale.data = (agreed or {}).get("rationale") or ""
    reveal = request.args.get("reveal") == "1"
    return render_template(
        "workshops/present.html", workshop=grant.workshop, question=question, form=form, agreed=agreed,
        room=context.team_snapshot.room(question_id, reveal), fixed=context.team["fixed"], position=position,
        count=len(walk),
        flagged=question_id in {q["id"] for q in context.team_snapshot.flagged},
        settled=sum(1 for qid in walk if qid in context.agreed), following=following,
        previous=walk[position - 1] if position else None,
        live_url=url_for(".present_live", assessment_id=assessment_id, question_id=question_id,
                         reveal="1" if reveal else None), live_etag=quote_etag(_room_tag(grant, question_id, reveal)),
    ), 422 if form.errors else 200


@bp.get("/workshops/<int:assessment_id>/present/<question_id>/live")
@facilitator_required
def present_live(assessment_id: int, question_id: str):
    """How many answered one question and, once revealed, how: polled by static/present.js, 304 while nothing changed;
    computed from that question's answers alone, so it costs the same in a room of 20 or 200."""
    grant = mine(assessment_id)
    question = _question(grant, question_id)
    reveal = request.args.get("reveal") == "1"
    tag = _room_tag(grant, question_id, reveal)
    return unchanged(tag) or tagged(render_template(
        "workshops/_room.html", question=question, room=grant.context.room(question_id, reveal)), tag)


@bp.get("/workshops/<int:assessment_id>/present")
@facilitator_required
def present_start(assessment_id: int):
    """Start the walk-through at the widest-spread flagged question (or the first question)."""
    first = mine(assessment_id).context.team_snapshot.order[0]
    return redirect(url_for(".present", assessment_id=assessment_id, question_id=first))
