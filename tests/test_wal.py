"""Damage to the database files is found at start-up, before SQLite silently drops commits: the app refuses to start.

Each test leaves the files as a killed server leaves them (database, -wal and -shm copied while a
writer still has them open), damages them the way the probe did, and starts the app on them.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.store import startup, wal
from app.store.startup import DatabaseRefused

ROOT = Path(__file__).resolve().parent.parent
ROWS = 96
RESTORE = ("Restore it from your latest backup", "flask --app wsgi init-db", "move csmaturity.db-wal and csmaturity.db-shm aside")


def crashed(tmp_path, rows=ROWS) -> Path:
    """Files as a SIGKILLed server leaves them: every committed row is still only in the log."""
    live = tmp_path / "live" / "csmaturity.db"
    live.parent.mkdir()
    conn = sqlite3.connect(live)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma wal_autocheckpoint=0")
    conn.execute("create table scratch (id integer primary key, value text)")
    for n in range(rows):
        conn.execute("insert into scratch (value) values (?)", [f"answer {n} " + "x" * 1500])
        conn.commit()
    database = tmp_path / "csmaturity.db"
    for suffix in ("", "-wal", "-shm"):
        shutil.copy(f"{live}{suffix}", f"{database}{suffix}")
    conn.close()
    return database


def rows(database) -> int:
    conn = sqlite3.connect(database)
    try:
        return conn.execute("select count(*) from scratch").fetchone()[0]
    finally:
        conn.close()


def start(database, tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(database), "INSTANCE_PATH": str(tmp_path / "i")})


def refused(database, tmp_path, *phrases) -> str:
    """Start the app; assert it refuses naming the file, the restore procedure and each phrase, and that the log is intact."""
    before = Path(f"{database}-wal").read_bytes() if Path(f"{database}-wal").exists() else None
    with pytest.raises(DatabaseRefused) as caught:
        start(database, tmp_path)
    message = str(caught.value)
    for phrase in (str(database), *phrases):
        assert phrase in message, message
    if before is not None:  # nothing was replayed or rewritten: the damaged log is still there to recover from
        assert Path(f"{database}-wal").read_bytes() == before
    return message


def flip_salt(database, fix_checksum=False) -> None:
    path = Path(f"{database}-wal")
    data = bytearray(path.read_bytes())
    data[16] ^= 0xFF  # the first salt
    if fix_checksum:
        order = wal.MAGIC[struct.unpack(">I", data[:4])[0]]
        data[24:32] = struct.pack(">2I", *wal._checksum(bytes(data[:24]), order))
    path.write_bytes(bytes(data))


def cut(path, size) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(size)


def page_size(database) -> int:
    return struct.unpack(">I", Path(f"{database}-wal").read_bytes()[8:12])[0]


def test_crash_leftovers_that_are_whole_start_and_keep_every_row(tmp_path):
    database = crashed(tmp_path)
    assert wal.damage(database) is None
    start(database, tmp_path)
    assert rows(database) == ROWS


def test_a_flipped_salt_in_the_log_header_refuses_to_start_instead_of_dropping_every_answer(tmp_path):
    database = crashed(tmp_path)
    flip_salt(database)
    refused(database, tmp_path, "header of its write-ahead log", "is damaged", *RESTORE)
    assert list(tmp_path.glob("csmaturity.db-wal.damaged-*"))  # a copy to recover from
    refused(database, tmp_path)  # a second start refuses again and keeps no second copy
    assert len(list(tmp_path.glob("csmaturity.db-wal.damaged-*"))) == 1


def test_a_new_salt_with_a_valid_header_checksum_is_caught_by_the_commit_record(tmp_path):
    database = crashed(tmp_path)
    flip_salt(database, fix_checksum=True)
    refused(database, tmp_path, "salts differ", *RESTORE)


@pytest.mark.parametrize("where", ["half way", "on a frame boundary"])
def test_a_log_cut_short_refuses_to_start_instead_of_dropping_half_the_answers(tmp_path, where):
    database = crashed(tmp_path)
    frame = 24 + page_size(database)
    frames = (Path(f"{database}-wal").stat().st_size - 32) // frame
    cut(f"{database}-wal", 32 + frames // 2 * frame + (frame // 2 if where == "half way" else 0))
    refused(database, tmp_path, "ends early", "cut short", *RESTORE)


def test_a_damaged_frame_in_the_middle_refuses_to_start(tmp_path):
    database = crashed(tmp_path)
    path = Path(f"{database}-wal")
    data = bytearray(path.read_bytes())
    data[32 + 5 * (24 + page_size(database)) + 24 + 100] ^= 0xFF  # one byte of the sixth frame's page
    path.write_bytes(bytes(data))
    refused(database, tmp_path, "damaged at frame 6", *RESTORE)


def test_a_log_deleted_after_a_crash_refuses_to_start(tmp_path):
    database = crashed(tmp_path)
    Path(f"{database}-wal").unlink()
    refused(database, tmp_path, "is missing")


def test_moving_the_log_aside_as_the_message_says_starts_without_it(tmp_path):
    database = crashed(tmp_path)
    flip_salt(database)
    refused(database, tmp_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").rename(tmp_path / f"aside{suffix}")
    start(database, tmp_path)


def test_a_database_another_process_has_open_is_live_and_not_judged(tmp_path):
    database = crashed(tmp_path)
    flip_salt(database)
    holder = sqlite3.connect(tmp_path / "live" / "csmaturity.db")  # a lock on another file changes nothing
    assert wal.damage(database) is not None
    holder.close()
    assert wal.in_use(database) is False


def clean_database(tmp_path) -> Path:
    database = tmp_path / "csmaturity.db"
    start(database, tmp_path)  # migrated, closed cleanly: no -wal or -shm left
    assert not Path(f"{database}-wal").exists()
    return database


def test_a_database_file_cut_short_is_refused_naming_it(tmp_path):
    database = clean_database(tmp_path)
    cut(database, database.stat().st_size // 2 + 100)
    refused(database, tmp_path, "is cut short", RESTORE[0])


def test_a_file_that_is_not_a_database_is_refused_naming_it(tmp_path):
    database = tmp_path / "csmaturity.db"
    database.write_bytes(b"these are not the pages you are looking for" * 100)
    refused(database, tmp_path, "is not an SQLite database", RESTORE[0])


def test_an_sqlite_error_on_opening_is_explained():
    error = startup.explain("/x/csmaturity.db", sqlite3.DatabaseError("file is not a database"))
    assert "is damaged" in str(error) and "Restore it" in str(error)
    assert "read-only" in str(startup.explain("/x/csmaturity.db", sqlite3.OperationalError("attempt to write a readonly database")))
    assert startup.explain("/x/csmaturity.db", sqlite3.OperationalError("database is locked")) is None


def test_a_read_only_database_is_refused_with_a_clear_message(tmp_path, monkeypatch, caplog):
    database = clean_database(tmp_path)
    os.chmod(database, 0o444)
    if os.geteuid() == 0:  # root may write a 0444 file: let the check see what any other user would
        real = os.access
        monkeypatch.setattr(startup.os, "access", lambda p, mode: real(p, mode) and not (Path(p) == database and mode & os.W_OK))
    message = refused(database, tmp_path, "read-only for the user the app runs as", "write access")
    assert "may be damaged" not in message and "Restore it" not in caplog.text


def test_the_command_line_refuses_a_damaged_log_in_one_clear_line(tmp_path):
    database = crashed(tmp_path)
    flip_salt(database)
    env = {**os.environ, "FLASK_DATABASE": str(database), "FLASK_SECRET_KEY": "t", "CSM_INSTANCE_PATH": str(tmp_path / "i")}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "init-db"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 4 and "Traceback" not in done.stderr
    assert f"Error: database {database}: the header of its write-ahead log" in done.stderr


def test_no_log_or_a_foreign_file_is_not_an_error(tmp_path):
    assert wal.inspect(tmp_path / "missing-wal") is None
    (tmp_path / "junk-wal").write_bytes(b"not a wal" * 10)
    assert wal.inspect(tmp_path / "junk-wal") is None
    assert wal.damage(tmp_path / "nothing.db") is None
