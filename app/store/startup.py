"""Start-up checks of the database files, before SQLite opens them: refuse to start rather than lose or mislead.

A damaged write-ahead log (see app/store/wal.py), a database file cut short, or files the app may
not write each stop the start with a DatabaseRefused whose message names the file and what to do
(the README's Back up / Restore section). SQLite itself would either drop committed transactions
silently or fail later with a message that points elsewhere ("cannot be opened, it may be damaged"
for a read-only file).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import struct
from pathlib import Path

from app.store import wal

SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseRefused(RuntimeError):
    """The database cannot be used safely; the message names the file and the way out."""


def restore_steps(path: Path) -> str:
    """The README's restore procedure, for this file."""
    return (f"Restore it from your latest backup (README, “Back up” and “Restore”): stop the app; move {path.name}, "
            f"{path.name}-wal and {path.name}-shm aside; copy the backup to {path} (mode 0600); run "
            "`flask --app wsgi init-db`; start the app.")


def check_files(database: str | Path) -> None:
    """Refuse (DatabaseRefused) a database whose files the app cannot write, that is cut short, or whose WAL lost commits."""
    if str(database) in ("", ":memory:") or str(database).startswith("file:"):
        return
    path = Path(database)
    _writable(path)
    _whole(path)
    problem = wal.damage(path)
    if problem:
        kept = _keep_copy(Path(f"{path}-wal"))
        raise DatabaseRefused(
            f"database {path}: {problem}. The app will not start, so that nothing is lost without a word. "
            + (f"A copy of the log is kept as {kept}. " if kept else "") + restore_steps(path)
            + f" To start without those transactions instead, move {path.name}-wal and {path.name}-shm aside.")


def _writable(path: Path) -> None:
    user = f"the user the app runs as (uid {os.geteuid()})"
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseRefused(f"database {path}: its folder {folder} does not exist; create it (or set FLASK_DATABASE).")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseRefused(f"database {path}: its folder {folder} is read-only for {user}, and SQLite must create "
                              f"{path.name}-wal and {path.name}-shm there. Give that user write access to the folder.")
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists() and not os.access(file, os.R_OK | os.W_OK):
            raise DatabaseRefused(f"database {path}: {file} is read-only for {user}; the app must write it. Give that "
                                  f"user read and write access to it (for example `chown` it to that user and "
                                  f"`chmod 600 {file}`), or run the app as its owner.")


def _whole(path: Path) -> None:
    """A database file that is cut short (not whole pages, or fewer pages than its header declares) is refused."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return  # a new database
    if size == 0:
        return
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DatabaseRefused(f"database {path} is not an SQLite database (or its first page is cut short: "
                              f"{size} bytes). " + restore_steps(path))
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    declared = struct.unpack(">I", header[28:32])[0] if header[24:28] == header[92:96] else 0
    log = Path(f"{path}-wal")
    log_holds_pages = log.exists() and log.stat().st_size > 32  # a crash during a checkpoint: the log has the rest
    if page_size < 512 or size % page_size or (declared and size < declared * page_size and not log_holds_pages):
        whole = f"{declared} pages of {page_size} bytes" if declared else f"whole pages of {page_size} bytes"
        raise DatabaseRefused(f"database {path} is cut short: the file has {size:,} bytes, but its header promises "
                              f"{whole}. " + restore_steps(path))


def _keep_copy(log: Path) -> Path | None:
    """Keep the damaged log for recovery (once per content: refused restarts do not pile up copies)."""
    try:
        digest = hashlib.sha256(log.read_bytes()).hexdigest()[:12]
    except OSError:
        return None
    kept = log.with_name(f"{log.name}.damaged-{digest}")
    if not kept.exists():
        shutil.copy2(log, kept)
    return kept


def explain(path: str | Path, error: sqlite3.Error) -> DatabaseRefused | None:
    """A clear refusal for an SQLite error met while opening or migrating; None for errors that are not about the files."""
    message, path = str(error).lower(), Path(path)
    if "readonly" in message or "read-only" in message:
        return DatabaseRefused(f"database {path} is read-only for the user the app runs as (uid {os.geteuid()}), or "
                               "its folder is (SQLite writes -wal and -shm files beside it): SQLite said "
                               f"“{error}”. Give that user write access to the file and its folder.")
    if "unable to open" in message:
        return DatabaseRefused(f"database {path} cannot be opened: SQLite said “{error}”. Check that the folder exists "
                               "and that the user the app runs as may read and write it.")
    if not isinstance(error, sqlite3.OperationalError):  # "file is not a database", "disk image is malformed"
        return DatabaseRefused(f"database {path} is damaged: SQLite said “{error}”. " + restore_steps(path))
    return None
