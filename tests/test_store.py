"""Persistence: migrations, hashed tokens, one transaction per step."""
from __future__ import annotations

import sqlite3

import pytest
from factories import make

from app import store


@pytest.fixture
def db(tmp_path):
    db = store.connect(tmp_path / "s.db")
    store.migrate(db)
    yield db
    db.close()


def test_tokens_are_long_random_and_stored_only_as_a_hash(db):
    respondent, token = make(db)
    assert len(token) >= 43 and token != make(db)[1]
    stored = [row["token_hash"] for row in db["respondents"].rows]
    assert token not in stored and store.token_hash(token) in stored
    assert store.respondent_by_token(db, token) == respondent
    assert store.respondent_by_token(db, token + "x") is None
    assert store.respondent_by_token(db, "") is None


def test_assessment_keeps_questionnaire_id_and_version(db):
    respondent, _ = make(db)
    row = db["assessments"].get(respondent.assessment_id)
    assert (row["questionnaire_id"], row["questionnaire_version"], row["mode"]) == ("cs-maturity", "1.0", "self")


def test_answers_are_keyed_by_respondent_and_question_and_upserted(db):
    respondent, _ = make(db)
    store.save_answers(db, respondent.id, {"a": (1, "first"), "b": ("na", "")})
    store.save_answers(db, respondent.id, {"a": (3, "")})
    assert store.load_answers(db, respondent.id) == {"a": {"value": 3, "note": None, "version": 2},
                                                     "b": {"value": "na", "note": None, "version": 1}}
    assert db["answers"].count == 2


def test_a_failing_step_writes_nothing(db):
    respondent, _ = make(db)
    store.save_answers(db, respondent.id, {"a": (1, "")})
    with pytest.raises(sqlite3.IntegrityError):
        # the second row points at a respondent that does not exist: the whole step rolls back
        store.save_answers(db, 999, {"a": (4, ""), "b": (4, "")})
    assert store.load_answers(db, respondent.id) == {"a": {"value": 1, "note": None, "version": 1}}
    assert db["answers"].count == 1


def test_migrations_apply_once_and_in_order(db):
    from app.store.migrations import migrations

    store.migrate(db)
    applied = [row[0] for row in db.execute("select name from _sqlite_migrations order by rowid").fetchall()]
    assert applied == [m.name for m in migrations.pending(store.connect(":memory:"))]
    assert applied[0] == "0001_initial" and len(applied) == len(set(applied))


def test_a_request_that_fails_mid_write_leaves_no_lock_and_no_partial_write(tmp_path):
    """Worker threads keep their connection between requests: a failed request must not leave its
    transaction open (that would hold the write lock and block every other worker)."""
    from flask import abort

    from app import create_app
    from app.db import get_db

    database = tmp_path / "app.db"
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(database), "INSTANCE_PATH": str(tmp_path)})

    @app.get("/fail-mid-write")
    def fail_mid_write():
        get_db().execute("BEGIN IMMEDIATE")
        get_db().execute("insert into organisations (name, created_at) values ('half-written', 'now')")
        abort(400)

    @app.get("/count")
    def count():
        return str(get_db().execute("select count(*) from organisations").fetchone()[0])

    client = app.test_client()
    assert client.get("/fail-mid-write").status_code == 400
    other = sqlite3.connect(database, timeout=0)  # another worker: would fail at once if the lock were held
    other.execute("BEGIN IMMEDIATE")
    other.execute("insert into organisations (name, created_at) values ('other worker', 'now')")
    other.commit()
    other.close()
    assert client.get("/count").get_data(as_text=True) == "1"  # the other worker's row, not the half-written one
