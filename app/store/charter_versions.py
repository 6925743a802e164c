"""Charter versions and the sponsor's approvals (no Flask).

Every saved charter is a version: a snapshot of all its sections and tables as JSON. Saves close
together (an editing session, the builder's autosave) amend the newest version until it has been sent
for approval; a version that was sent never changes again. An approval request is reached through a
link whose token is stored only as a hash; it works until its expiry date, and is decided once.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from app.store.core import new_token, now, token_hash, writing

SESSION = timedelta(minutes=30)  # saves within this time of a version's creation amend it
APPROVED, CHANGES = "approved", "changes"


@dataclass(frozen=True)
class CharterVersion:
    id: int
    assessment_id: int
    number: int
    content: dict
    digest: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Approval:
    id: int
    assessment_id: int
    version_id: int
    version_number: int
    sponsor_name: str
    sponsor_email: str | None
    created_at: str
    expires_at: str
    review_on: str
    decision: str | None
    decided_at: str | None
    decided_by: str | None
    comment: str | None
    pdf_sha256: str | None
    reminded_at: str | None

    def state(self, today: str) -> str:
        """"approved", "changes" (the sponsor asked for changes), "expired" or "pending" on an ISO date."""
        if self.decision:
            return self.decision
        return "expired" if today > self.expires_at else "pending"


def digest(content: dict) -> str:
    """A digest of a charter's content: the same text and tables give the same digest."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


_VERSION = "id, assessment_id, number, content, digest, created_at, updated_at"
_APPROVAL = ("a.id, a.assessment_id, a.version_id, v.number, a.sponsor_name, a.sponsor_email, a.created_at, "
             "a.expires_at, a.review_on, a.decision, a.decided_at, a.decided_by, a.comment, a.pdf_sha256, "
             "a.reminded_at")
_APPROVALS = f"select {_APPROVAL} from charter_approvals a join charter_versions v on v.id = a.version_id " \
             "and v.assessment_id = a.assessment_id"


def _version(row) -> CharterVersion:
    return CharterVersion(row[0], row[1], row[2], json.loads(row[3]), *row[4:])


def versions(db: Database, assessment_id: int) -> list[CharterVersion]:
    """An assessment's charter versions, newest first."""
    rows = db.execute(f"select {_VERSION} from charter_versions where assessment_id = ? order by number desc",
                      [assessment_id]).fetchall()
    return [_version(row) for row in rows]


def version(db: Database, assessment_id: int, version_id: int) -> CharterVersion | None:
    """One of this assessment's versions; None for an unknown id or another assessment's version."""
    row = db.execute(f"select {_VERSION} from charter_versions where id = ? and assessment_id = ?",
                     [version_id, assessment_id]).fetchone()
    return _version(row) if row else None


def _sent(db: Database, version_id: int) -> bool:
    return db.execute("select 1 from charter_approvals where version_id = ?", [version_id]).fetchone() is not None


def record_version(db: Database, assessment_id: int, content: dict, at: datetime | None = None) -> CharterVersion:
    """Keep the charter as it now stands: the newest version when unchanged, amended within an editing session
    that has not been sent for approval, else a new version."""
    at = at or datetime.now(UTC)
    stamp, found, text = at.isoformat(timespec="seconds"), digest(content), json.dumps(content, ensure_ascii=False)
    with writing(db):
        # The newest version only, and whether it was sent, in one query (not every version's content).
        row = db.execute(f"select {_VERSION}, exists(select 1 from charter_approvals a where a.version_id = v.id) "
                         "from charter_versions v where assessment_id = ? order by number desc limit 1",
                         [assessment_id]).fetchone()
        latest, sent = (_version(row[:-1]), bool(row[-1])) if row else (None, False)
        if latest and latest.digest == found:
            return latest
        if latest and not sent and at - datetime.fromisoformat(latest.created_at) < SESSION:
            db.execute("update charter_versions set content = ?, digest = ?, updated_at = ? where id = ?",
                       [text, found, stamp, latest.id])
            return CharterVersion(latest.id, assessment_id, latest.number, content, found, latest.created_at, stamp)
        number = (latest.number if latest else 0) + 1
        new_id = db.execute("insert into charter_versions (assessment_id, number, content, digest, created_at, "
                            "updated_at) values (?, ?, ?, ?, ?, ?)",
                            [assessment_id, number, text, found, stamp, stamp]).lastrowid
    return CharterVersion(new_id, assessment_id, number, content, found, stamp, stamp)


