"""What a new round, or a copy for another client, keeps from the assessment it follows (no Flask).

A new round keeps everything here (the organisation's own work continues); a copy for another client
keeps only what the facilitator ticks. Answers and agreed levels never carry: each round is answered
afresh, and the results compare it with the last.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from app.store.core import new_token, now, token_hash, writing

CARRYABLE = ("branding", "grouping", "profile", "charter", "invitations")
CHARTER_TABLES = ("charter_sections", "charter_kpis", "charter_responsibilities", "charter_tiers")
_TABLES = {"branding": ("branding",), "profile": ("profiles",), "charter": CHARTER_TABLES}


def carry(db: Database, source_id: int, target_id: int, keep: Iterable[str] = CARRYABLE) -> list[str]:
    """Copy the chosen parts of one assessment into another (one transaction); returns what was carried."""
    keep = [part for part in CARRYABLE if part in set(keep)]
    with writing(db):
        for part in keep:
            for table in _TABLES.get(part, ()):
                _copy_rows(db, table, source_id, target_id)
        if "grouping" in keep:
            db.execute("update workshops set (grouping, leadership_roles, anonymity_floor) = (select grouping, "
                       "leadership_roles, anonymity_floor from workshops where assessment_id = ?) where assessment_id = ?",
                       [source_id, target_id])
        if "invitations" in keep:
            _carry_invitations(db, source_id, target_id)
    return keep


def _copy_rows(db: Database, table: str, source_id: int, target_id: int) -> None:
    """Every row of a table keyed by assessment_id, copied to the target (replacing what it had)."""
    columns = [c for c in db[table].columns_dict if c != "assessment_id"]
    listed = ", ".join(columns)
    db.execute(f"delete from {table} where assessment_id = ?", [target_id])
    db.execute(f"insert into {table} (assessment_id, {listed}) select ?, {listed} from {table} where assessment_id = ?",
               [target_id, source_id])


def _carry_invitations(db: Database, source_id: int, target_id: int) -> None:
    """The same people invited again, each once, with links not sent yet (the facilitator sends them when ready).

    Each gets a hash of a token nobody holds, so no link of the earlier round opens the new one.
    """
    rows = db.execute("select label, email from invites where assessment_id = ? order by id", [source_id]).fetchall()
    seen: set[tuple] = set()
    stamp = now()
    for label, email in rows:
        key = (email or "", (label or "") if not email else "")
        if key in seen or not (email or label):
            continue
        seen.add(key)
        db["invites"].insert({"assessment_id": target_id, "label": label, "email": email,
                              "token_hash": token_hash(new_token()), "created_at": stamp, "used_at": None,
                              "respondent_id": None, "sent_at": None})


def unsent_invitations(db: Database, assessment_id: int) -> list[dict]:
    """Invitations carried into this round and not sent yet."""
    rows = db.execute("select id, label, email from invites where assessment_id = ? and sent_at is null order by id",
                      [assessment_id]).fetchall()
    return [{"id": row[0], "label": row[1], "email": row[2]} for row in rows]


def issue_link(db: Database, invite_id: int) -> str:
    """A fresh token for a carried invitation as it is sent; returns it (only its hash is kept)."""
    token = new_token()
    with writing(db):
        db.execute("update invites set token_hash = ?, sent_at = ? where id = ?", [token_hash(token), now(), invite_id])
    return token
