"""Flask glue: one sqlite-utils Database per app and worker thread, lent to each request on g.

Opening SQLite and setting its pragmas was a fifth of a wizard request, so a worker thread keeps its
connection (and SQLite's prepared statements) from one request to the next. Each request still
starts clean: a transaction left open by a failed request is rolled back when the request ends,
which is what closing the connection did.
"""
from __future__ import annotations

import logging
import threading

from flask import Flask, current_app, g
from sqlite_utils import Database

from app import store
from app.store import wal

log = logging.getLogger("app.store")

EXTENSION = "csm_connections"


def get_db() -> Database:
    """The request's database connection: this worker thread's, opened on first use."""
    if "db" not in g:
        local = current_app.extensions[EXTENSION]
        db = getattr(local, "db", None)
        if db is None:
            db = local.db = store.connect(current_app.config["DATABASE"])
        g.db = db
    return g.db


def release_db(_exc=None) -> None:
    """End of a request: keep the connection, drop whatever transaction it left open."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


def init_db(app: Flask) -> None:
    """Check the write-ahead log before SQLite replays it, then apply migrations to the configured database."""
    wal.check(app.config["DATABASE"], log)
    db = store.connect(app.config["DATABASE"])
    try:
        store.migrate(db)
    finally:
        db.close()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = threading.local()
    app.teardown_appcontext(release_db)
    init_db(app)
