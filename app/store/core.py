"""Organisations, assessments, respondents and answers (no Flask)."""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from app.core import answers, people
from app.store import migrations

Answer = int | str  # a level value, "na" or "unknown"
# Deleting walks the schema's foreign keys (app/store/deletion.py): there is no list of tables to keep up to date.


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_token() -> str:
    """An unguessable token for resume, invite and share links."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Only this hash is stored, so a leaked database does not leak working links."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


log = logging.getLogger("app.store")


def _create_private(path: str | Path) -> None:
    """Create a missing database file readable by its owner only; SQLite gives -wal and -shm the same mode."""
    if str(path) in ("", ":memory:") or str(path).startswith("file:"):
        return
    with contextlib.suppress(FileExistsError):  # an existing file keeps its mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def connect(path: str | Path) -> Database:
    """Open the database with WAL, a busy timeout and foreign keys on (a new file is created owner-only)."""
    _create_private(path)
    # No sqlite-utils plugins and no recursive-triggers pragma: fewer statements on every request.
    db = Database(path, execute_plugins=False, recursive_triggers=False)
    try:
        db.conn.execute("PRAGMA busy_timeout = 5000")
        db.conn.execute("PRAGMA foreign_keys = ON")
        db.conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable across a killed process, faster commits
        db.conn.execute("PRAGMA secure_delete = ON")  # deleted rows are overwritten, not left in free pages
    except sqlite3.DatabaseError as exc:  # say which file and why, loudly, before giving up
        from app.store.startup import explain

        log.error("%s", explain(path, exc) or f"database {path} cannot be opened: {exc}")
        raise
    return db


@contextmanager
def writing(db: Database):
    """A write transaction that takes the write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads first and then writes fails at once with "database is
    locked" when another connection wrote in between; taking the lock first makes it wait for
    the busy timeout instead.
    """
    if db.conn.in_transaction:  # nested: join the transaction already open
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")


def migrate(db: Database) -> None:
    """Apply pending schema migrations, holding the write lock so that workers starting together take turns.

    WAL mode is set here once: it is a property of the database file, not of each connection.
    """
    if str(db.conn.execute("pragma database_list").fetchone()[2]):  # a file, not :memory:
        if db.journal_mode != "wal":
            db.enable_wal()
        check_integrity(db)
    if not migrations.migrations.pending(db):
        return
    with writing(db):
        migrations.apply(db)


def check_integrity(db: Database) -> str:
    """PRAGMA quick_check at start-up; anything but "ok" is logged as an error naming the file, and returned."""
    path = db.conn.execute("pragma database_list").fetchone()[2]
    try:
        rows = [row[0] for row in db.conn.execute("pragma quick_check(20)").fetchall()]
    except Exception as exc:  # a damaged file can fail the check itself  # noqa: BLE001
        rows = [f"{type(exc).__name__}: {exc}"]
    result = "; ".join(rows)
    if result != "ok":
        log.error("database %s may be damaged: it failed its integrity check (restore it from a backup): %s", path, result)
    return result


def backup_to(db: Database, target: str | Path) -> dict:
    """Copy the live database with VACUUM INTO (it finishes under write load), owner-only, then verify the copy."""
    _create_private(target)  # VACUUM INTO needs an absent or empty file: this one is empty, with mode 0600
    db.conn.execute("vacuum into ?", [str(target)])
    copy = Database(target)
    try:
        integrity = "; ".join(row[0] for row in copy.conn.execute("pragma integrity_check").fetchall())
    finally:
        copy.close()
    return {"backup": str(target), "bytes": Path(target).stat().st_size, "integrity": integrity}


def who(role: str | None, department: str | None, level: str | None) -> tuple[str | None, str | None, str]:
    """(department, level, role) to store: the two given, else read from a pre-0.6 role; the role kept for old readers."""
    if department is None and level is None and role is not None:
        member = people.from_role(role)
        department, level = member.department, member.level
    return department, level, role or people.legacy_role(department, level)


@dataclass(frozen=True)
class Respondent:
    id: int
    name: str
    role: str
    assessment_id: int
    questionnaire_id: str
    questionnaire_version: str
    path: str
    organisation_id: int
    organisation: str
    created_at: str
    mode: str = "self"  # "self" (a workshop of one) or "workshop"
    department: str | None = None
    level: str | None = None


def create_self_assessment(
    db: Database, *, organisation: str, questionnaire_id: str, questionnaire_version: str,
    respondent_name: str, role: str | None = None, path: str = "full", token: str | None = None,
    department: str | None = None, level: str | None = None,
) -> tuple[Respondent, str]:
    """Create an organisation, its assessment and its single respondent; return it with its resume token.

    Give the respondent's department and level (or, as before 0.6, one role that is read as either)."""
    token = token or new_token()
    department, level, role = who(role, department, level)
    stamp = now()
    with writing(db):
        org_id = db["organisations"].insert({"name": organisation, "created_at": stamp}).last_pk
        assessment_id = db["assessments"].insert({
            "organisation_id": org_id, "questionnaire_id": questionnaire_id,
            "questionnaire_version": questionnaire_version, "path": path, "mode": "self",
            "created_at": stamp,
        }).last_pk
        respondent_id = db["respondents"].insert({
            "assessment_id": assessment_id, "name": respondent_name, "role": role, "department": department,
            "level": level, "token_hash": token_hash(token), "created_at": stamp, "updated_at": stamp,
        }).last_pk
    respondent = _respondent_where(db, "r.id = ?", [respondent_id])
    assert respondent is not None
    return respondent, token


