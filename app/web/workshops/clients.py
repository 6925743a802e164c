"""A facilitator's client as a whole: export everything stored about it, then purge it (web; the CLI has `client`)."""
from __future__ import annotations

import json

from flask import Response, current_app, flash, redirect, render_template, url_for

from app import access, store
from app.access import facilitator_required
from app.db import get_db
from app.report.context import filename
from app.report.renders import remove_renders
from app.store import audit, clients
from app.web.workshops.forms import PurgeForm
from app.web.workshops.views import bp


@bp.get("/clients/<int:organisation_id>/export.json")
@facilitator_required
def client_export(organisation_id: int):
    """Everything stored about one client (every round, participant, answer, charter, file and log entry) as JSON."""
    facilitator, client = access.by_client(organisation_id)
    document = clients.export_client(get_db(), organisation_id)
    audit.record(get_db(), access.actor(), "exported", "organisation", organisation_id, organisation_id,
                 "everything of the client (JSON)")
    name = filename(client["name"], "json").replace("cs-maturity-", "cs-maturity-client-")
    return Response(json.dumps(document, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/clients/<int:organisation_id>/purge", methods=["GET", "POST"])
@facilitator_required
def client_purge(organisation_id: int):
    """Delete everything of one client, every round included, once the facilitator confirms."""
    facilitator, client = access.by_client(organisation_id)
    form = PurgeForm()
    if form.validate_on_submit():
        audit.record(get_db(), access.actor(), "deleted", "organisation", organisation_id, organisation_id,
                     "purged the client and every round")
        remove_renders(current_app.instance_path, *store.delete_organisation(get_db(), organisation_id))
        flash(f"Everything of {client['name']} is deleted: every round, participant, answer, charter and link.")
        return redirect(url_for(".home"))
    rounds = [r for r in store.rounds_of(get_db(), organisation_id)]
    return render_template("workshops/purge.html", client=client, rounds=rounds, form=form), 422 if form.errors else 200
