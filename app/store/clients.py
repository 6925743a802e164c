"""A client (an organisation) as a whole: who runs it, everything stored about it as one export (no Flask).

The export walks the same foreign keys as deletion (app/store/deletion.py), so whatever a purge would
delete, the export holds first: every row of every table that refers to the client, secrets left out
(token and password hashes), files as base64; plus each round as an `import`-able exchange document
and the client's audit log.
"""
from __future__ import annotations

import base64
import json

from sqlite_utils import Database

from app.store.audit import entries
from app.store.core import now
from app.store.deletion import references
from app.store.exchange import export_assessment

FORMAT = "csmaturity.client"
FORMAT_VERSION = 1
SECRET_COLUMNS = {"token_hash", "password_hash", "join_token_hash"}
_IN = "in (select value from json_each(?))"


def client_of(db: Database, facilitator_id: int, organisation_id: int) -> dict | None:
    """The organisation if this facilitator runs it (its own client, or one of its workshops), else None."""
    row = db.execute("select o.id, o.name, o.created_at from organisations o where o.id = ? and (o.facilitator_id = ? "
                     "or exists (select 1 from assessments a join workshops w on w.assessment_id = a.id "
                     "where a.organisation_id = o.id and w.facilitator_id = ?))",
                     [organisation_id, facilitator_id, facilitator_id]).fetchone()
    return dict(zip(("id", "name", "created_at"), row)) if row else None


def clients(db: Database) -> list[dict]:
    """Every organisation with its rounds and the facilitator who runs it (none for a self-assessment)."""
    rows = db.execute("select o.id, o.name, o.created_at, f.email, (select count(*) from assessments a "
                      "where a.organisation_id = o.id) from organisations o left join facilitators f "
                      "on f.id = o.facilitator_id order by o.id").fetchall()
    return [dict(zip(("id", "name", "created_at", "facilitator", "assessments"), row)) for row in rows]


def _plain(value):
    return base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value


def _collect(db: Database, refs: dict, table: str, column: str, values: list, out: dict) -> None:
    """Every row of `table` whose `column` is in `values`, and every row that refers to them."""
    if not values:
        return
    cursor = db.execute(f"select * from {table} where {column} {_IN}", [json.dumps(values)])
    names = [d[0] for d in cursor.description]
    rows = [{k: _plain(v) for k, v in zip(names, row) if k not in SECRET_COLUMNS} for row in cursor.fetchall()]
    out.setdefault(table, []).extend(rows)
    for child, child_column, referred, action in refs.get(table, ()):
        if action == "delete":
            keys = [row[0] for row in db.execute(f"select {referred} from {table} where {column} {_IN}",
                                                 [json.dumps(values)]).fetchall()]
            _collect(db, refs, child, child_column, keys, out)


def export_client(db: Database, organisation_id: int) -> dict | None:
    """Everything stored about one client, as one JSON-ready document; None for an unknown organisation."""
    if not db.execute("select 1 from organisations where id = ?", [organisation_id]).fetchone():
        return None
    tables: dict[str, list[dict]] = {}
    _collect(db, references(db), "organisations", "id", [organisation_id], tables)
    ids = [row["id"] for row in tables.get("assessments", [])]
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": now(),
            "organisation": tables["organisations"][0],
            "rounds": [export_assessment(db, assessment_id) for assessment_id in ids],
            "tables": tables, "audit_log": entries(db, organisation_id, limit=100_000)}
