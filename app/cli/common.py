"""Helpers every command group shares: the database, JSON out, a clear error with exit 2, the app's questionnaires."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app
from sqlite_utils import Database

from app import store


@contextmanager
def database() -> Iterator[Database]:
    """The app's database for one command, closed however the command ends (an error exits with 2 inside it)."""
    db = store.connect(current_app.config["DATABASE"])
    try:
        yield db
    finally:
        db.close()


def emit(data) -> None:
    """Print a command's JSON answer (the stable contract)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def write_json(document, out) -> None:
    """A document as indented JSON: to the file `out` when given (saying so on stderr), else to stdout."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote {out}", err=True)
    else:
        click.echo(text)


def fail(message: str):
    """Name the problem on stderr and exit 2."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def questionnaires():
    return current_app.extensions["questionnaires"]


def served_at(given: str | None) -> str:
    """The --base-url given, else the configured FLASK_BASE_URL, else the development server's."""
    return (given or current_app.config.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
