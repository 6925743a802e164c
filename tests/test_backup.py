"""`flask --app wsgi backup FILE` finishes under write load and verifies its copy; the restore procedure works."""
from __future__ import annotations

import contextlib
import json
import logging
import shutil
import sqlite3
import stat
import threading

from app import store
from app.core import demo


def new_respondent(app, questionnaire):
    db = store.connect(app.config["DATABASE"])
    try:
        respondent, _ = store.create_self_assessment(
            db, organisation="Acme", questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
            respondent_name="Ada", role="executive")
        return respondent
    finally:
        db.close()


def test_backup_under_a_concurrent_writer_is_complete_and_verified(app, runner, questionnaire, tmp_path):
    respondent = new_respondent(app, questionnaire)
    answers = list(demo.demo_answers(questionnaire).items())
    stop, saved = threading.Event(), []

    def writer():
        db = store.connect(app.config["DATABASE"])
        try:
            while not stop.is_set():
                qid, answer = answers[len(saved) % len(answers)]
                store.save_answers(db, respondent.id, {qid: answer})
                saved.append(qid)
        finally:
            db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(saved) < 50:
            threading.Event().wait(0.01)
        target = tmp_path / "backup.db"
        result = runner.invoke(args=["backup", str(target)])
        saved_before_end = len(saved)
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report == {"backup": str(target), "bytes": target.stat().st_size, "integrity": "ok"}
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    copy = store.connect(target)
    try:
        assert copy["answers"].count >= min(saved_before_end, len(answers)) // 2 > 0
    finally:
        copy.close()


def test_backup_never_overwrites_a_file(runner, tmp_path):
    target = tmp_path / "exists.db"
    target.write_text("precious")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 2 and "exists already" in result.output
    assert target.read_text() == "precious"


def test_restore_procedure_brings_the_answers_back(app, runner, questionnaire, tmp_path):
    """README: stop the app, copy the backup over the database file (removing -wal and -shm), run init-db."""
    respondent = new_respondent(app, questionnaire)
    db = store.connect(app.config["DATABASE"])
    store.save_answers(db, respondent.id, dict(list(demo.demo_answers(questionnaire).items())[:5]))
    db.close()
    backup = tmp_path / "b.db"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    db = store.connect(app.config["DATABASE"])
    db.execute("delete from answers")
    db.conn.commit()
    db.close()
    database = app.config["DATABASE"]
    for suffix in ("-wal", "-shm"):
        shutil.rmtree(database + suffix, ignore_errors=True)
        (tmp_path / ("test.db" + suffix)).unlink(missing_ok=True)
    shutil.copyfile(backup, database)
    assert runner.invoke(args=["init-db"]).exit_code == 0
    db = store.connect(database)
    try:
        assert len(store.load_answers(db, respondent.id)) == 5
    finally:
        db.close()


def test_new_database_files_are_owner_only(tmp_path):
    path = tmp_path / "fresh.db"
    db = store.connect(path)
    store.migrate(db)
    store.save_answers  # noqa: B018
    db.close()
    for name in ("fresh.db", "fresh.db-wal", "fresh.db-shm"):
        if (tmp_path / name).exists():
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


def test_a_damaged_database_is_logged_at_start_up_naming_the_file(tmp_path, caplog):
    path = tmp_path / "damaged.db"
    db = store.connect(path)
    store.migrate(db)
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data), page):  # scribble over every page header but the schema's
        data[start:start + 12] = b"\x0d\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.ERROR, logger="app.store"), contextlib.suppress(sqlite3.DatabaseError):
        db = store.connect(path)
        store.migrate(db)
        db.close()
    assert any(str(path) in record.getMessage() and "damaged" in record.getMessage() for record in caplog.records)
