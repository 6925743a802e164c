"""The audit log: who viewed, exported or deleted what and when, never the answers themselves (no Flask).

Entries are kept for RETENTION_DAYS (older ones are dropped as new ones are written). The table has no
foreign keys, so the record of a deletion outlives what it deleted; a deleted facilitator's email is
blanked in it (app/store/deletion.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from app.store.core import now, writing

RETENTION_DAYS = 400  # a year of engagements and the next year's review
ACTIONS = ("viewed", "exported", "deleted")
FIELDS = ("id", "at", "actor_kind", "actor_id", "actor", "action", "subject_kind", "subject_id", "organisation_id",
          "detail")


@dataclass(frozen=True)
class Actor:
    """Who did it: a signed-in facilitator, a private link's owner or participant, a share-link viewer, the CLI."""

    kind: str  # "facilitator" | "owner" | "participant" | "viewer" | "cli"
    id: int | None = None  # the facilitator, respondent or share link
    label: str | None = None  # a facilitator's email, a share link's label; never a name typed by a participant


def record(db: Database, actor: Actor, action: str, subject_kind: str, subject_id: int | None,
           organisation_id: int | None = None, detail: str | None = None) -> None:
    """One entry (and the end of entries older than the retention period)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    cutoff = (datetime.now(UTC) - timedelta(days=RETENTION_DAYS)).isoformat(timespec="seconds")
    with writing(db):
        db.execute("insert into audit_log (at, actor_kind, actor_id, actor, action, subject_kind, subject_id, "
                   "organisation_id, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [now(), actor.kind, actor.id, actor.label, action, subject_kind, subject_id, organisation_id,
                    (detail or "")[:200] or None])
        db.execute("delete from audit_log where at < ?", [cutoff])


def entries(db: Database, organisation_id: int | None = None, limit: int = 500) -> list[dict]:
    """The newest entries, for one client or all."""
    where, params = ("where organisation_id = ?", [organisation_id]) if organisation_id is not None else ("", [])
    rows = db.execute(f"select {', '.join(FIELDS)} from audit_log {where} order by id desc limit ?",
                      [*params, limit]).fetchall()
    return [dict(zip(FIELDS, row)) for row in rows]
