"""Deletion that deletes: every row that refers to what goes, found from the schema; files too; the audit log keeps it."""
from __future__ import annotations

import itertools
import re

import pytest
from factories import answer_the_rest, csrf_token, facilitator_client, fix_groups, soup, start_assessment, who

from app import store
from app.store import audit, branding, deletion

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# Columns that name another table's row without a declared foreign key, each on purpose.
UNDECLARED = {
    ("audit_log", "actor_id"), ("audit_log", "subject_id"), ("audit_log", "organisation_id"),  # outlives what it names
    ("organisations", "facilitator_id"),  # delete_facilitator takes the facilitator's clients with it
    ("anonymity_releases", "members"),  # member keys, not ids: a removed person must still count
}
_serial = itertools.count(1)


def _db(app):
    from app.db import get_db

    return get_db()


def _branded_workshop(app, host, organisation="Initech") -> int:
    """A workshop with everything a real one gathers: branding, participants, answers, agreed levels, charter,
    profile, share link, invitations, released figures."""
    response = host.post("/facilitator/", data={"csrf_token": csrf_token(host, "/facilitator/"),
                                                "organisation": organisation, "path": "quick"})
    wid = int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))
    base = f"/facilitator/workshops/{wid}/"
    code = soup(host.get(base)).select_one(".join-code").get_text()
    for name in ("Ada", "Bo", "Cy"):
        phone = app.test_client()
        joined = phone.post(f"/w/{code}", data={"csrf_token": csrf_token(phone, f"/w/{code}"), "name": name, **who()})
        answer_the_rest(app, re.match(r"/r/([^/]+)/", joined.headers["Location"]).group(1))
    fix_groups(host, wid)
    host.get(base + "distributions.csv")  # figures shown: the anonymity ledger has rows
    host.post(base + "invitations", data={"csrf_token": csrf_token(host, base + "manage"),
                                          "addresses": "cfo@initech.example"})
    with app.app_context():
        db = _db(app)
        branding.save_branding(db, wid, "#1d4ed8", "Prepared by Ann Consulting", (PNG, "image/png"))
        store.record_agreement(db, wid, "charter-written", 2, "Signed, not shared")
        store.save_charter_section(db, wid, "vision", "Customers who grow with us")
        store.create_share_link(db, wid, "2099-01-01", "board")
    return wid


def _value(column_type, column: str):
    if column_type is int:
        return next(_serial)
    if column_type is float:
        return 1.0
    if column_type is bytes:
        return b"x"
    return f"synthetic-{column}-{next(_serial)}"


def _fill_every_table_with_a_foreign_key(db, assessment_id: int) -> set[str]:
    """One more row in every table that has a foreign key, pointing (through its parents) at this assessment:
    a table added by a later migration is filled here without anyone listing it."""
    refs = {t: db[t].foreign_keys for t in db.table_names()}
    owners = {"assessments": assessment_id,
              "respondents": db.execute("select id from respondents where assessment_id = ?", [assessment_id]).fetchone()[0],
              "organisations": db.execute("select organisation_id from assessments where id = ?", [assessment_id]).fetchone()[0],
              "facilitators": db.execute("select facilitator_id from workshops where assessment_id = ?", [assessment_id]).fetchone()[0]}
    filled: set[str] = set()
    waiting = [t for t, fks in refs.items() if fks and t != "assessments"]
    while waiting:  # parents first: a table whose foreign keys all reach a filled row is filled next
        ready = [t for t in waiting if all(fk.other_table in owners for fk in refs[t])]
        assert ready, f"{waiting} refer to tables this test cannot reach: add them to `owners`"
        for table in ready:
            pointing = {fk.column: owners[fk.other_table] for fk in refs[table]}
            row = {name: _value(kind, name) for name, kind in db[table].columns_dict.items()
                   if name not in pointing and not (name == "id" and db[table].pks == ["id"])}
            inserted = db[table].insert({**row, **pointing}, alter=False, ignore=True)  # one-row-per-owner tables
            if db[table].pks == ["id"] and inserted.last_pk is not None:
                owners.setdefault(table, inserted.last_pk)
            filled.add(table)
            waiting.remove(table)
    db.conn.commit()
    return filled


def _left(db, wid: int, respondent_ids: list[int], organisation_id: int) -> dict[str, int]:
    """Rows anywhere that still name the deleted assessment, its respondents or its organisation."""
    found = {}
    for table in db.table_names():
        columns = db[table].columns_dict
        checks = [(c, [wid]) for c in ("assessment_id",) if c in columns]
        checks += [(c, respondent_ids) for c in ("respondent_id",) if c in columns]
        checks += [(c, [organisation_id]) for c in ("organisation_id",) if c in columns and table != "audit_log"]
        if table == "assessments":
            checks = [("id", [wid]), ("previous_id", [wid])]
        if table == "respondents":
            checks.append(("id", respondent_ids))
        if table == "organisations":
            checks = [("id", [organisation_id])]
        for column, values in checks:
            marks = ",".join("?" * len(values))
            count = db.execute(f"select count(*) from {table} where {column} in ({marks})", values).fetchone()[0]
            if count:
                found[f"{table}.{column}"] = count
    return found


