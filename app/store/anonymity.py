"""The anonymity ledger: which groups of people each figure of a workshop was shown for, and the figure (no Flask).

Members are stable keys (part of each respondent's link hash, with the version of their answers in the
figure's cell), never names or answers; a figure is what the room saw (counts of at least the floor's
number of people, or a block's score), kept so that it can be shown again as it was while newer answers
wait. The rules that read the ledger are in app/core/disclosure.py.
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from app.core.disclosure import NOT_KEPT
from app.store.core import now, writing


def released(db: Database, assessment_id: int) -> dict[str, dict[frozenset[str], object]]:
    """{cell: {member-key set shown: the figure shown (NOT_KEPT for groups kept without it)}} for one workshop."""
    out: dict[str, dict[frozenset[str], object]] = {}
    for cell, members, figure in db.execute(
            "select cell, members, figure from anonymity_releases where assessment_id = ?", [assessment_id]).fetchall():
        out.setdefault(cell, {})[frozenset(members.split(","))] = NOT_KEPT if figure is None else json.loads(figure)
    return out


def record(db: Database, assessment_id: int, new: list[tuple[str, frozenset[str], object]]) -> None:
    """Keep the figures a view showed for the first time (a figure shown twice is kept once)."""
    if not new:
        return
    stamp = now()
    with writing(db):
        db.conn.executemany(
            "insert or ignore into anonymity_releases (assessment_id, cell, members, figure, released_at) "
            "values (?, ?, ?, ?, ?)",
            [(assessment_id, cell, ",".join(sorted(members)), json.dumps(figure, sort_keys=True), stamp)
             for cell, members, figure in new])
