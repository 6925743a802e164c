"""Facilitator account security: session generations, password resets, attempt limits (no Flask).

Accounts themselves (create, look up by email or id) live in app.store.workshop.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from app.store.core import new_token, now, token_hash, writing
from app.store.workshop import Facilitator

RESET_LIFETIME = timedelta(hours=1)
UNLOCK_LIFETIME = timedelta(hours=1)
KEEP_ATTEMPTS = timedelta(days=2)  # longer than any window: older attempts are pruned now and then


@dataclass(frozen=True)
class Policy:
    """How attempts on one key are slowed: `free` attempts per `window`, then each waits twice as long as the last."""

    free: int
    window: timedelta
    first_delay: int = 5  # seconds
    max_delay: int = 900  # seconds: past this, one attempt per quarter of an hour

    def delay(self, count: int) -> int:
        """Seconds an attempt waits after the previous one, with `count` attempts already in the window."""
        return 0 if count < self.free else min(self.max_delay, self.first_delay * 2 ** min(count - self.free, 20))


def _since(window: timedelta) -> str:
    return (datetime.now(UTC) - window).isoformat(timespec="seconds")


def reserve_attempt(db: Database, limits: dict[str, int], window: timedelta) -> list[int] | None:
    """Count and record an attempt for every key in one write transaction; None (nothing recorded) when a key is at its limit.

    The attempt counts as a failure until `release_attempt` takes it back, so N requests racing
    each other are N rows: no more than the limit is ever evaluated.
    """
    since, stamp = _since(window), now()
    with writing(db):
        db.execute("delete from sign_in_attempts where at < ?", [_since(max(window, KEEP_ATTEMPTS))])
        for key, limit in limits.items():
            count = db.execute("select count(*) from sign_in_attempts where key = ? and at >= ?", [key, since]).fetchone()[0]
            if count >= limit:
                return None
        return [db.execute("insert into sign_in_attempts (key, at) values (?, ?)", [key, stamp]).lastrowid
                for key in limits]


def reserve_slowed(db: Database, policies: dict[str, Policy]) -> tuple[list[int] | None, int]:
    """Record an attempt on every key in one write transaction: (attempt ids, 0), or (None, seconds to wait) when a
    key's growing delay since its last attempt has not passed; nothing is recorded then, so waiting is never punished.
    """
    stamp = datetime.now(UTC)
    with writing(db):
        if random.random() < 0.02:
            db.execute("delete from sign_in_attempts where at < ?", [_since(KEEP_ATTEMPTS)])
        wait = 0.0
        for key, policy in policies.items():
            count, last = db.execute("select count(*), max(at) from sign_in_attempts where key = ? and at >= ?",
                                     [key, _since(policy.window)]).fetchone()
            if count and policy.delay(count):
                waited = (stamp - datetime.fromisoformat(last)).total_seconds()
                wait = max(wait, policy.delay(count) - waited)
        if wait > 0:
            return None, math.ceil(wait)
        # Microseconds: a delay of a few seconds must not lose most of a second to a stamp cut to the second.
        return [db.execute("insert into sign_in_attempts (key, at) values (?, ?)", [key, stamp.isoformat()]).lastrowid
                for key in policies], 0


def release_attempt(db: Database, attempt_ids: list[int]) -> None:
    """Take back reserved attempts that succeeded."""
    with writing(db):
        db.conn.executemany("delete from sign_in_attempts where id = ?", [[i] for i in attempt_ids])


def session_generation(db: Database, facilitator_id: int) -> int | None:
    """The facilitator's current session generation; a session cookie with another one is void."""
    row = db.execute("select session_generation from facilitators where id = ?", [facilitator_id]).fetchone()
    return row[0] if row else None


def end_sessions(db: Database, facilitator_id: int) -> None:
    """Void every session of this facilitator (sign-out, password change)."""
    with writing(db):
        db.execute("update facilitators set session_generation = session_generation + 1 where id = ?", [facilitator_id])


def set_password(db: Database, facilitator_id: int, password_hash: str) -> None:
    """Change the password, end every session and void outstanding reset links."""
    with writing(db):
        db.execute("update facilitators set password_hash = ?, session_generation = session_generation + 1 where id = ?",
                   [password_hash, facilitator_id])
        db.execute("update password_resets set used_at = ? where facilitator_id = ? and used_at is null",
                   [now(), facilitator_id])


def create_password_reset(db: Database, facilitator_id: int) -> tuple[str, str]:
    """A single-use reset token valid for an hour (only its hash is stored); returns (token, expires_at)."""
    token = new_token()
    expires = (datetime.now(UTC) + RESET_LIFETIME).isoformat(timespec="seconds")
    with writing(db):
        db["password_resets"].insert({"facilitator_id": facilitator_id, "token_hash": token_hash(token),
                                      "created_at": now(), "expires_at": expires, "used_at": None})
    return token, expires


def facilitator_by_reset_token(db: Database, token: str) -> Facilitator | None:
    """The facilitator an unused, unexpired reset token belongs to."""
    if not token or len(token) > 200:
        return None
    row = db.execute(
        "select f.id, f.email, f.name, f.password_hash from password_resets r join facilitators f on f.id = r.facilitator_id "
        "where r.token_hash = ? and r.used_at is null and r.expires_at > ?", [token_hash(token), now()]).fetchone()
    return Facilitator(*row) if row else None


def create_unlock_link(db: Database, facilitator_id: int) -> str:
    """A single-use unlock token valid for an hour (only its hash is stored)."""
    token = new_token()
    expires = (datetime.now(UTC) + UNLOCK_LIFETIME).isoformat(timespec="seconds")
    with writing(db):
        db["unlock_links"].insert({"facilitator_id": facilitator_id, "token_hash": token_hash(token),
                                   "created_at": now(), "expires_at": expires, "used_at": None})
    return token


def use_unlock_link(db: Database, token: str, spend: bool = True) -> Facilitator | None:
    """The facilitator an unused, unexpired unlock token belongs to (spent when `spend`), or None."""
    if not token or len(token) > 200:
        return None
    with writing(db):
        row = db.execute(
            "select u.id, f.id, f.email, f.name, f.password_hash from unlock_links u join facilitators f "
            "on f.id = u.facilitator_id where u.token_hash = ? and u.used_at is null and u.expires_at > ?",
            [token_hash(token), now()]).fetchone()
        if row and spend:
            db.execute("update unlock_links set used_at = ? where id = ?", [now(), row[0]])
    return Facilitator(*row[1:]) if row else None
