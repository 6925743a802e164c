"""The plan page's owner links and CSV import (same mounts as the plan page)."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for

from app import plans
from app.core.plan_csv import parse_csv
from app.db import get_db
from app.store import plan as plan_store
from app.store import plan_links
from app.web.plan.forms import ImportForm, LinkForm
from app.web.plan.views import _frozen, _open, _page, bp, who


@bp.post("/plan/links")
def make_link(**link):
    """A private, expiring link for one owner to read and update their own actions; shown once, to copy."""
    grant = _open(link)
    form = LinkForm()
    if not form.validate_on_submit() or not form.owner_id.data.isdigit():
        abort(400)
    owner = next((o for o in plan_store.owners(get_db(), grant.assessment.id) if o.id == int(form.owner_id.data)), None)
    if owner is None:
        abort(404)
    token, expires = plan_links.create_link(get_db(), grant.assessment.id, owner.id, "actions", int(form.days.data))
    url = url_for("own.actions", token=token, _external=True)
    return _page(grant, link, new_link={"owner": owner.name, "url": url, "expires": expires})


@bp.post("/plan/import")
def import_csv(**link):
    """Read an edited plan CSV back: all rows are checked first, and any problem refuses the whole file, named."""
    grant = _open(link)
    if grant.context.reviewed_in:
        return _frozen(grant, link)
    form = ImportForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    raw = upload.read() if upload and getattr(upload, "filename", "") else b""
    if not raw:
        return _page(grant, link, 422, {"problems": ["Choose the CSV file to import."]})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _page(grant, link, 422, {"problems": ["The file is not UTF-8 text: save it from your spreadsheet as CSV UTF-8."]})
    rows, problems = parse_csv(text, {a.id for a in grant.context.plan}, set(grant.context.questionnaire.questions))
    if problems:
        return _page(grant, link, 422, {"problems": problems, "import": form})
    added, changed = plans.apply_csv(grant.context, rows, who(grant) + " by CSV import")
    flash(f"Imported: {added} action{'s' if added != 1 else ''} added, {changed} changed.")
    return redirect(url_for(".plan", **link) + "#actions")
