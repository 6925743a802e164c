"""Deletion that deletes: every row that refers to what goes, found by walking the schema's foreign keys (no Flask).

No list of dependent tables to keep up to date: a table added by a later migration with a foreign key
is found by the walk (tests/test_deletion.py fills every such table and checks nothing is left).
Columns added with ALTER TABLE cannot declare a foreign key; those few are named in SOFT_REFERENCES.
The audit log has no foreign keys on purpose: the record of a deletion outlives what it deleted.
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from app.store.core import writing

# (table, column) -> (the table it refers to, what happens to the row when that one goes)
SOFT_REFERENCES = {
    ("invites", "respondent_id"): ("respondents", "id", "unlink"),  # the invitation list stays; the person goes
    ("assessments", "previous_id"): ("assessments", "id", "unlink"),  # a later round stays, without its comparison
}
_IN = "in (select value from json_each(?))"


def references(db: Database) -> dict[str, list[tuple[str, str, str, str]]]:
    """{table: [(referring table, its column, the referred column, "delete" | "unlink")]} for the whole schema."""
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for name in db.table_names():
        for fk in db[name].foreign_keys:
            out.setdefault(fk.other_table, []).append((fk.table, fk.column, fk.other_column, "delete"))
    for (table, column), (other, other_column, action) in SOFT_REFERENCES.items():
        if db[table].exists() and column in db[table].columns_dict:
            out.setdefault(other, []).append((table, column, other_column, action))
    return out


def _delete(db: Database, refs: dict, table: str, column: str, values: list) -> None:
    """Delete the rows of `table` whose `column` is one of `values`, and first every row that refers to them."""
    if not values:
        return
    for child, child_column, referred, action in refs.get(table, ()):
        keys = [row[0] for row in db.execute(f"select {referred} from {table} where {column} {_IN}",
                                             [json.dumps(values)]).fetchall()]
        if action == "delete":
            _delete(db, refs, child, child_column, keys)
        elif keys:
            db.execute(f"update {child} set {child_column} = null where {child_column} {_IN}", [json.dumps(keys)])
    db.execute(f"delete from {table} where {column} {_IN}", [json.dumps(values)])


def delete_rows(db: Database, table: str, column: str, values: list) -> None:
    """Delete rows and everything that refers to them, in one transaction."""
    with writing(db):
        _delete(db, references(db), table, column, list(values))


def delete_assessment(db: Database, assessment_id: int) -> list[int]:
    """An assessment with everything that refers to it; its organisation too when no other round is left.
    Returns the deleted assessment ids (their files go with app.report.renders.remove_renders)."""
    with writing(db):
        row = db.execute("select organisation_id from assessments where id = ?", [assessment_id]).fetchone()
        if row is None:
            return []
        refs = references(db)
        _delete(db, refs, "assessments", "id", [assessment_id])
        if not db.execute("select 1 from assessments where organisation_id = ?", [row[0]]).fetchone():
            _delete(db, refs, "organisations", "id", [row[0]])
    return [assessment_id]


def delete_organisation(db: Database, organisation_id: int) -> list[int]:
    """A client: the organisation with every round, respondent, answer and everything hanging off them."""
    with writing(db):
        ids = [row[0] for row in db.execute("select id from assessments where organisation_id = ?",
                                            [organisation_id]).fetchall()]
        _delete(db, references(db), "organisations", "id", [organisation_id])
    return ids


def delete_participant(db: Database, assessment_id: int, respondent_id: int) -> bool:
    """One participant and every row that refers to them; False when they are not in this assessment."""
    with writing(db):
        if not db.execute("select 1 from respondents where id = ? and assessment_id = ?",
                          [respondent_id, assessment_id]).fetchone():
            return False
        _delete(db, references(db), "respondents", "id", [respondent_id])
    return True


def delete_facilitator(db: Database, facilitator_id: int) -> list[int]:
    """A facilitator's account with every client and workshop they run, their sign-in records and reset links;
    their email is blanked in the audit log. Returns the deleted assessment ids."""
    with writing(db):
        found = db.execute("select email from facilitators where id = ?", [facilitator_id]).fetchone()
        if found is None:
            return []
        refs = references(db)
        ids = [row[0] for row in db.execute(
            "select a.id from assessments a join organisations o on o.id = a.organisation_id "
            "where o.facilitator_id = ? or a.id in (select assessment_id from workshops where facilitator_id = ?)",
            [facilitator_id, facilitator_id]).fetchall()]
        orgs = [row[0] for row in db.execute("select id from organisations where facilitator_id = ? or id in (select "
                                             f"organisation_id from assessments where id {_IN})",
                                             [facilitator_id, json.dumps(ids)]).fetchall()]
        _delete(db, refs, "organisations", "id", orgs)
        _delete(db, refs, "facilitators", "id", [facilitator_id])
        db.execute("delete from sign_in_attempts where key = ?", [found[0]])
        db.execute("update audit_log set actor = 'deleted facilitator' where actor_kind = 'facilitator' and actor_id = ?",
                   [facilitator_id])
    return ids
