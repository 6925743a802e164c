"""A workshop's lifecycle and settings: close, reopen, archive, delete, duplicate, remove a participant,
its grouping and floor, emailed invitations and their one reminder (no Flask)."""
from __future__ import annotations

import json

from sqlite_utils import Database

from app.store import deletion
from app.store.carry import carry
from app.store.core import new_token, now, token_hash, writing
from app.store.workshop import Workshop, create_workshop, workshop


def set_closed(db: Database, assessment_id: int, closed: bool) -> None:
    """Close a workshop (join code, links and saving stop) or reopen it (which also takes it out of the archive)."""
    with writing(db):
        if closed:  # closing fixes the groups too: the room is complete
            db.execute("update workshops set closed_at = coalesce(closed_at, ?), groups_fixed_at = "
                       "coalesce(groups_fixed_at, ?) where assessment_id = ?", [now(), now(), assessment_id])
        else:
            db.execute("update workshops set closed_at = null, archived_at = null where assessment_id = ?",
                       [assessment_id])


def fix_groups(db: Database, assessment_id: int) -> None:
    """Show the team's figures from now on, for the people who answered so far; later changes to the room are shown
    only when they reach the anonymity floor."""
    with writing(db):
        db.execute("update workshops set groups_fixed_at = coalesce(groups_fixed_at, ?) where assessment_id = ?",
                   [now(), assessment_id])


def set_archived(db: Database, assessment_id: int, archived: bool) -> None:
    """Archive a workshop (closing it too) or bring it back to the list, still closed."""
    stamp = now()
    with writing(db):
        if archived:
            db.execute("update workshops set archived_at = ?, closed_at = coalesce(closed_at, ?), groups_fixed_at = "
                       "coalesce(groups_fixed_at, ?) where assessment_id = ?", [stamp, stamp, stamp, assessment_id])
        else:
            db.execute("update workshops set archived_at = null where assessment_id = ?", [assessment_id])


def save_grouping(db: Database, assessment_id: int, mode: str, leadership_levels: list[str], floor: int) -> None:
    """The facilitator's split of the room and anonymity floor for one workshop (the column `leadership_roles`
    holds the leadership levels since 0.6)."""
    with writing(db):
        db.execute("update workshops set grouping = ?, leadership_roles = ?, anonymity_floor = ? "
                   "where assessment_id = ?", [mode, json.dumps(sorted(leadership_levels)), floor, assessment_id])


def remove_participant(db: Database, assessment_id: int, respondent_id: int) -> bool:
    """Remove one participant and every row that refers to them; False when they are not in this workshop."""
    return deletion.delete_participant(db, assessment_id, respondent_id)


def delete_workshop(db: Database, assessment_id: int) -> list[int]:
    """Delete a workshop with everything that refers to it (found from the schema); its client goes too when it has
    no other round left. Returns the deleted assessment ids, whose files the caller removes."""
    return deletion.delete_assessment(db, assessment_id)


def duplicate_workshop(db: Database, source: Workshop, facilitator_id: int, organisation: str,
                       keep: list[str] = ("grouping",)) -> Workshop:
    """A fresh workshop for another client with the same questionnaire and path (no answers), keeping the parts of
    the source the facilitator chose (branding, grouping, profile, charter, invitation list)."""
    created, _ = create_workshop(db, facilitator_id, organisation, source.questionnaire_id,
                                 source.questionnaire_version, source.path)
    carry(db, source.assessment_id, created.assessment_id, keep)
    return workshop(db, created.assessment_id)


def next_round(db: Database, source: Workshop, facilitator_id: int) -> Workshop:
    """The organisation's next workshop round, keeping its branding, profile, grouping, charter and invitation list."""
    created, _ = create_workshop(db, facilitator_id, source.organisation, source.questionnaire_id,
                                 source.questionnaire_version, source.path, previous_id=source.assessment_id,
                                 organisation_id=source.organisation_id)
    carry(db, source.assessment_id, created.assessment_id)
    return workshop(db, created.assessment_id)


def create_email_invite(db: Database, assessment_id: int, email: str) -> tuple[int, str]:
    """A single-use personal link for one address; returns (invite id, token)."""
    token = new_token()
    with writing(db):
        invite_id = db["invites"].insert({
            "assessment_id": assessment_id, "label": email, "email": email, "token_hash": token_hash(token),
            "created_at": now(), "used_at": None, "respondent_id": None, "sent_at": now()}).last_pk
    return invite_id, token


def invites_to_remind(db: Database, assessment_id: int) -> list[dict]:
    """Emailed invitations not used and not reminded yet."""
    rows = db.execute("select id, email from invites where assessment_id = ? and email is not null "
                      "and used_at is null and reminded_at is null and sent_at is not null order by id", [assessment_id]).fetchall()
    return [{"id": row[0], "email": row[1]} for row in rows]


def renew_for_reminder(db: Database, invite_id: int) -> str:
    """A new token for an invitation's one reminder (only hashes are kept, so the first link cannot be resent)."""
    token = new_token()
    with writing(db):
        db.execute("update invites set token_hash = ?, reminded_at = ? where id = ?",
                   [token_hash(token), now(), invite_id])
    return token


def invitation_states(db: Database, assessment_id: int) -> list[dict]:
    """Every personal link with its address or label, and whether it was used or reminded."""
    rows = db.execute("select id, label, email, created_at, used_at, reminded_at, sent_at from invites "
                      "where assessment_id = ? order by id", [assessment_id]).fetchall()
    return [dict(zip(("id", "label", "email", "created_at", "used_at", "reminded_at", "sent_at"), row)) for row in rows]
