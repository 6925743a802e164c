"""Read-only share links to a report (no Flask)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app.store.core import new_token, now, token_hash, writing


@dataclass(frozen=True)
class ShareLink:
    id: int
    assessment_id: int
    label: str
    created_at: str
    expires_at: str
    revoked_at: str | None

    def state(self, today: str) -> str:
        """"active", "expired" or "revoked" on a given ISO date."""
        if self.revoked_at:
            return "revoked"
        return "expired" if today > self.expires_at else "active"


_SHARE_COLUMNS = "id, assessment_id, label, created_at, expires_at, revoked_at"


def create_share_link(db: Database, assessment_id: int, expires_at: str, label: str = "") -> tuple[ShareLink, str]:
    """A new read-only link to an assessment's report; returns it with its token (shown once)."""
    token = new_token()
    with writing(db):
        link_id = db["share_links"].insert({
            "assessment_id": assessment_id, "token_hash": token_hash(token), "label": label.strip(),
            "created_at": now(), "expires_at": expires_at, "revoked_at": None,
        }).last_pk
    link = share_links(db, assessment_id, link_id=link_id)[0]
    return link, token


def share_links(db: Database, assessment_id: int, link_id: int | None = None) -> list[ShareLink]:
    """An assessment's share links, newest first (or the one with link_id)."""
    where, params = "assessment_id = ?", [assessment_id]
    if link_id is not None:
        where, params = where + " and id = ?", params + [link_id]
    rows = db.execute(f"select {_SHARE_COLUMNS} from share_links where {where} order by id desc", params).fetchall()
    return [ShareLink(*row) for row in rows]


def share_link_by_token(db: Database, token: str) -> ShareLink | None:
    """The share link a token opens, whatever its state; None for an unknown token."""
    if not token or len(token) > 200:
        return None
    row = db.execute(f"select {_SHARE_COLUMNS} from share_links where token_hash = ?", [token_hash(token)]).fetchone()
    return ShareLink(*row) if row else None


def revoke_share_link(db: Database, assessment_id: int, link_id: int) -> bool:
    """Revoke one of the assessment's links; False when it has no such link."""
    with writing(db):
        cursor = db.execute(
            "update share_links set revoked_at = ? where id = ? and assessment_id = ? and revoked_at is null",
            [now(), link_id, assessment_id])
    return cursor.rowcount == 1