def test_every_table_that_names_a_row_declares_a_foreign_key_or_says_why(app):
    with app.app_context():
        db = _db(app)
        tables = set(db.table_names())
        for table in tables:
            declared = {fk.column for fk in db[table].foreign_keys}
            soft = {column for (t, column) in deletion.SOFT_REFERENCES if t == table}
            for column in db[table].columns_dict:
                names_a_row = column.endswith("_id") and column != "question_id" and column != "section_id" \
                    and column != "metric_id" and column != "questionnaire_id"
                if names_a_row and column not in declared | soft and (table, column) not in UNDECLARED:
                    pytest.fail(f"{table}.{column} names a row without a foreign key: declare one, or add it to "
                                "deletion.SOFT_REFERENCES, so deleting finds it")


def test_a_branded_workshop_deletes_and_leaves_no_row_in_any_table(app):
    host = facilitator_client(app, name="Ann")
    wid = _branded_workshop(app, host)
    with app.app_context():
        db = _db(app)
        organisation_id = store.load_assessment(db, wid).organisation_id
        respondent_ids = store.respondent_ids(db, wid)
        filled = _fill_every_table_with_a_foreign_key(db, wid)
        assert {"branding", "answers", "anonymity_releases", "invites", "share_links", "agreed_answers"} <= filled
        assert _left(db, wid, respondent_ids, organisation_id)  # there is plenty to delete
    renders = app.instance_path + f"/renders/{wid}"
    import os

    os.makedirs(renders, exist_ok=True)
    open(renders + "/report.pdf", "wb").write(b"%PDF cached")
    base = f"/facilitator/workshops/{wid}/"
    done = host.post(base + "delete", data={"csrf_token": csrf_token(host, base + "delete"), "confirm": "y"})
    assert done.status_code == 302  # a branded workshop used to answer 500 here
    with app.app_context():
        db = _db(app)
        assert _left(db, wid, respondent_ids, organisation_id) == {}
        assert db.execute("pragma foreign_key_check").fetchall() == []
        entry = audit.entries(db, organisation_id)[0]
        assert (entry["action"], entry["subject_kind"], entry["subject_id"], entry["actor"]) == (
            "deleted", "workshop", wid, "ann@consult.example")
    assert not os.path.exists(renders)


def test_removing_a_participant_removes_every_row_that_names_them(app):
    host = facilitator_client(app, name="Ann")
    wid = _branded_workshop(app, host)
    with app.app_context():
        db = _db(app)
        gone = store.respondent_ids(db, wid)[0]
        db.execute("update invites set respondent_id = ?, used_at = 'x' where assessment_id = ?", [gone, wid])
        db.conn.commit()
    page = soup(host.get(f"/facilitator/workshops/{wid}/manage"))
    form = page.select(".people li form")[0]
    assert host.post(form["action"], data={"csrf_token": form.input["value"]}).status_code == 302
    with app.app_context():
        db = _db(app)
        for table in db.table_names():
            if "respondent_id" in db[table].columns_dict:
                assert not db.execute(f"select 1 from {table} where respondent_id = ?", [gone]).fetchone(), table
        assert not db.execute("select 1 from respondents where id = ?", [gone]).fetchone()
        assert db.execute("select count(*) from invites where assessment_id = ?", [wid]).fetchone()[0] == 1  # kept
        assert audit.entries(db)[0]["subject_kind"] == "participant"


def test_an_owner_deletes_their_self_assessment(app, client, questionnaire):
    token = start_assessment(client)
    answer_the_rest(app, token)
    with app.app_context():
        respondent = store.respondent_by_token(_db(app), token)
        branding.save_branding(_db(app), respondent.assessment_id, None, "Me")
    url = f"/r/{token}/delete"
    assert client.post(url, data={"csrf_token": csrf_token(client, url)}).status_code == 422  # not confirmed
    assert client.post(url, data={"csrf_token": csrf_token(client, url), "confirm": "y"}).status_code == 302
    assert client.get(f"/r/{token}/").status_code == 404
    with app.app_context():
        db = _db(app)
        assert _left(db, respondent.assessment_id, [respondent.id], respondent.organisation_id) == {}
        assert audit.entries(db)[0]["actor_kind"] == "owner"


def test_deleting_a_facilitator_deletes_their_clients_and_blanks_their_email_in_the_log(app, runner):
    host = facilitator_client(app, name="Ann")
    wid = _branded_workshop(app, host)
    other = facilitator_client(app, "bob@consult.example", "Ann")
    kept = _branded_workshop(app, other, organisation="Globex")
    result = runner.invoke(args=["facilitator", "delete", "ann@consult.example"])
    assert result.exit_code == 2 and "--yes" in result.output  # asks for confirmation
    result = runner.invoke(args=["facilitator", "delete", "ann@consult.example", "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db = _db(app)
        assert store.facilitator_by_email(db, "ann@consult.example") is None
        assert store.load_assessment(db, wid) is None and store.load_assessment(db, kept) is not None
        assert "ann@consult.example" not in str(audit.entries(db))
        assert not db.execute("select 1 from sign_in_attempts where key = 'ann@consult.example'").fetchone()
