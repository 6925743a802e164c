"""A bare Flask app: the floor that scripts/load_workshop.py measures the wizard against.

    BARE_DATABASE=/tmp/bare.db .venv/bin/gunicorn -w 4 --bind 127.0.0.1:8001 scripts.bare_app:app

Two routes, nothing else (no templates, no sessions, no CSRF):

- ``GET /bare``: a tiny HTML page.
- ``POST /insert``: inserts one row with sqlite-utils, on a connection opened for the request
  with the app's settings (WAL, synchronous=NORMAL, busy_timeout 5000), inside BEGIN IMMEDIATE.
  (The app itself keeps one connection per worker thread; the floor stays the plainest route.)
"""
from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask, request
from sqlite_utils import Database

PAGE = "<!doctype html><title>bare</title><p>ok</p>\n"


def connect(path: str) -> Database:
    """The same connection settings as app.store.connect: busy timeout first, then WAL and NORMAL sync."""
    db = Database(path)
    db.execute("PRAGMA busy_timeout = 5000")
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def ensure_schema(path: str) -> None:
    """Create the one table (idempotent, safe when several workers start at once)."""
    db = connect(path)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            db["rows"].create({"id": int, "client": str, "seq": int, "value": str, "created_at": str},
                              pk="id", if_not_exists=True)
        except BaseException:
            db.rollback()
            raise
        db.execute("COMMIT")
    finally:
        db.close()


def create_bare_app(database: str | None = None) -> Flask:
    database = database or os.environ.get("BARE_DATABASE") or "bare.db"
    ensure_schema(database)
    app = Flask(__name__)
    app.config["BARE_DATABASE"] = database

    @app.get("/bare")
    def bare():
        return PAGE

    @app.post("/insert")
    def insert():
        db = connect(app.config["BARE_DATABASE"])
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db["rows"].insert({
                    "client": request.form.get("client", ""), "seq": int(request.form.get("seq") or 0),
                    "value": request.form.get("value", ""), "created_at": datetime.now(UTC).isoformat(),
                })
            except BaseException:
                db.rollback()
                raise
            db.execute("COMMIT")
        finally:
            db.close()
        return "inserted\n", 201

    return app


app = create_bare_app()
