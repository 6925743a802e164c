"""Action owners' private links (their own actions, or stopping the reminders) and the weekly reminder's bookkeeping.

A link carries a random token of which only the SHA-256 hash is stored, and an expiry date. It opens
the owner's actions in the newest round of the plan: when the next round carried the owner over, the
link follows them there, so a link from an older reminder still opens what is live.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from app.core.plan import Owner
from app.store.core import new_token, now, token_hash, writing

PURPOSES = ("actions", "reminders")  # "reminders": the opt-out link of a reminder email (works for a year)


@dataclass(frozen=True)
class OwnerLink:
    assessment_id: int  # the round whose actions the link opens now (the newest one the owner was carried to)
    owner: Owner
    purpose: str
    expires_at: str

    def expired(self, today: date) -> bool:
        """A link works until the end of its expiry day."""
        return self.expires_at < today.isoformat()


def create_link(db: Database, assessment_id: int, owner_id: int, purpose: str = "actions", days: int = 30) -> tuple[str, str]:
    """A fresh link for one owner of this plan; returns (token, expiry date). Only the token's hash is stored."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    token, expires = new_token(), (date.today() + timedelta(days=days)).isoformat()
    with writing(db):
        db["plan_links"].insert({"assessment_id": assessment_id, "owner_id": owner_id, "purpose": purpose,
                                 "token_hash": token_hash(token), "created_at": now(), "expires_at": expires})
    return token, expires


def _newest(db: Database, owner_id: int) -> tuple[int, Owner]:
    """The owner as carried into the newest round (the owner itself when no later round took them over)."""
    while True:
        row = db.execute("select id from plan_owners where carried_from = ? order by id limit 1", [owner_id]).fetchone()
        if row is None:
            break
        owner_id = row[0]
    assessment_id, oid, name, email = db.execute(
        "select assessment_id, id, name, email from plan_owners where id = ?", [owner_id]).fetchone()
    return assessment_id, Owner(oid, name, email)


def link_by_token(db: Database, token: str, purpose: str = "actions") -> OwnerLink | None:
    """The link behind a token (expired or not: the caller says which), or None for an unknown token."""
    if not token or len(token) > 200:
        return None
    row = db.execute("select owner_id, expires_at from plan_links where token_hash = ? and purpose = ?",
                     [token_hash(token), purpose]).fetchone()
    if row is None:
        return None
    assessment_id, owner = _newest(db, row[0])
    return OwnerLink(assessment_id, owner, purpose, row[1])


# --- reminders ---------------------------------------------------------------------------------


def reminder_state(db: Database, owner_id: int) -> tuple[str | None, bool]:
    """(ISO week of the last reminder sent, whether the owner stopped the reminders)."""
    row = db.execute("select week, off_at from plan_reminders where owner_id = ?", [owner_id]).fetchone()
    return (row[0], row[1] is not None) if row else (None, False)


def _upsert(db: Database, owner_id: int, **values) -> None:
    assessment_id = db.execute("select assessment_id from plan_owners where id = ?", [owner_id]).fetchone()[0]
    db["plan_reminders"].upsert({"owner_id": owner_id, "assessment_id": assessment_id, **values}, pk="owner_id")


def mark_reminded(db: Database, owner_id: int, week: str) -> None:
    """Record that this week's reminder went to the owner."""
    with writing(db):
        _upsert(db, owner_id, week=week, sent_at=now())


def set_reminders_off(db: Database, owner_id: int, off: bool = True) -> None:
    """Stop (or restart) the weekly reminders for one owner."""
    with writing(db):
        _upsert(db, owner_id, off_at=now() if off else None)


def live_owners(db: Database) -> list[tuple[int, str, Owner]]:
    """(assessment id, organisation, owner) of every owner with an email in a plan no later round has reviewed
    (the live one), demos left out."""
    rows = db.execute(
        "select o.assessment_id, g.name, o.id, o.name, o.email from plan_owners o join assessments a on a.id = o.assessment_id "
        "join organisations g on g.id = a.organisation_id where o.email is not null and a.demo = 0 "
        "and not exists (select 1 from assessments n where n.previous_id = a.id) order by o.assessment_id, o.id").fetchall()
    return [(row[0], row[1], Owner(*row[2:])) for row in rows]