_RESPONDENT_SQL = """
select r.id, r.name, r.role, r.assessment_id, a.questionnaire_id, a.questionnaire_version, a.path,
       o.id as organisation_id, o.name as organisation, r.created_at, a.mode, r.department, r.level
from respondents r join assessments a on a.id = r.assessment_id
join organisations o on o.id = a.organisation_id
where {where}
"""


def _respondent_where(db: Database, where: str, params: list) -> Respondent | None:
    row = db.execute(_RESPONDENT_SQL.format(where=where), params).fetchone()
    return Respondent(*row) if row else None


def respondent_by_token(db: Database, token: str) -> Respondent | None:
    """The respondent a resume link belongs to, or None for an unknown token."""
    if not token or len(token) > 200:
        return None
    return _respondent_where(db, "r.token_hash = ?", [token_hash(token)])


_encode, _decode = answers.encode, answers.parse  # the one answer vocabulary (app/core/answers.py)


def save_answers(db: Database, respondent_id: int, answers: dict[str, tuple[Answer | None, str]]) -> None:
    """Write answers ({question id: (value, note)}) in a single transaction, whatever their versions
    (the wizard saves through answers.save_checked, which checks the version its page loaded)."""
    stamp = now()
    rows = [(respondent_id, qid, _encode(value), (note or "").strip() or None, stamp)
            for qid, (value, note) in answers.items()]
    # Plain SQL on the hot path: sqlite-utils' upsert inspects the schema on every call.
    with writing(db):
        db.conn.executemany(
            "insert into answers (respondent_id, question_id, value, note, updated_at) values (?, ?, ?, ?, ?) "
            "on conflict (respondent_id, question_id) do update set value = excluded.value, note = excluded.note, "
            "updated_at = excluded.updated_at, version = answers.version + 1, "
            "value_version = answers.value_version + (answers.value is not excluded.value)", rows)
        db.execute("update respondents set updated_at = ? where id = ?", [stamp, respondent_id])


def load_answers(db: Database, respondent_id: int) -> dict[str, dict]:
    """A respondent's saved answers: {question id: {"value", "note", "version"}} (the version a page saves against)."""
    rows = db.execute(
        "select question_id, value, note, version from answers where respondent_id = ?", [respondent_id]
    ).fetchall()
    return {qid: {"value": _decode(value), "note": note, "version": version} for qid, value, note, version in rows}


def organisation_ids_named(db: Database, name: str) -> list[int]:
    """Ids of the organisations with exactly this name."""
    return [row[0] for row in db.execute("select id from organisations where name = ?", [name]).fetchall()]
