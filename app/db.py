"""Flask glue: one sqlite-utils Database per request on g, closed on teardown."""
from flask import Flask, current_app, g
from sqlite_utils import Database

from . import store


def get_db() -> Database:
    """The request's database connection, opened on first use."""
    if "db" not in g:
        g.db = store.connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_db(app: Flask) -> None:
    """Apply migrations to the configured database."""
    db = store.connect(app.config["DATABASE"])
    try:
        store.migrate(db)
    finally:
        db.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
    init_db(app)
