"""An action owner's own link (/o/<token>/): read and update only the actions they own, stop their reminders."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from app import access
from app.core.labels import LABELS
from app.core.plan import STATUSES
from app.db import get_db
from app.store import plan as plan_store
from app.store import plan_links
from app.web.plan.forms import OwnUpdateForm, PlainForm, fill
from app.web.plan.views import today

bp = Blueprint("own", __name__, url_prefix="/o")


def _grant(token: str, purpose: str = "actions"):
    return access.by_owner_token(token, today().isoformat(), purpose)


def _mine(grant: access.Grant) -> list:
    owner = grant.owner_link.owner
    return [a for a in grant.context.plan if a.owner and a.owner.id == owner.id]


def _page(grant, token: str, failed: dict | None = None, status: int = 200):
    mine, failed = _mine(grant), failed or {}
    forms = {a.id: failed.get(a.id) or fill(OwnUpdateForm(prefix=f"a{a.id}", formdata=None), a) for a in mine}
    _, off = plan_links.reminder_state(get_db(), grant.owner_link.owner.id)
    return render_template("plan/own.html", owner=grant.owner_link.owner, actions=mine, forms=forms, today=today(),
                           organisation=grant.assessment.organisation, round=grant.assessment.round,
                           expires=grant.owner_link.expires_at, token=token, reminders_off=off, plain=PlainForm(),
                           statuses=STATUSES, labels=LABELS), status


@bp.get("/<token>/")
def actions(token: str):
    """The owner's own actions in the plan, each with a form to update its status, note and evidence."""
    grant, closed = _grant(token)
    return closed or _page(grant, token)


@bp.post("/<token>/actions/<int:action_id>")
def update(token: str, action_id: int):
    """Update one of the owner's own actions; another owner's action is not found through this link."""
    grant, closed = _grant(token)
    if closed:
        return closed
    if all(a.id != action_id for a in _mine(grant)):
        abort(404)
    form = OwnUpdateForm(prefix=f"a{action_id}")
    if not form.validate_on_submit():
        return _page(grant, token, {action_id: form}, 422)
    changes = {key: (form.data[key] or "").strip() or None for key in ("status", "reason", "note", "evidence")}
    changed = plan_store.update(get_db(), grant.assessment.id, action_id, changes,
                                f"{grant.owner_link.owner.name} (own link)")
    flash(f"Saved: {', '.join(changed)} changed." if changed else "Nothing changed.")
    return redirect(url_for(".actions", token=token) + f"#action-{action_id}")


@bp.route("/<token>/reminders", methods=["GET", "POST"])
def reminders(token: str):
    """Stop the weekly reminder (a reminder email's opt-out link, or the owner's own link), or start it again."""
    grant, closed = _grant(token, "reminders")
    if closed:
        return closed
    return _reminders(grant, token)


@bp.post("/<token>/reminders/own")
def reminders_own(token: str):
    """The same switch from the owner's own page."""
    grant, closed = _grant(token)
    if closed:
        return closed
    return _reminders(grant, token, back=url_for(".actions", token=token))


def _reminders(grant, token: str, back: str | None = None):
    from flask import request

    owner = grant.owner_link.owner
    form = PlainForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        off = request.form.get("off") == "1"
        plan_links.set_reminders_off(get_db(), owner.id, off)
        flash("You will get no more reminder emails for this plan." if off else "Weekly reminders are on again.")
        return redirect(back or url_for(".reminders", token=token))
    _, off = plan_links.reminder_state(get_db(), owner.id)
    return render_template("plan/reminders.html", owner=owner, organisation=grant.assessment.organisation,
                           off=off, plain=form, token=token)
