"""Client commands: list clients, export everything of one, purge it; the audit log (extends the CLI, changes nothing)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app import store
from app.cli.common import database, emit, fail, write_json
from app.report.renders import remove_renders
from app.store import audit, clients

client_cli = AppGroup("client", help="Clients (organisations): list, export everything of one, purge it.")
CLI = audit.Actor("cli", None, "command line")



@client_cli.command("list")
def client_list_command() -> None:
    """Every client with its id, name, rounds and facilitator; prints {"clients": [...]}."""
    with database() as db:
        emit({"clients": clients.clients(db)})


@client_cli.command("export")
@click.argument("organisation_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write here instead of stdout.")
def client_export_command(organisation_id: int, out: Path | None) -> None:
    """Write everything stored about one client (every round, participant, answer, charter, file, audit entry) as JSON."""
    with database() as db:
        document = clients.export_client(db, organisation_id)
        if document is not None:
            audit.record(db, CLI, "exported", "organisation", organisation_id, organisation_id, "client export")
    if document is None:
        fail(f"no client with id {organisation_id} (see `flask --app wsgi client list`)")
    write_json(document, out)


@client_cli.command("purge")
@click.argument("organisation_id", type=int)
@click.option("--yes", is_flag=True, help="Confirm: delete every round and everything in it, for good.")
def client_purge_command(organisation_id: int, yes: bool) -> None:
    """Delete one client with every round, participant, answer, charter, link and cached file; prints what went."""
    if not yes:
        fail("purging deletes the client for good: export it first, then add --yes")
    with database() as db:
        if not db.execute("select 1 from organisations where id = ?", [organisation_id]).fetchone():
            fail(f"no client with id {organisation_id} (see `flask --app wsgi client list`)")
        audit.record(db, CLI, "deleted", "organisation", organisation_id, organisation_id, "client purge")
        ids = store.delete_organisation(db, organisation_id)
    remove_renders(current_app.instance_path, *ids)
    emit({"purged": organisation_id, "assessments": ids})


@click.command("audit")
@click.option("--client", "organisation_id", type=int, help="Only this client's entries.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@with_appcontext
def audit_command(organisation_id: int | None, limit: int) -> None:
    """Who viewed, exported or deleted what and when (never answers), newest first; prints {"entries": [...]}."""
    with database() as db:
        emit({"entries": audit.entries(db, organisation_id, limit)})
