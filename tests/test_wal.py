"""A damaged write-ahead log is found and reported at start-up, before SQLite silently drops commits."""
from __future__ import annotations

import logging
import shutil
import sqlite3
import struct

from app.store import wal


def _crashed_database(tmp_path, rows=20):
    """A WAL database copied while its writer was still open (as after a killed server): the log holds every row."""
    live = tmp_path / "live.db"
    conn = sqlite3.connect(live)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma wal_autocheckpoint=0")
    conn.execute("create table scratch (id integer primary key, value text)")
    for n in range(rows):
        conn.execute("insert into scratch (value) values (?)", [f"answer {n} " + "x" * 3000])
        conn.commit()
    crashed = tmp_path / "crashed.db"
    shutil.copy(live, crashed)
    shutil.copy(f"{live}-wal", f"{crashed}-wal")
    conn.close()
    return crashed


def _damage_frame(database, frame):
    path = f"{database}-wal"
    data = bytearray(open(path, "rb").read())
    page_size = struct.unpack(">I", data[8:12])[0]
    data[32 + frame * (24 + page_size) + 24 + 100] ^= 0xFF  # one byte of that frame's page
    open(path, "wb").write(bytes(data))


def test_an_intact_log_is_replayed_in_full(tmp_path):
    _crashed_database(tmp_path)
    report = wal.inspect(tmp_path / "crashed.db-wal")
    assert report.valid == report.frames and report.lost_commits == 0


def test_a_damaged_frame_is_reported_with_the_commits_sqlite_would_drop(tmp_path, caplog):
    database = _crashed_database(tmp_path)
    _damage_frame(database, 5)
    with caplog.at_level(logging.ERROR):
        report = wal.check(database, logging.getLogger("test"))
    assert report.valid == 5 and report.lost_commits > 0
    assert "write-ahead log is damaged" in caplog.text and str(database) in caplog.text
    kept = list(tmp_path.glob("crashed.db-wal.damaged-*"))
    assert len(kept) == 1  # a copy to recover from, since SQLite rewrites the log on open
    rows = sqlite3.connect(database).execute("select count(*) from scratch").fetchone()[0]
    assert rows < 20  # what the check warned about: SQLite replayed only up to the damage


def test_the_app_checks_the_log_when_it_starts(tmp_path, caplog):
    from app import create_app

    database = _crashed_database(tmp_path)
    _damage_frame(database, 3)
    with caplog.at_level(logging.ERROR):
        create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(database), "INSTANCE_PATH": str(tmp_path)})
    assert "write-ahead log is damaged" in caplog.text


def test_no_log_or_a_foreign_file_is_not_an_error(tmp_path):
    assert wal.inspect(tmp_path / "missing-wal") is None
    (tmp_path / "junk-wal").write_bytes(b"not a wal" * 10)
    assert wal.inspect(tmp_path / "junk-wal") is None