def request_approval(db: Database, assessment_id: int, version_id: int, sponsor_name: str, expires_at: str,
                     review_on: str, sponsor_email: str | None = None) -> tuple[Approval, str] | None:
    """Send one of this assessment's versions for approval: the request and its link token (shown once)."""
    if version(db, assessment_id, version_id) is None:
        return None
    token = new_token()
    with writing(db):
        approval_id = db["charter_approvals"].insert({
            "assessment_id": assessment_id, "version_id": version_id, "token_hash": token_hash(token),
            "sponsor_name": sponsor_name.strip(), "sponsor_email": (sponsor_email or "").strip() or None,
            "created_at": now(), "expires_at": expires_at, "review_on": review_on}).last_pk
    return approval(db, assessment_id, approval_id), token


def approval(db: Database, assessment_id: int, approval_id: int) -> Approval | None:
    """One of this assessment's approval requests."""
    row = db.execute(f"{_APPROVALS} where a.id = ? and a.assessment_id = ?", [approval_id, assessment_id]).fetchone()
    return Approval(*row) if row else None


def approval_by_token(db: Database, token: str) -> Approval | None:
    """The request a link opens, whatever its state; None for an unknown token (or a version not its own)."""
    if not token or len(token) > 200:
        return None
    row = db.execute(f"{_APPROVALS} where a.token_hash = ?", [token_hash(token)]).fetchone()
    return Approval(*row) if row else None


def approvals(db: Database, assessment_id: int) -> list[Approval]:
    """Every approval request of an assessment, newest first."""
    rows = db.execute(f"{_APPROVALS} where a.assessment_id = ? order by a.id desc", [assessment_id]).fetchall()
    return [Approval(*row) for row in rows]


def latest_approval(db: Database, assessment_id: int) -> Approval | None:
    """The newest approval a sponsor gave, if any."""
    return next((a for a in approvals(db, assessment_id) if a.decision == APPROVED), None)


def decide(db: Database, approval_id: int, decision: str, name: str, comment: str = "",
           pdf: bytes | None = None) -> bool:
    """Record the sponsor's decision once (with the approved PDF and its hash); False when already decided."""
    if decision not in (APPROVED, CHANGES):
        raise ValueError(f"unknown decision {decision!r}")
    sha = hashlib.sha256(pdf).hexdigest() if pdf else None
    with writing(db):
        cursor = db.execute(
            "update charter_approvals set decision = ?, decided_at = ?, decided_by = ?, comment = ?, pdf = ?, "
            "pdf_sha256 = ? where id = ? and decision is null",
            [decision, now(), name.strip(), comment.strip() or None, pdf, sha, approval_id])
    return cursor.rowcount == 1


def approved_pdf(db: Database, assessment_id: int, approval_id: int) -> bytes | None:
    """The PDF exactly as the sponsor approved it."""
    row = db.execute("select pdf from charter_approvals where id = ? and assessment_id = ? and decision = ?",
                     [approval_id, assessment_id, APPROVED]).fetchone()
    return row[0] if row else None


def due_reviews(db: Database, today: str) -> list[Approval]:
    """The newest approval of each assessment whose review date has come, not yet reminded."""
    rows = db.execute(
        f"{_APPROVALS} where a.decision = ? and a.review_on <= ? and a.reminded_at is null and a.id = "
        "(select max(b.id) from charter_approvals b where b.assessment_id = a.assessment_id and b.decision = ?) "
        "order by a.review_on", [APPROVED, today, APPROVED]).fetchall()
    return [Approval(*row) for row in rows]


def mark_reminded(db: Database, approval_id: int) -> None:
    """The review reminder was mailed: it is not sent again."""
    with writing(db):
        db.execute("update charter_approvals set reminded_at = ? where id = ?", [now(), approval_id])
