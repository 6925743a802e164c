"""The anonymity ledger: which groups of people each figure of a workshop was shown for (no Flask).

Members are stable keys (part of each respondent's link hash), never names or answers; the rules that
read the ledger are in app/core/disclosure.py.
"""
from __future__ import annotations

from sqlite_utils import Database

from app.store.core import now, writing


def released(db: Database, assessment_id: int) -> dict[str, set[frozenset[str]]]:
    """{cell: {member-key sets shown}} for one workshop."""
    out: dict[str, set[frozenset[str]]] = {}
    for cell, members in db.execute("select cell, members from anonymity_releases where assessment_id = ?",
                                    [assessment_id]).fetchall():
        out.setdefault(cell, set()).add(frozenset(members.split(",")))
    return out


def record(db: Database, assessment_id: int, new: list[tuple[str, frozenset[str]]]) -> None:
    """Keep the figures a view showed for the first time (a figure shown twice is kept once)."""
    if not new:
        return
    stamp = now()
    with writing(db):
        db.conn.executemany(
            "insert or ignore into anonymity_releases (assessment_id, cell, members, released_at) values (?, ?, ?, ?)",
            [(assessment_id, cell, ",".join(sorted(members)), stamp) for cell, members in new])
