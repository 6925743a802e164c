"""Flask glue: one sqlite-utils Database per app and worker thread, lent to each request on g.

Opening SQLite and setting its pragmas was a fifth of a wizard request, so a worker thread keeps its
connection (and SQLite's prepared statements) from one request to the next. Each request still
starts clean: a transaction left open by a failed request is rolled back when the request ends,
which is what closing the connection did.
"""
from __future__ import annotations

import logging
import sqlite3
import threading

from flask import Flask, current_app, g
from sqlite_utils import Database

from app import store
from app.store import startup

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
    """Check the database files (and the WAL before SQLite replays it), then apply migrations.

    Raises startup.DatabaseRefused, logged as critical, when the files cannot be used safely:
    the message names the file and the restore procedure.
    """
    path = app.config["DATABASE"]
    try:
        startup.check_files(path)
        db = store.connect(path)
        try:
            store.migrate(db)
        finally:
            db.close()
    except sqlite3.Error as error:
        refused = startup.explain(path, error)
        if refused is None:
            raise
        log.critical("%s", refused)
        raise refused from error
    except startup.DatabaseRefused as refused:
        log.critical("%s", refused)
        raise


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = threading.local()
    app.teardown_appcontext(release_db)
    init_db(app)
